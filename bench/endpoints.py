"""The request path against its baseline (issue 10): five endpoints, one run, ratios to a bare 302.

Run by hand or with `make bench` (never in tests), from the project folder:

    .venv/bin/python -m bench.endpoints --shared ../shared/bench --rounds 2

It seeds a fresh SQLite database (the demo organisation, 20 000 short links, an API key
with content:read and shares:write, and a session signed in over HTTP through the demo
sign-in), checks that every row answers the status it should with the exact request wrk
will send, then runs the shared harness once over all targets: the bare ASGI 302, then
`gladshare serve` (1 worker, SQLite, every middleware on, rate limits at ceilings the load
never reaches) for each row. wrk's Lua counts every answer's status; a row that saw a
status other than its own is refused, not reported. The shares row also checks that
every 201 wrk read is a stored share.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from app.models import ShareEvent
from bench.report import Bar, Row, report
from bench.seeding import (
    GLADSHARE,
    ROOT,
    DemoFixture,
    free_port,
    gladshare_env,
    row_count,
    seed_demo_fixture,
    start_gladshare,
    stop_gladshare,
)
from bench.wrk_scripts import Requests, read_tally, write_script

LINKS = 20_000
BARE_URL = "http://127.0.0.1:{port}/s/7df8QUi"
# A person's browser: the redirect checks every User-Agent for a preview fetcher, and a
# browser's is the one it must read to the end without a match.
BROWSER = {
    "User-Agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36"
}


@dataclass(frozen=True)
class Endpoint:
    """One measured row: its requests and the bar it has to reach."""

    name: str
    label: str
    requests: Requests
    bar: Bar


def endpoints(fixture: DemoFixture) -> list[Endpoint]:
    """The rows of issue 10, with its bars."""
    bearer = {"Authorization": f"Bearer {fixture.api_key}"}
    share = json.dumps({"content_id": fixture.content_id, "network": "linkedin"})
    cookie = {"Cookie": "=".join(fixture.cookie)}
    return [
        Endpoint(
            "s_one",
            "GET /s/{code}, one code",
            Requests("GET", [f"/s/{fixture.codes[0]}"], 302, BROWSER),
            Bar(0.50, 15),
        ),
        Endpoint(
            "s_random",
            f"GET /s/{{code}}, random of {len(fixture.codes):,}",
            Requests("GET", [f"/s/{code}" for code in fixture.codes], 302, BROWSER),
            Bar(0.30, 20),
        ),
        Endpoint(
            "content_list",
            "GET /api/v1/content?limit=20",
            Requests("GET", ["/api/v1/content?limit=20"], 200, bearer),
            Bar(0.06, 100),
        ),
        Endpoint(
            "feed", "GET /feed (signed in)", Requests("GET", ["/feed"], 200, cookie), Bar(0.05, 150)
        ),
        Endpoint(
            "shares",
            "POST /api/v1/shares",
            Requests(
                "POST",
                ["/api/v1/shares"],
                201,
                {**bearer, "Content-Type": "application/json"},
                share,
            ),
            Bar(0.04, 150),
        ),
    ]


def preflight(url: str, rows: list[Endpoint]) -> list[str]:
    """Send each row's request once to a running server; what answered with the wrong status."""
    port = free_port()
    server = start_gladshare(url, port)
    wrong = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            for row in rows:
                r = row.requests
                answer = client.request(r.method, r.paths[0], headers=r.headers, content=r.body)
                if answer.status_code != r.expected:
                    wrong.append(
                        f"{row.label}: answered {answer.status_code}, not {r.expected}: "
                        f"{answer.text[:200]!r}"
                    )
    finally:
        stop_gladshare(server)
    return wrong


def run_harness(args: argparse.Namespace, url: str, rows: list[Endpoint], tmp: Path) -> Path:
    """All targets in one invocation of run_bench.py; the JSON lines it wrote."""
    shared = Path(args.shared).resolve()
    uvicorn = shlex.quote(str(ROOT / ".venv/bin/uvicorn"))
    bare = (
        f"cd {shlex.quote(str(shared))} && {uvicorn} --host 127.0.0.1 --port {{port}} "
        "--no-access-log baseline_apps:raw_redirect"
    )
    serve = f"{shlex.quote(str(GLADSHARE))} serve --port {{port}}"
    results = tmp / "results.jsonl"
    command = [sys.executable, str(shared / "run_bench.py"), "-d", str(args.duration)]
    command += ["-t2", "-c32", "--warmup", str(args.warmup), "--rounds", str(args.rounds)]
    command += ["--logdir", str(tmp), "--json", str(results)]
    command += ["--target", "bare", bare, BARE_URL]
    for row in rows:
        script = tmp / f"{row.name}.lua"
        write_script(row.requests, script=script, tally=tmp / f"{row.name}.tally")
        # The URL only picks the server; the script sends the row's own requests.
        target = f"http://127.0.0.1:{{port}}{row.requests.paths[0]}"
        command += ["--target", row.name, serve, target, str(script)]
    subprocess.run(command, env=gladshare_env(url), cwd=ROOT, check=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("-d", "--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--out", type=Path, help="also write the table (Markdown) here")
    parser.add_argument("--only", help="measure only these rows, e.g. content_list,feed")
    args = parser.parse_args()
    if not (Path(args.shared) / "run_bench.py").exists():
        parser.error(f"no run_bench.py in {args.shared}: pass --shared (BENCH_SHARED=…)")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        url = f"sqlite:///{tmp / 'bench.db'}"
        fixture = seed_demo_fixture(url, links=LINKS)
        rows = endpoints(fixture)
        if args.only:
            rows = [row for row in rows if row.name in args.only.split(",")]
        if wrong := preflight(url, rows):
            sys.exit("refusing to measure:\n  " + "\n  ".join(wrong))
        shares_before = row_count(url, ShareEvent)
        results = run_harness(args, url, rows, tmp)
        records = [json.loads(line) for line in results.read_text().splitlines()]
        measured = [
            Row(e.name, e.label, e.bar, read_tally(tmp / f"{e.name}.tally"), e.requests.expected)
            for e in rows
        ]
        table, refused = report(
            records,
            measured,
            shares_stored=row_count(url, ShareEvent) - shares_before,
            connections=32,
        )
    print(table)
    if args.out:
        args.out.write_text(table + "\n")
    if refused:
        sys.exit(1)


if __name__ == "__main__":
    main()
