"""In-process measurements for the benchmark: queries per page and single-request time.

Run by bench/run.py with the benchmark's settings and database in the environment;
prints one JSON object: {path: {"status", "queries", "first_ms", "server_ms",
"unstored_ms"}}, where first_ms is a request with every cache cleared, server_ms the
median of repeats (the stored page) and unstored_ms the median of requests for the page
with a query string never asked before: rendered, as every page is after a save, with the
production cache (files, config/caches.py), so that what pages share is computed by the
first of them (config.page_cache.shared_per_version) and not again. For the first
municipality page also "put_together_ms": the same after a change of recommendations
only, when a stored page is put together from its stored frame and the parts another
page of the same edition rendered (config/page_frames.py).
"""

import json
import re
import statistics
import sys
import tempfile
import time

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from config import page_cache  # noqa: E402

REPEAT = 15


def measure(client, path, companion=None):
    cache.clear()
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    first_ms = (time.perf_counter() - start) * 1000
    # Read the count now: every later request resets the connection's query log.
    query_count = len(queries)
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    result = {
        "status": response.status_code,
        "queries": query_count,
        "first_ms": round(first_ms, 2),
        "server_ms": round(statistics.median(timings), 2),
        "unstored_ms": _unstored_ms(client, path),
    }
    if companion:
        result["put_together_ms"] = _put_together_ms(client, path, companion)
    return result


def _machine_cache(folder):
    machine = {"BACKEND": "config.caches.MachineCache", "LOCATION": f"{folder}/cache"}
    return override_settings(
        CACHES={"default": machine}, PAGE_CACHE_TOKEN_FILE=f"{folder}/content-version"
    )


def _put_together_ms(client, path, companion):
    with tempfile.TemporaryDirectory() as folder, _machine_cache(folder):
        page_cache.reset_token_backend()
        client.get(path)
        together = []
        for _ in range(REPEAT):
            page_cache.content_changed(page_cache.PARTS)
            client.get(companion)
            start = time.perf_counter()
            client.get(path)
            together.append((time.perf_counter() - start) * 1000)
    page_cache.reset_token_backend()
    return round(statistics.median(together), 2)


def _unstored_ms(client, path):
    with tempfile.TemporaryDirectory() as folder, _machine_cache(folder):
        page_cache.reset_token_backend()
        client.get(path, {"bezoek": "eerste"})
        unstored = []
        for visit in range(REPEAT):
            start = time.perf_counter()
            client.get(path, {"bezoek": str(visit)})
            unstored.append((time.perf_counter() - start) * 1000)
    page_cache.reset_token_backend()
    return round(statistics.median(unstored), 2)


def main(paths):
    client = Client(HTTP_HOST="127.0.0.1")
    municipalities = [path for path in paths if re.fullmatch(r"/[^/]+/gemeente/[^/]+/", path)]
    # The first two show the same (national) edition: see bench/run.py.
    companions = {municipalities[0]: municipalities[1]} if len(municipalities) > 1 else {}
    print(json.dumps({path: measure(client, path, companions.get(path)) for path in paths}))


if __name__ == "__main__":
    main(sys.argv[1:])
