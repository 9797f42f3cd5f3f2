"""In-process measurements for the benchmark: queries per page and single-request time.

Run by bench/run.py with the benchmark's settings and database in the environment;
prints one JSON object: {path: {"status", "queries", "first_ms", "server_ms",
"unstored_ms"}}, where first_ms is a request with every cache cleared, server_ms the
median of repeats (the stored page) and unstored_ms the median of requests for the page
with a query string never asked before: rendered, as every page is after a save, with the
production cache (files, config/caches.py), so that what pages share is computed by the
first of them (config.page_cache.shared_per_version) and not again.
"""

import json
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


def measure(client, path):
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
    return {
        "status": response.status_code,
        "queries": query_count,
        "first_ms": round(first_ms, 2),
        "server_ms": round(statistics.median(timings), 2),
        "unstored_ms": _unstored_ms(client, path),
    }


def _unstored_ms(client, path):
    with tempfile.TemporaryDirectory() as folder:
        machine = {"BACKEND": "config.caches.MachineCache", "LOCATION": f"{folder}/cache"}
        version = f"{folder}/content-version"
        with override_settings(CACHES={"default": machine}, PAGE_CACHE_TOKEN_FILE=version):
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
    print(json.dumps({path: measure(client, path) for path in paths}))


if __name__ == "__main__":
    main(sys.argv[1:])
