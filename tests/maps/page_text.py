"""Read a rendered map page: its text without script escapes, and its absolute URLs."""

import re

# Any absolute http(s) URL in a page; XML namespaces name things and load nothing.
ABSOLUTE_URL = re.compile(r"https?://[^\s\"'<>)\\]+")
# A protocol-relative link ("//cdn.example/x.js") loads from another host too.
RELATIVE_TO_PROTOCOL = re.compile(r"""(?:src|href)\s*=\s*["']//""")
NAMESPACES = ("http://www.w3.org/",)
UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def readable(page: str) -> str:
    """Undo the JSON escapes Folium writes strings into scripts with, to search the text."""
    page = UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), page)
    return page.replace('\\"', '"')


def outside_urls(page: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """List the absolute URLs in a page other than `allowed` prefixes and XML namespaces."""
    text = readable(page)
    urls = ABSOLUTE_URL.findall(text) + RELATIVE_TO_PROTOCOL.findall(text)
    return [url for url in urls if not url.startswith(NAMESPACES + tuple(allowed))]
