"""A real webhook receiver on loopback that records every request and verifies its signature."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook

Answer = tuple[int, dict[str, str]]


@dataclass
class Received:
    """One request as the receiver saw it, and what it answered (None: no answer)."""

    path: str
    headers: dict[str, str]
    body: bytes
    client_port: int
    at: float
    answered: int | None = None

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]

    def verify(self, secret: str) -> object:
        """The payload, if the signature verifies with `secret` (standardwebhooks raises if not)."""
        return Webhook(secret).verify(self.body, self.headers)


@dataclass
class Receiver:
    """Answers 200 unless told otherwise per path; can be slow, and can hold one request."""

    port: int = 0
    requests: list[Received] = field(default_factory=list)
    answers: dict[str, deque[Answer]] = field(default_factory=dict)
    delay: float = 0.0
    trap_at: int | None = None
    trapped: Received | None = None
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, path: str, status: int, headers: dict[str, str] | None = None) -> None:
        """Answer the next request to `path` with this status (queued, one request each)."""
        self.answers.setdefault(path, deque()).append((status, headers or {}))

    def to(self, path: str) -> list[Received]:
        return [r for r in self.requests if r.path == path]

    def wait_for(self, count: int, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.requests) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"received {len(self.requests)} of {count} requests")
            time.sleep(0.02)

    def record(self, received: Received) -> Answer | None:
        with self.lock:
            self.requests.append(received)
            if self.trap_at is not None and len(self.requests) == self.trap_at:
                self.trapped = received
                return None
            queue = self.answers.get(received.path)
            return queue.popleft() if queue else (200, {})


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real receivers do

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {k.lower(): v for k, v in self.headers.items()}
            received = Received(self.path, headers, body, self.client_address[1], time.time())
            answer = receiver.record(received)
            if answer is None:
                # The trap: hold the request, then hang up without answering.
                receiver.release.wait(60)
                self.close_connection = True
                return
            time.sleep(receiver.delay)
            self.send_response(answer[0])
            for name, value in answer[1].items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
            received.answered = answer[0]

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def receiving() -> Iterator[Receiver]:
    """A webhook receiver served on 127.0.0.1 in a thread (tests wrap it in a fixture)."""
    state = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    state.release.set()
    server.shutdown()
    server.server_close()
