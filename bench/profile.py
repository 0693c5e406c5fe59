"""Where a request's time goes: an in-process profile of the content list, the feed and a share.

Run by hand (never in tests), from the project folder:

    .venv/bin/python -m bench.profile -n 300 --out var/profile.txt

It seeds the same database as bench/endpoints.py (demo organisation, short links, an API
key, a session signed in over HTTP), then sends N sequential requests to each endpoint
through httpx's ASGI transport, inside pyinstrument (cProfile when pyinstrument is not
installed). pyinstrument sees only the thread it runs on, so the thread pool that plain
`def` routes and dependencies run in is replaced by calling them inline: the profile
shows the work of a request, not the hop to a worker thread (wrk's figures include it).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import importlib.util
import io
import os
import pstats
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio.to_thread
import httpx

from app.config import Settings
from app.main import create_app
from bench.endpoints import LINKS
from bench.seeding import DemoFixture, gladshare_env, seed_demo_fixture

# Without pyinstrument (it is in the dev extra), a cProfile listing instead.
HAS_PYINSTRUMENT = importlib.util.find_spec("pyinstrument") is not None


async def inline(func: Callable[..., Any], *args: Any, **_: Any) -> Any:
    """anyio.to_thread.run_sync without the thread: the profiler sees the route's work."""
    return func(*args)


def requests_for(fixture: DemoFixture) -> dict[str, tuple[str, str, dict[str, str], int]]:
    """Each profiled endpoint: its method, path, headers and the status it must answer."""
    bearer = {"Authorization": f"Bearer {fixture.api_key}"}
    return {
        "GET /api/v1/content?limit=20": ("GET", "/api/v1/content?limit=20", bearer, 200),
        "GET /feed": ("GET", "/feed", {"Cookie": "=".join(fixture.cookie)}, 200),
        "POST /api/v1/shares": ("POST", "/api/v1/shares", bearer, 201),
    }


async def profile_all(fixture: DemoFixture, *, count: int) -> str:
    """Start the app's lifespan once, then profile `count` requests to each endpoint."""
    app = create_app(Settings())
    sections = []
    async with app.router.lifespan_context(app):
        # Writes too run inline rather than on the SQLite writer thread, for the profiler.
        app.state.database._writer = None
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as c:
            share = {"content_id": fixture.content_id, "network": "linkedin"}
            for label, (method, path, headers, status) in requests_for(fixture).items():
                body = share if method == "POST" else None

                async def send(
                    method: str = method,
                    path: str = path,
                    headers: dict[str, str] = headers,
                    body: dict[str, str] | None = body,
                ) -> int:
                    answer = await c.request(method, path, headers=headers, json=body)
                    return answer.status_code

                if (first := await send()) != status:
                    raise SystemExit(f"{label} answered {first}, not {status}: not profiling it")
                for _ in range(20):  # warm caches, pools and the templates' compilation
                    await send()
                plain = await timed(send, count=count)
                sections.append(
                    f"## {label}: {plain:.2f} ms a request without the profiler\n\n"
                    + await profile_one(label, send, count=count)
                )
    return "\n\n".join(sections)


async def timed(send: Callable[[], Awaitable[int]], *, count: int) -> float:
    """Milliseconds a request takes in process, unprofiled: what the profile's shares are of."""
    started = time.perf_counter()
    for _ in range(count):
        await send()
    return (time.perf_counter() - started) / count * 1000


async def profile_one(label: str, send: Callable[[], Awaitable[int]], *, count: int) -> str:
    """The profiler's text report of `count` requests sent one after another."""
    started = time.perf_counter()
    if HAS_PYINSTRUMENT:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(count):
            await send()
        profiler.stop()
        text = profiler.output_text(unicode=True, color=False)
    else:
        cprofile = cProfile.Profile()
        cprofile.enable()
        for _ in range(count):
            await send()
        cprofile.disable()
        out = io.StringIO()
        pstats.Stats(cprofile, stream=out).sort_stats("cumulative").print_stats(40)
        text = out.getvalue()
    per_request = (time.perf_counter() - started) / count * 1000
    return f"{count} requests, {per_request:.2f} ms each under the profiler\n\n{text}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--requests", type=int, default=300)
    parser.add_argument("--out", type=Path, help="write the report here instead of stdout")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        fixture = seed_demo_fixture(url, links=LINKS)
        for name in [n for n in os.environ if n.startswith("GLADSHARE_")]:
            del os.environ[name]
        os.environ.update(gladshare_env(url))
        anyio.to_thread.run_sync = inline  # type: ignore[assignment]
        report = asyncio.run(profile_all(fixture, count=args.requests))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report + "\n")
        print(f"profile written to {args.out}")
    else:
        print(report)


if __name__ == "__main__":
    main()
