"""A real web server on loopback that serves the pages a test sets up: tagged or bare HTML,
other types, odd charsets, redirects, huge or slow bodies. It counts what it sent."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    """One answer: status, headers, and a body sent in pieces (with a pause between them)."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})
    pieces: Callable[[], Iterable[bytes]] = lambda: ()
    length: int | None = None  # Content-Length; None: the body's own length, when it is bytes
    pause: float = 0.0
    delay: float = 0.0  # before the status line


@dataclass
class Site:
    """The pages by path, the requests received and the body bytes sent per path."""

    port: int = 0
    pages: dict[str, Page] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=dict)
    done: dict[str, threading.Event] = field(default_factory=dict)

    def url(self, path: str, *, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def html(self, path: str, body: bytes | str, **headers: str) -> str:
        """Serve `body` as text/html (UTF-8 unless headers say otherwise) at `path`."""
        data = body.encode() if isinstance(body, str) else body
        answer = {"Content-Type": "text/html; charset=utf-8", **_header_names(headers)}
        return self.serve(path, Page(headers=answer, pieces=lambda: [data], length=len(data)))

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        return self.serve(path, Page(status=status, headers={"Location": location}, length=0))

    def serve(self, path: str, page: Page) -> str:
        self.pages[path] = page
        self.done[path] = threading.Event()
        return self.url(path)

    def sent_to(self, path: str, timeout: float = 10.0) -> int:
        """The body bytes sent for `path`, once the server has stopped sending them."""
        assert self.done[path].wait(timeout), f"the server is still sending {path}"
        return self.sent[path]


def _header_names(headers: dict[str, str]) -> dict[str, str]:
    return {name.replace("_", "-").title(): value for name, value in headers.items()}


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            page = site.pages.get(self.path) or Page(status=404, length=0)
            time.sleep(page.delay)
            sent = 0
            try:
                self.send_response(page.status)
                for name, value in page.headers.items():
                    self.send_header(name, value)
                if page.length is not None:
                    self.send_header("Content-Length", str(page.length))
                else:
                    self.send_header("Connection", "close")
                self.end_headers()
                for piece in page.pieces():
                    self.wfile.write(piece)
                    self.wfile.flush()
                    sent += len(piece)
                    time.sleep(page.pause)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client stopped reading: so do we
            finally:
                site.sent[self.path] = sent
                if self.path in site.done:
                    site.done[self.path].set()

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def web_site() -> Iterator[Site]:
    """A web server on 127.0.0.1 in a thread (tests wrap it in a fixture)."""
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
