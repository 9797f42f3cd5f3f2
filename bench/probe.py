"""In-process measurements for the benchmark: queries per page and single-request time.

Run by bench/run.py with the benchmark's settings and database in the environment;
prints one JSON object: {path: {"status", "queries", "first_ms", "server_ms",
"unstored_ms"}}, where first_ms is a request with every cache cleared, server_ms the
median of repeats (the stored page) and unstored_ms the median of requests for the page
with a query string never asked before: rendered, as after a save, with the rest of the
site's caches as they are.
"""

import json
import statistics
import sys
import time

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

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
    unstored = []
    for visit in range(REPEAT):
        start = time.perf_counter()
        client.get(path, {"bezoek": str(visit)})
        unstored.append((time.perf_counter() - start) * 1000)
    return {
        "status": response.status_code,
        "unstored_ms": round(statistics.median(unstored), 2),
        "queries": query_count,
        "first_ms": round(first_ms, 2),
        "server_ms": round(statistics.median(timings), 2),
    }


def main(paths):
    client = Client(HTTP_HOST="127.0.0.1")
    print(json.dumps({path: measure(client, path) for path in paths}))


if __name__ == "__main__":
    main(sys.argv[1:])
