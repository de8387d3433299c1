"""Links meant to leave the page (join links, QR codes, e-mails): never on a host the client chose.

A request's own Host header (or, behind a proxy, its X-Forwarded-Host) is the client's to choose;
a join link or a reset e-mail built from it could send a class, or a teacher's reset token, to
another site. So such links are built on PUBLIC_URL when it is set; otherwise on the request's
address only if its host is an allowed one: one of TRUSTED_HOSTS (Flask refuses the others), or,
with no such list, one of this machine's own names and addresses. Otherwise there is no link.
"""

import contextlib
import functools
import socket
from urllib.parse import urlsplit

from flask import Flask, current_app, request, url_for

LOOPBACK = ("localhost", "127.0.0.1", "::1")
# A documentation address (RFC 5737): connecting a UDP socket to it sends nothing, and tells
# which of this machine's addresses its default route goes out from.
_ROUTE_PROBE = ("192.0.2.1", 9)


def public_url_for(endpoint: str, **values) -> str | None:
    """The absolute URL of `endpoint` on the public address; None if no trustworthy address is
    known (no PUBLIC_URL, and the request came to a host that is not allowed)."""
    base = public_base()
    return base + url_for(endpoint, **values) if base else None


def public_base() -> str | None:
    """PUBLIC_URL, else the request's own address if its host is allowed, else None."""
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base.rstrip("/")
    if current_app.config.get("TRUSTED_HOSTS") or host_name(request.host) in own_host_names():
        return request.host_url.rstrip("/")
    return None


def host_name(host: str) -> str | None:
    """The name part of a Host header ("Quiz.example:8000" -> "quiz.example"), None if unreadable."""
    try:
        return urlsplit(f"//{host}").hostname
    except ValueError:
        return None


@functools.cache
def own_host_names() -> frozenset[str]:
    """This machine's own names and addresses: loopback, its host name and what that resolves
    to, and the address its default route goes out from (how a school network reaches it)."""
    names = {*LOOPBACK, socket.gethostname()}
    with contextlib.suppress(OSError):
        names.update(info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None))
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(_ROUTE_PROBE)
        names.add(probe.getsockname()[0])
    return frozenset(name.lower() for name in names if name)


def configure_hosts(app: Flask) -> None:
    """TRUSTED_HOSTS as Flask wants it: None (any host) or a list; the PUBLIC_URL's host when the
    operator set a public address and no host list."""
    hosts = [h for h in (app.config.get("TRUSTED_HOSTS") or []) if h]
    public = app.config.get("PUBLIC_URL")
    if not hosts and public:
        hosts = [urlsplit(public).hostname or ""]
    app.config["TRUSTED_HOSTS"] = [h for h in hosts if h] or None
