"""A real HTTP server on 127.0.0.1 (Werkzeug's, threaded) for the tests that need real sockets:
simultaneous posts, chunked bodies. Bounded: every request has a timeout."""

import contextlib
import http.client
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from pages import CSRF_FIELD
from werkzeug.serving import make_server

TIMEOUT = 30


@contextlib.contextmanager
def live_server(app) -> Iterator[tuple[str, int]]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", server.server_port
    finally:
        server.shutdown()
        thread.join(TIMEOUT)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class SocketBrowser:
    """A browser over real HTTP: keeps its cookies, reads the CSRF token from each page."""

    address: tuple[str, int]
    cookies: dict[str, str] = field(default_factory=dict)
    token: str | None = None

    def request(self, method, path, body=None, headers=None, encode_chunked=False) -> Reply:
        connection = http.client.HTTPConnection(*self.address, timeout=TIMEOUT)
        try:
            sent = dict(headers or {})
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers=sent, encode_chunked=encode_chunked)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            found = CSRF_FIELD.search(text)
            if found:
                self.token = found.group(1)
            return Reply(response.status, dict(response.headers), text)
        finally:
            connection.close()

    def get(self, path) -> Reply:
        return self.request("GET", path)

    def post(self, path, fields: dict[str, str]) -> Reply:
        from urllib.parse import urlencode

        body = urlencode({"csrf_token": self.token or "", **fields})
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, body, headers)

    def copy(self) -> "SocketBrowser":
        return SocketBrowser(self.address, dict(self.cookies), self.token)


def simultaneously(actions, timeout: float = TIMEOUT) -> list:
    """Run the callables at the same moment (a barrier), each in its own thread; their results."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def run(index, action):
        barrier.wait(timeout)
        try:
            results[index] = action()
        except Exception as error:  # reported as a result: the test says what it expected
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        assert not thread.is_alive(), "a request did not finish in time"
    return results


def location_id(reply: Reply) -> int:
    return int(re.search(r"/(\d+)$", reply.headers["Location"]).group(1))
