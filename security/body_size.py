"""Refuse a request body over the size limit before anything reads it (ASVS 12.1.1)."""

from flask import Flask, abort, request


def refuse_oversized_body() -> None:
    """Answer 413 when the declared Content-Length is over the limit, without reading the body.

    Werkzeug refuses such a body too, but only once something reads it: a view that redirects
    an anonymous user to sign in never would, and CSRF's check parses the form before the
    sign-in check. A body sent without a length is cut off by werkzeug at the same limit as it
    is read. The limit is MAX_CONTENT_LENGTH, set from the MAX_UPLOAD_MB setting.
    """
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)


def init_app(app: Flask) -> None:
    """Check every request's declared size first."""
    app.before_request(refuse_oversized_body)
