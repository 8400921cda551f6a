"""Trust as many proxies in front of the app as the deployment says, and no more.

Behind a reverse proxy every request comes from the proxy's address, so the rate limits
would put every patient in one bucket. ProxyFix takes the client's address (and scheme)
from the last `TRUSTED_PROXIES` entries of X-Forwarded-For (and -Proto), which a client
cannot forge past a proxy that appends to them. With no proxy (the default, 0) the headers
are ignored: a client could otherwise claim any address.
"""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def trust_proxies(app: Flask) -> None:
    """Read the client's address and scheme from the configured number of proxies."""
    hops = int(app.config.get("TRUSTED_PROXIES", 0))
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
