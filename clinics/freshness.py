"""Cache headers, and a cache of made pages, for data that changes when a plan is published.

Each response carries an ETag naming what it was made from: the published plans' ids and
publishing times, today's date, the address asked for, who is signed in, and the counts of
free appointments the page shows (read per request, so a booking changes only the pages that
show its clinic). A browser or proxy may keep a page for a minute, then revalidate; an
unchanged page is answered 304 without being rendered. The app also keeps the pages it made
for people who are not signed in, by ETag, so a popular search is rendered once per change.
"""

import hashlib
import threading
from collections.abc import Callable, Iterable

from flask import Response, current_app, make_response, request, session
from flask.typing import ResponseReturnValue
from flask_login import current_user

from clinics.answers import today
from clinics.timetable import published_version

MAX_AGE_S = 60  # free-appointment counts may be a minute old; plans change far more slowly
PAGE_CACHE_ENTRIES = 512  # ~20 kB a page: about 10 MB at most per app
# The policy stays with the page it was made for: a map frame's inline scripts carry the nonce
# its policy names, so a kept frame is served with that policy, not a new one.
_KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Security-Policy")
_LOCK = threading.Lock()


def page_etag(free_counts: Iterable[int] = ()) -> str:
    """Name the data the current request's page is made from."""
    who = current_user.get_id() if current_user.is_authenticated else ""
    parts = (published_version(), today(), request.full_path, who, tuple(free_counts))
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def respond(render: Callable[[], ResponseReturnValue], free_counts: Iterable[int] = ()) -> Response:
    """Answer 304 for an unchanged page, else the kept or a newly rendered page, with headers.

    Args:
        render: makes the page (a template's text, or text and status, or a response).
        free_counts: the free-appointment counts the page shows, in the order it shows them.
    """
    etag = page_etag(free_counts)
    if request.if_none_match.contains(etag):
        response = current_app.response_class(status=304)
    else:
        response = _kept_page(etag) or _keep_page(etag, make_response(render()))
    response.set_etag(etag)
    # Signed-in staff see their name in the header: only their own browser may keep it.
    response.cache_control.public = not current_user.is_authenticated
    response.cache_control.private = current_user.is_authenticated or None
    response.cache_control.max_age = MAX_AGE_S
    response.vary.add("Cookie")
    return response


def _shareable() -> bool:
    """Whether the page is the same for everyone: nobody signed in, no message waiting."""
    enabled = current_app.config.get("CLINICS_PAGE_CACHE", True)
    return enabled and not current_user.is_authenticated and "_flashes" not in session


def _kept_page(etag: str) -> Response | None:
    if not _shareable():
        return None
    with _LOCK:
        kept = current_app.extensions.get("clinics.pages", {}).get(etag)
    if kept is None:
        return None
    status, body, headers = kept
    return current_app.response_class(body, status=status, headers=headers)


def _keep_page(etag: str, response: Response) -> Response:
    if _shareable() and response.status_code in (200, 400) and not response.is_streamed:
        headers = [(k, v) for k, v in response.headers.items() if k in _KEPT_HEADERS]
        pages = current_app.extensions.setdefault("clinics.pages", {})
        with _LOCK:
            if len(pages) >= PAGE_CACHE_ENTRIES:
                pages.clear()
            pages[etag] = (response.status_code, response.get_data(), headers)
    return response
