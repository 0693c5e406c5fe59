"""Benchmark of the public redirect /s/{code} against a bare ASGI 302, plus a durability check.

Run by hand (never in tests), from the project folder:

    .venv/bin/python -m bench.redirect --shared ../shared/bench -d 10 --rounds 2

1. Throughput: the shared harness (run_bench.py, wrk -t2 -c32) runs the bare ASGI
   app that answers a fixed 302 and `gladshare serve` (1 worker, SQLite) in turns;
   gladshare's req/s is reported as a ratio of the bare app's, with p50 and p99.
2. Durability: wrk hammers `gladshare serve` while counting the 302s it sees; the
   server gets SIGTERM; the clicks stored must equal the 302s.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from sqlalchemy import func, select

from app.db import make_engine, transaction
from app.models import ShortLink
from bench.seeding import (
    ROOT,
    add_items,
    add_short_links,
    free_port,
    gladshare_env,
    start_gladshare,
    stop_gladshare,
)

CONNECTIONS = 32
COUNTING_LUA = """
local codes = {%s}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) redirects = 0; math.randomseed(os.time() + math.floor(os.clock() * 1e6)) end
function request() return wrk.format("GET", "/s/" .. codes[math.random(#codes)]) end
function response(status, headers, body) if status == 302 then redirects = redirects + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("redirects") end
  io.write(string.format("redirects=%%d\\n", total))
end
"""


def seed(url: str, *, items: int, links: int) -> list[str]:
    """A migrated database with `items` published items and `links` short links."""
    return add_short_links(url, content_ids=add_items(url, count=items), count=links)


def stored_clicks(url: str) -> int:
    engine = make_engine(url)
    with transaction(engine, write=False) as session:
        total = session.scalar(select(func.coalesce(func.sum(ShortLink.clicks), 0)))
    engine.dispose()
    return int(total or 0)


def throughput(args: argparse.Namespace, url: str, code: str) -> None:
    shared = Path(args.shared).resolve()
    uvicorn = shlex.quote(str(ROOT / ".venv/bin/uvicorn"))
    gladshare = shlex.quote(str(ROOT / ".venv/bin/gladshare"))
    bare = (
        f"cd {shlex.quote(str(shared))} && {uvicorn} --host 127.0.0.1 --port {{port}} "
        "--no-access-log baseline_apps:raw_redirect"
    )
    command = [
        sys.executable,
        str(shared / "run_bench.py"),
        "-d",
        str(args.duration),
        "--rounds",
        str(args.rounds),
        "--target",
        "bare_302",
        bare,
        "http://127.0.0.1:{port}/s/7df8QUi",
        "--target",
        "gladshare",
        f"{gladshare} serve --port {{port}}",
        f"http://127.0.0.1:{{port}}/s/{code}",
    ]
    subprocess.run(command, env=gladshare_env(url), cwd=ROOT, check=True)


def durability(args: argparse.Namespace, url: str, codes: list[str], tmp: Path) -> None:
    lua = tmp / "count.lua"
    lua.write_text(COUNTING_LUA % ",".join(f'"{c}"' for c in codes))
    port = free_port()
    before = stored_clicks(url)
    server = start_gladshare(url, port)
    out = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{args.duration}s", "-s", str(lua), f"http://127.0.0.1:{port}/"],
        capture_output=True,
        text=True,
        check=True,
    )
    stop_gladshare(server)  # right after the load: clicks still buffered
    redirects = int(out.stdout.rsplit("redirects=", 1)[1].split()[0])
    stored = stored_clicks(url) - before
    # wrk stops at its deadline without reading the answers still on the wire: the
    # server did redirect (and count) those, at most one per connection.
    in_flight = stored - redirects
    verdict = "OK" if 0 <= in_flight <= CONNECTIONS else "MISMATCH"
    print(
        f"durability (wrk): wrk read {redirects} redirects, database stored {stored} clicks, "
        f"{in_flight} left in flight at wrk's deadline (at most {CONNECTIONS}): {verdict}"
    )


def exact_durability(url: str, codes: list[str], total: int) -> None:
    """A client that reads every answer: the stored clicks must equal its 302s exactly."""
    port = free_port()
    before = stored_clicks(url)
    server = start_gladshare(url, port)
    seen = asyncio.run(fixed_load(f"http://127.0.0.1:{port}", codes, total))
    stop_gladshare(server)
    stored = stored_clicks(url) - before
    verdict = "OK" if stored == seen == total else "MISMATCH"
    print(f"durability (exact): sent {total}, read {seen} redirects, stored {stored}: {verdict}")


async def fixed_load(base_url: str, codes: list[str], total: int) -> int:
    """`total` GETs over CONNECTIONS connections; returns how many answered 302."""
    rng = random.Random(11)
    paths = [f"/s/{rng.choice(codes)}" for _ in range(total)]
    limits = httpx.Limits(max_connections=CONNECTIONS)
    async with httpx.AsyncClient(base_url=base_url, limits=limits) as client:

        async def worker(chunk: list[str]) -> int:
            return sum([(await client.get(p)).status_code == 302 for p in chunk])

        counts = await asyncio.gather(*(worker(paths[i::CONNECTIONS]) for i in range(CONNECTIONS)))
    return sum(counts)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("-d", "--duration", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--durability-only",
        action="store_true",
        help="skip the throughput run (bench/endpoints.py measures /s/ against the bare app)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        url = f"sqlite:///{tmp / 'bench.db'}"
        codes = seed(url, items=1000, links=20000)
        if not args.durability_only:
            throughput(args, url, codes[0])
        durability(args, url, codes, tmp)
        exact_durability(url, codes, total=20_000)


if __name__ == "__main__":
    main()
