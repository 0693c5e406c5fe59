"""The endpoints table: medians over rounds, ratios to the bare 302, bars met or not, refusals."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import Any

from bench.wrk_scripts import Tally

BARE = "bare"


@dataclass(frozen=True)
class Bar:
    """What issue 10 asks of a row: a share of the bare app's req/s, and a p99 ceiling."""

    min_ratio: float
    max_p99_ms: float

    def text(self) -> str:
        """The bar as the table shows it."""
        return f"≥{self.min_ratio:.2f}x, p99 ≤ {self.max_p99_ms:g} ms"


@dataclass(frozen=True)
class Row:
    """A measured row: what its wrk scripts saw, and what it should have seen."""

    name: str
    label: str
    bar: Bar
    tally: Tally
    expected: int


@dataclass(frozen=True)
class Figures:
    """One target's medians over the rounds, and what went wrong on its sockets."""

    rps: float
    p50: float
    p99: float
    per_round: list[float]
    timeouts: int
    socket_errors: list[str]


def figures(records: list[dict[str, Any]], name: str) -> Figures:
    """The medians of one target over its rounds, in round order."""
    mine = sorted((r for r in records if r["name"] == name), key=lambda r: r["round"])
    errors = [r["socket_errors"] for r in mine if r["socket_errors"]]
    return Figures(
        rps=statistics.median(r["rps"] for r in mine),
        p50=statistics.median(r["p50"] for r in mine),
        p99=statistics.median(r["p99"] for r in mine),
        per_round=[r["rps"] for r in mine],
        timeouts=sum(int(m[1]) for e in errors if (m := re.search(r"timeout (\d+)", e))),
        socket_errors=errors,
    )


def refusal(row: Row) -> str | None:
    """Why the row's figures would be a lie, or None when every answer was the expected one."""
    t = row.tally
    if t.other:
        return f"{t.other} answers were not {row.expected} (e.g. {t.other_status})"
    if not t.expected:
        return f"wrk read no {row.expected} at all"
    return None


def shares_check(row: Row, *, stored: int, connections: int) -> tuple[bool, str]:
    """Every 201 wrk read must be a stored share; the answers left unread at wrk's deadline
    (at most one a connection and run, and one a timed-out request) may add to them."""
    created = row.tally.expected
    unread = stored - created
    most = connections * row.tally.runs + row.tally.errors
    ok = 0 <= unread <= most
    return ok, (
        f"shares: wrk read {created} answers 201 over {row.tally.runs} runs (warm-ups included), "
        f"share_event gained {stored} rows, {unread} answered after wrk's deadline "
        f"(at most {most}: {connections} a run, {row.tally.errors} socket errors): "
        f"{'every 201 stored' if ok else 'MISMATCH'}"
    )


def report(
    records: list[dict[str, Any]], rows: list[Row], *, shares_stored: int, connections: int
) -> tuple[str, bool]:
    """The Markdown table and its notes; whether any row was refused."""
    bare = figures(records, BARE)
    lines = [
        "| endpoint | req/s | p50 ms | p99 ms | ratio | bar | |",
        "|---|---:|---:|---:|---:|---|---|",
        f"| bare ASGI 302 (raw_redirect) | {bare.rps:.0f} | {bare.p50:.2f} | {bare.p99:.2f} "
        "| 1.00 | reference | |",
    ]
    notes: list[str] = []
    refused = False
    bare_status = {r["probe_status"] for r in records if r["name"] == BARE}
    if bare_status != {302} or any(r["non2xx3xx"] for r in records if r["name"] == BARE):
        refused = True
        notes.append(f"bare: refused, it answered {sorted(bare_status)} instead of 302")
    for row in rows:
        if problem := refusal(row):
            refused = True
            lines.append(f"| {row.label} | refused: {problem} | | | | {row.bar.text()} | |")
            continue
        f = figures(records, row.name)
        ratio = f.rps / bare.rps
        met = ratio >= row.bar.min_ratio and f.p99 <= row.bar.max_p99_ms and not f.timeouts
        if row.name == "shares":
            stored_ok, note = shares_check(row, stored=shares_stored, connections=connections)
            met = met and stored_ok
            notes.append(note)
        lines.append(
            f"| {row.label} | {f.rps:.0f} | {f.p50:.2f} | {f.p99:.2f} | {ratio:.3f} "
            f"| {row.bar.text()} | {'met' if met else 'not met'} |"
        )
        if len(f.per_round) > 1:
            per = ", ".join(
                f"{rps / b:.3f}" for rps, b in zip(f.per_round, bare.per_round, strict=True)
            )
            notes.append(f"{row.name}: ratio per round {per}")
        if f.socket_errors:
            notes.append(f"{row.name}: socket errors {'; '.join(f.socket_errors)}")
    return "\n".join([*lines, "", *(f"- {n}" for n in notes)]), refused
