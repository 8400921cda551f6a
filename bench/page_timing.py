"""Time a page through the WSGI app: the median and the worst of repeated requests."""

import statistics
import time


def time_page(client, path: str, repeat: int) -> tuple[float, float]:
    """Seconds a GET of `path` takes (median, max) over `repeat` requests; each must be 200."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples), max(samples)
