"""wrk Lua scripts that send one row's requests and tally the answers' statuses.

Each script sends requests built once per thread (so wrk spends its CPU on sending, not
on formatting), counts the answers with the expected status and the others, and appends
"expected other last_other_status errors" to a tally file when the run ends: the
warm-up's run and every round's, so that nothing any run saw goes unchecked. The errors
(timeouts, read and write errors) are requests the server may have answered unread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

TEMPLATE = """
local paths = {%(paths)s}
local method, body, expected, tally = %(method)s, %(body)s, %(expected)d, %(tally)s
local headers = {%(headers)s}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  seen, other, other_status = 0, 0, 0
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
  requests = {}
  for i, path in ipairs(paths) do
    local h = {}
    for k, v in pairs(headers) do h[k] = v end
    requests[i] = wrk.format(method, path, h, body)
  end
end
function request() return requests[math.random(#requests)] end
function response(status, headers, body)
  if status == expected then seen = seen + 1 else other = other + 1; other_status = status end
end
function done(summary, latency, requests)
  local s, o, last = 0, 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("seen"); o = o + t:get("other")
    if t:get("other_status") ~= 0 then last = t:get("other_status") end
  end
  local e = summary.errors
  local f = assert(io.open(tally, "a"))
  f:write(string.format("%%d %%d %%d %%d\\n", s, o, last, e.timeout + e.read + e.write))
  f:close()
end
"""


@dataclass(frozen=True)
class Tally:
    """What the runs of one script saw: answers with the expected status, and the others."""

    expected: int = 0
    other: int = 0
    other_status: int = 0
    runs: int = 0
    errors: int = 0


@dataclass(frozen=True)
class Requests:
    """One row's requests: a method, one or more paths picked at random, headers and a body."""

    method: str
    paths: list[str]
    expected: int
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None


def lua_string(text: str) -> str:
    """A Lua string literal; JSON's escapes are Lua's for ASCII text."""
    if not text.isascii():
        raise ValueError(f"not ASCII: {text!r}")
    return json.dumps(text)


def write_script(requests: Requests, *, script: Path, tally: Path) -> None:
    """Write the wrk script for `requests`, which tallies into `tally`."""
    headers = ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in requests.headers.items())
    script.write_text(
        TEMPLATE
        % {
            "paths": ", ".join(lua_string(p) for p in requests.paths),
            "method": lua_string(requests.method),
            "body": "nil" if requests.body is None else lua_string(requests.body),
            "expected": requests.expected,
            "tally": lua_string(str(tally)),
            "headers": headers,
        }
    )


def read_tally(tally: Path) -> Tally:
    """The sum over every run that wrote to `tally`."""
    if not tally.exists():
        return Tally()
    lines = [line.split() for line in tally.read_text().splitlines() if line.strip()]
    others = [int(status) for _, _, status, _ in lines if int(status)]
    return Tally(
        expected=sum(int(seen) for seen, *_ in lines),
        other=sum(int(other) for _, other, *_ in lines),
        other_status=others[-1] if others else 0,
        runs=len(lines),
        errors=sum(int(errors) for *_, errors in lines),
    )
