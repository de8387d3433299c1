"""Links meant to leave the page (join links, e-mails): always on the configured public address.

A request's own Host header is the client's to choose; a join link built from it could send a
class to another site. With PUBLIC_URL set, every such link uses it; without, the request's
address (acceptable only where TRUSTED_HOSTS limits the hosts the app answers to).
"""

from urllib.parse import urlsplit

from flask import Flask, current_app, url_for


def public_url_for(endpoint: str, **values) -> str:
    """The absolute URL of `endpoint` on the public address."""
    base = current_app.config.get("PUBLIC_URL")
    if not base:
        return url_for(endpoint, _external=True, **values)
    return base.rstrip("/") + url_for(endpoint, **values)


def configure_hosts(app: Flask) -> None:
    """TRUSTED_HOSTS as Flask wants it: None (any host) or a list; the PUBLIC_URL's host when the
    operator set a public address and no host list."""
    hosts = [h for h in (app.config.get("TRUSTED_HOSTS") or []) if h]
    public = app.config.get("PUBLIC_URL")
    if not hosts and public:
        hosts = [urlsplit(public).hostname or ""]
    app.config["TRUSTED_HOSTS"] = [h for h in hosts if h] or None
