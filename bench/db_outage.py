"""A database outage under gunicorn: what visitors get, and how fast the site recovers.

    .venv/bin/python bench/db_outage.py                  # 10 s outage
    .venv/bin/python bench/db_outage.py --down-seconds 20

Not part of CI: it STOPS the local PostgreSQL cluster for a few seconds (as root,
`pg_ctlcluster --skip-systemctl-redirect 15 main stop -m fast`), so run it only when
nothing else uses that server. It prepares its own database (`metaalunie_outage`,
the register plus the demo content), starts gunicorn as bench/run.py does (2 sync
workers, persistent connections), and requests one municipality page in a loop
from a thread: first with the database up, then while it is stopped, then after it
is started again. It prints the responses per phase, how long each took while the
database was down, and the time from the restart until the page is 200 again.
"""

import argparse
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run as bench

PAGE = f"/{bench.CAMPAIGN}/gemeente/{bench.MUNICIPALITIES[0]}/"
CLUSTER = ["15", "main"]
REQUEST_TIMEOUT = 30
RECOVERY_LIMIT = 60


def cluster(action):
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", *CLUSTER, action]
    if action == "stop":
        command += ["-m", "fast"]
    subprocess.run(command, check=True)


class Loop(threading.Thread):
    """Requests the page one after another; records (start, seconds, status) of each."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url = url
        self.results = []
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            start = time.monotonic()
            try:
                with urllib.request.urlopen(self.url, timeout=REQUEST_TIMEOUT) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError as error:
                status = f"{type(error).__name__}"
            self.results.append((start, time.monotonic() - start, status))
            time.sleep(0.05)

    def between(self, start, end):
        return [result for result in self.results if start <= result[0] < end]


def describe(name, results):
    statuses = Counter(status for _, _, status in results)
    seconds = [duration for _, duration, _ in results]
    if not seconds:
        return f"{name:<10} no requests"
    return (
        f"{name:<10} {len(results):>4} requests  {dict(statuses)}  "
        f"median {statistics.median(seconds) * 1000:.0f} ms, max {max(seconds) * 1000:.0f} ms"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--down-seconds", type=float, default=10)
    options = parser.parse_args()

    # Its own database, so a benchmark run on metaalunie_bench is not disturbed.
    bench.POSTGRES_DATABASE = "metaalunie_outage"
    bench.VAR.mkdir(parents=True, exist_ok=True)
    env = bench.prepare("postgresql")
    with bench.Server(env) as server:
        loop = Loop(server.base + PAGE)
        loop.start()
        time.sleep(3)
        stopping = time.monotonic()
        cluster("stop")
        down = time.monotonic()
        bench.log(f"PostgreSQL stopped; down for {options.down_seconds:.0f} s")
        time.sleep(options.down_seconds)
        starting = time.monotonic()
        cluster("start")
        up = time.monotonic()
        bench.log("PostgreSQL started again")
        recovered = None
        while time.monotonic() - up < RECOVERY_LIMIT:
            back = [r for r in loop.between(up, float("inf")) if r[2] == 200]
            if back:
                recovered = back[0][0] + back[0][1] - up
                break
            time.sleep(0.05)
        time.sleep(2)
        loop.stopped.set()
        loop.join(timeout=REQUEST_TIMEOUT + 5)

    outage = loop.between(down, starting)
    print(f"page {PAGE}, gunicorn 2 sync workers, CONN_MAX_AGE=60")
    print(
        f"stop took {down - stopping:.1f} s, down {starting - down:.1f} s, "
        f"start took {up - starting:.1f} s"
    )
    print(describe("before", loop.between(0, stopping)))
    print(describe("stopping", loop.between(stopping, down)))
    print(describe("down", outage))
    print(describe("starting", loop.between(starting, up)))
    print(describe("after", loop.between(up, float("inf"))))
    print(f"503s while down: {sum(1 for _, _, status in outage if status == 503)} of {len(outage)}")
    print(f"slowest response while down: {max((d for _, d, _ in outage), default=0):.2f} s")
    if recovered is None:
        print(f"NOT recovered within {RECOVERY_LIMIT} s of the restart")
        sys.exit(1)
    print(f"back to 200 {recovered:.2f} s after PostgreSQL was started again")


if __name__ == "__main__":
    main()
