"""Sustained load: the public pages under the production server, for minutes, on 127.0.0.1.

    .venv/bin/python bench/load.py                    # 3 minutes on PostgreSQL (make load)
    .venv/bin/python bench/load.py --quick            # 25 s, as CI runs it
    .venv/bin/python bench/load.py --database sqlite --duration 60

It creates a database of its own (PostgreSQL `metaalunie_load` on the main cluster,
dropped at the end; or SQLite under var/load/), loads the register and the demo
content, and starts gunicorn with the project's configuration (config/gunicorn.conf.py:
its workers, threads and timeouts). wrk then drives a rotation over the public pages
(home, campaign, four provinces, twelve municipalities, three searches and one PDF)
for the whole run. After a warm-up that is not counted, the resident memory (VmRSS)
of every worker is read from /proc at the start, every few seconds, and at the end.

It prints requests/s, p50/p99 latency, the error count (answers other than 2xx/3xx
and socket errors, timeouts included) and the memory per worker, and exits 1 on any
error, a worker that died or was replaced, or memory that grew by more than the limit.
Workers are not recycled during the run (GUNICORN_MAX_REQUESTS=0): recycling would
hide the very growth this measures.
"""

import argparse
import datetime
import os
import platform
import shutil
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    POSTGRES_SERVER,
    ROOT,
    Server,
    drop_postgres_database,
    load_site,
    log,
    public_paths,
    recreate_postgres_database,
    rss_kib,
    site_environment,
    warm_workers,
    wrk,
)

VAR = ROOT / "var" / "load"
POSTGRES_DATABASE = "metaalunie_load"
SAMPLE_SECONDS = 5
WARM_UP_ROUNDS = 8
# Growth of a worker's resident memory from the start of the measured run to its end.
GROWTH_LIMIT_MIB = 10
GROWTH_LIMIT_FRACTION = 0.10


def memory_verdict(before, after, limit_mib=GROWTH_LIMIT_MIB, fraction=GROWTH_LIMIT_FRACTION):
    """Per worker (pid -> KiB at start and end): growth in MiB, and problems as sentences.

    A worker fails when it has gone or is new (it died, or gunicorn replaced it), or when
    its memory grew by more than `limit_mib` MiB and by more than `fraction` of its start.
    """
    growth, problems = {}, []
    for pid in sorted(before.keys() | after.keys()):
        start, end = before.get(pid), after.get(pid)
        if start is None:
            problems.append(f"worker {pid} appeared during the run (a worker was replaced)")
            continue
        if end is None:
            problems.append(f"worker {pid} is gone (it died or was replaced)")
            continue
        grown = (end - start) / 1024
        growth[pid] = round(grown, 1)
        if grown > limit_mib and grown > fraction * start / 1024:
            problems.append(
                f"worker {pid} grew {grown:.1f} MiB ({start / 1024:.1f} -> {end / 1024:.1f} MiB)"
            )
    return growth, problems


class MemorySampler:
    """Reads every worker's VmRSS while wrk runs: (seconds since start, {pid: KiB})."""

    def __init__(self, server, interval=SAMPLE_SECONDS):
        self.server = server
        self.interval = interval
        self.samples = []

    def sample(self):
        pids = self.server.workers()
        return {pid: kib for pid in pids if (kib := rss_kib(pid)) is not None}

    def __call__(self, process):
        start = time.monotonic()
        while process.poll() is None:
            self.samples.append((time.monotonic() - start, self.sample()))
            for _ in range(int(self.interval / 0.1)):
                if process.poll() is not None:
                    break
                time.sleep(0.1)
        self.samples.append((time.monotonic() - start, self.sample()))

    def steady(self):
        """The first sample after a third of the run: pages stored, fonts loaded, pools
        filled. Growth from here to the end is what a leak would show."""
        third = self.samples[-1][0] / 3
        return next(sample for sample in self.samples if sample[0] >= third)


def prepare(database):
    if database == "sqlite":
        sqlite = VAR / "load.sqlite3"
        VAR.mkdir(parents=True, exist_ok=True)
        sqlite.unlink(missing_ok=True)
        url = f"sqlite:///{sqlite}"
    else:
        recreate_postgres_database(POSTGRES_SERVER, POSTGRES_DATABASE)
        url = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
    env = site_environment(VAR, url, GUNICORN_MAX_REQUESTS="0")
    load_site(env, database)
    return env


def report(options, result, sampler, growth, server_config):
    first, (steady_at, steady), (end_at, last) = (
        sampler.samples[0][1],
        sampler.steady(),
        sampler.samples[-1],
    )
    lines = [
        f"{options.database}, {options.duration} s, wrk -t{options.threads} "
        f"-c{options.connections} over {len(public_paths())} public pages, "
        f"{server_config} ({os.cpu_count()} cores)",
        f"requests/s {result['rps']:.0f}  ({result['requests']} requests)",
        f"latency    p50 {result['p50_ms']:.2f} ms, p99 {result['p99_ms']:.2f} ms",
        f"errors     {result['errors']} (non-2xx/3xx {result['non_2xx_3xx']}, "
        f"socket errors {result['socket_errors']}: "
        + ", ".join(f"{kind} {n}" for kind, n in result["socket_error_kinds"].items())
        + ")",
        f"memory per worker (VmRSS, MiB): start, at {steady_at:.0f} s, at {end_at:.0f} s, "
        "max; growth from the second to the third",
    ]

    def mib(sample, pid):
        return f"{sample[pid] / 1024:.1f}" if pid in sample else "-"

    for pid in sorted(first.keys() | last.keys()):
        peak = max(kib.get(pid, 0) for _, kib in sampler.samples) / 1024
        grown = f"{growth[pid]:+.1f}" if pid in growth else "-"
        lines.append(
            f"  worker {pid}: {mib(first, pid)}, {mib(steady, pid)}, {mib(last, pid)}, "
            f"{peak:.1f}; {grown}"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a 25 s run (CI)")
    parser.add_argument("--duration", type=int, default=180, help="seconds (default 180)")
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (default 32)")
    options = parser.parse_args()
    if options.quick:
        options.duration = 25
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    # A plain `kill` cleans up as Ctrl-C does: the server stopped, the database dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    paths = public_paths()
    try:
        env = prepare(options.database)
        with Server(env, production=True) as server:
            log(f"[{options.database}] warm-up: every worker stores the pages")
            warm_workers(server.port, paths, WARM_UP_ROUNDS)
            threads = env.get("GUNICORN_THREADS", 4)
            config = f"gunicorn {len(server.workers())} workers x {threads} threads"
            log(f"[{options.database}] wrk for {options.duration} s")
            sampler = MemorySampler(server)
            result = wrk(
                server.base,
                paths,
                options.duration,
                options.threads,
                options.connections,
                monitor=sampler,
            )
    finally:
        if options.database == "postgresql":
            drop_postgres_database(POSTGRES_SERVER, POSTGRES_DATABASE)
    growth, problems = memory_verdict(sampler.steady()[1], sampler.samples[-1][1])
    print(report(options, result, sampler, growth, config), flush=True)
    print(
        f"({datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {platform.platform()}, "
        f"Python {platform.python_version()})"
    )
    if result["errors"]:
        problems.insert(0, f"{result['errors']} errors")
    if problems:
        print("FAILED: " + "; ".join(problems))
        sys.exit(1)
    print("ok: no errors, no memory growth")


if __name__ == "__main__":
    main()
