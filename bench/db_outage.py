"""A database outage under load: what visitors get, and how fast the site recovers.

    .venv/bin/python bench/db_outage.py            # 20 s outage (make outage)
    .venv/bin/python bench/db_outage.py --quick    # 5 s outage, as CI runs it
    .venv/bin/python bench/db_outage.py --down-seconds 60

It never touches the main PostgreSQL cluster: it creates a throw-away cluster
(initdb in a temporary directory, run as the postgres user, on 127.0.0.1:5499 or
another free port), migrates it and loads the register and the demo content,
and starts gunicorn with the project's configuration (config/gunicorn.conf.py).
Client threads then request public pages as fast as the server answers: pages
that were stored by the page cache before the outage ("stored"), and municipality
pages with a query string never asked before, which the cache cannot answer
("uncached"). Midway the cluster is stopped (`pg_ctl stop -m fast`) for a while
and started again. The cluster and the server are removed at the end, also after
an error or Ctrl-C.

It prints, while the database was down: the 503 answers with their median and
maximum time, whether each carried Retry-After, the stored pages still answered
200; over the whole run: 500s, hangs (no answer within the client's timeout) and
refused or broken connections; and the time from the restart to the first 200 of
an uncached page. It exits 1 when a promise is broken (see `verdict`).
"""

import argparse
import http.client
import itertools
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    CAMPAIGN,
    MUNICIPALITIES,
    ROOT,
    Server,
    free_port,
    load_site,
    log,
    port_is_free,
    public_paths,
    site_environment,
    warm_workers,
)

VAR = ROOT / "var" / "outage"
DATABASE = "metaalunie_outage"
DEFAULT_PORT = 5499
# A request without an answer after this long is a hang.
HANG_SECONDS = 10
# "Within a few seconds": a 503 must come at least this fast.
SLOWEST_503_SECONDS = 5
RECOVERY_LIMIT_SECONDS = 30
# After the first 200 of an uncached page, other workers' threads may still hold a
# connection that died with the server; they replace it on their next request.
SETTLE_SECONDS = 1
# Each client thread asks each stored page this often before the outage (`warm_workers`).
WARM_UP_ROUNDS = 8


def postgres_bin():
    """The newest installed PostgreSQL's programs (Debian: /usr/lib/postgresql/N/bin)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        sys.exit("PostgreSQL's initdb was not found under /usr/lib/postgresql/")
    return found[-1].parent


class ThrowawayCluster:
    """A PostgreSQL cluster of its own in a temporary directory, run as `postgres`."""

    def __init__(self, port):
        self.port = port
        self.bin = postgres_bin()
        self.directory = Path(tempfile.mkdtemp(prefix="metaalunie-outage-"))
        shutil.chown(self.directory, "postgres", "postgres")
        self.data = self.directory / "data"
        self.logfile = self.directory / "postgresql.log"
        self.url = f"postgres://postgres@127.0.0.1:{port}"

    def _pg(self, program, *args, check=True):
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", str(self.bin / program), *args],
            check=check,
            capture_output=True,
            text=True,
            cwd=self.directory,
        )

    def create(self):
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                 "--encoding=UTF8", "--locale=C.UTF-8")  # fmt: skip
        self.start()
        self._pg("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", DATABASE)

    def start(self):
        # Only TCP on 127.0.0.1, the socket in its own directory; fsync off: throw-away data.
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} -c fsync=off"
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.logfile), "-o", options,
                 "-w", "-t", "60", "start")  # fmt: skip

    def stop(self, mode="fast"):
        self._pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def remove(self):
        if (self.data / "postmaster.pid").exists():
            self._pg("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.directory, ignore_errors=True)


@dataclass(frozen=True)
class Answer:
    kind: str  # "stored" or "uncached"
    path: str
    start: float  # time.monotonic()
    seconds: float
    status: int | None  # None: no answer (see `error`)
    retry_after: bool
    error: str = ""  # "timeout", or the exception's name for a refused or broken connection

    @property
    def end(self):
        return self.start + self.seconds


class Visitors:
    """Threads that request pages one after another, each answer recorded as an Answer."""

    def __init__(self, port, stored, count):
        self.port = port
        self.stored = stored
        self.count = count
        self.answers = []
        self.stopping = threading.Event()
        self._numbers = itertools.count()
        self._lock = threading.Lock()
        self.threads = [threading.Thread(target=self._visit, daemon=True) for _ in range(count)]

    def _next(self):
        number = next(self._numbers)
        # Every other request a page the cache has never seen: the database must answer it.
        if number % 2:
            slug = MUNICIPALITIES[number % len(MUNICIPALITIES)]
            return "uncached", f"/{CAMPAIGN}/gemeente/{slug}/?bezoek={number}"
        return "stored", self.stored[(number // 2) % len(self.stored)]

    def request(self, kind, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HANG_SECONDS)
        start = time.monotonic()
        try:
            connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            response.read()
            return Answer(kind, path, start, time.monotonic() - start, response.status,
                          response.getheader("Retry-After") is not None)  # fmt: skip
        except TimeoutError:
            return Answer(kind, path, start, time.monotonic() - start, None, False, "timeout")
        except OSError as error:
            return Answer(kind, path, start, time.monotonic() - start, None, False,
                          type(error).__name__)  # fmt: skip
        finally:
            connection.close()

    def _visit(self):
        while not self.stopping.is_set():
            answer = self.request(*self._next())
            with self._lock:
                self.answers.append(answer)
            if answer.error:
                time.sleep(0.05)

    def start(self):
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=HANG_SECONDS + 5)


@dataclass(frozen=True)
class Timeline:
    """Moments (time.monotonic()) of the outage."""

    stop_issued: float
    down: float  # `pg_ctl stop` returned: the server is gone
    start_issued: float
    up: float  # `pg_ctl start` returned: the server accepts connections


def verdict(answers, timeline):
    """Figures of the run and the broken promises (sentences; empty when all were kept).

    Promises: while the database is down, uncached pages answer 503 with Retry-After
    within SLOWEST_503_SECONDS and stored pages keep answering 200; never a 500 or
    another server error, never a hang or a refused connection; after the restart an
    uncached page is 200 again within RECOVERY_LIMIT_SECONDS, and from a moment after
    that first 200 every answer is a 200.
    """
    down = [a for a in answers if timeline.down <= a.start and a.end <= timeline.start_issued]
    unavailable = [a for a in answers if a.status == 503]
    down_503 = [a for a in down if a.status == 503]
    seconds = [a.seconds for a in down_503]
    stored_down = [a for a in down if a.kind == "stored"]
    recovered = next(
        (
            a
            for a in sorted(answers, key=lambda a: a.end)
            if a.kind == "uncached" and a.status == 200 and a.start >= timeline.start_issued
        ),
        None,
    )
    figures = {
        "answers": len(answers),
        "down_answers": len(down),
        "down_503": len(down_503),
        "down_uncached_not_503": sum(1 for a in down if a.kind == "uncached" and a.status != 503),
        "median_503_ms": round(statistics.median(seconds) * 1000, 1) if seconds else None,
        "max_503_ms": round(max(seconds) * 1000, 1) if seconds else None,
        "503_total": len(unavailable),
        "503_with_retry_after": sum(1 for a in unavailable if a.retry_after),
        "server_errors": sum(1 for a in answers if (a.status or 0) >= 500 and a.status != 503),
        "500s": sum(1 for a in answers if a.status == 500),
        "hangs": sum(1 for a in answers if a.error == "timeout"),
        "connection_errors": sum(1 for a in answers if a.error and a.error != "timeout"),
        "stored_down": len(stored_down),
        "stored_down_200": sum(1 for a in stored_down if a.status == 200),
        "recovery_s": round(recovered.end - timeline.up, 3) if recovered else None,
        "recovery_from_start_s": (
            round(recovered.end - timeline.start_issued, 3) if recovered else None
        ),
    }
    settled = recovered.end + SETTLE_SECONDS if recovered else None
    after = [a for a in answers if settled is not None and a.start >= settled]
    figures["after_recovery"] = len(after)
    figures["after_recovery_not_200"] = sum(1 for a in after if a.status != 200)

    problems = []
    if not down_503:
        problems.append("no 503 while the database was down: the outage was not seen")
    if figures["down_uncached_not_503"]:
        problems.append(
            f"{figures['down_uncached_not_503']} uncached pages did not answer 503 while down"
        )
    if figures["503_with_retry_after"] != len(unavailable):
        problems.append(
            f"{len(unavailable) - figures['503_with_retry_after']} of {len(unavailable)} "
            "503s without Retry-After"
        )
    if seconds and max(seconds) > SLOWEST_503_SECONDS:
        problems.append(f"a 503 took {max(seconds):.1f} s (limit {SLOWEST_503_SECONDS} s)")
    if figures["server_errors"]:
        problems.append(f"{figures['server_errors']} server errors other than 503")
    if figures["hangs"]:
        problems.append(f"{figures['hangs']} requests without an answer in {HANG_SECONDS} s")
    if figures["connection_errors"]:
        problems.append(f"{figures['connection_errors']} refused or broken connections")
    if figures["stored_down"] and figures["stored_down_200"] < figures["stored_down"]:
        problems.append(
            f"{figures['stored_down'] - figures['stored_down_200']} of "
            f"{figures['stored_down']} stored pages not served while down"
        )
    if recovered is None or figures["recovery_s"] > RECOVERY_LIMIT_SECONDS:
        problems.append(f"no uncached 200 within {RECOVERY_LIMIT_SECONDS} s of the restart")
    elif figures["after_recovery_not_200"]:
        problems.append(
            f"{figures['after_recovery_not_200']} answers other than 200 after recovery"
        )
    return figures, problems


def report(figures, timeline, options, visitors):
    def ms(value):
        return "-" if value is None else f"{value:.0f} ms"

    lines = [
        f"throw-away PostgreSQL on 127.0.0.1:{options.port}, gunicorn with "
        f"config/gunicorn.conf.py, {visitors} client threads; stored and uncached pages "
        "alternate",
        f"stop took {timeline.down - timeline.stop_issued:.1f} s, down "
        f"{timeline.start_issued - timeline.down:.1f} s, start took "
        f"{timeline.up - timeline.start_issued:.1f} s; {figures['answers']} answers in all",
        f"while down:   {figures['down_answers']} answers, {figures['down_503']} were 503 "
        f"(median {ms(figures['median_503_ms'])}, max {ms(figures['max_503_ms'])})",
        f"Retry-After:  on {figures['503_with_retry_after']} of {figures['503_total']} 503s",
        f"stored pages: {figures['stored_down_200']} of {figures['stored_down']} answered 200 "
        "while down",
        f"500s: {figures['500s']}, other server errors: "
        f"{figures['server_errors'] - figures['500s']}, hangs (>{HANG_SECONDS} s): "
        f"{figures['hangs']}, refused/broken connections: {figures['connection_errors']}",
    ]
    if figures["recovery_s"] is None:
        lines.append("recovery:     none")
    else:
        lines.append(
            f"recovery:     first uncached 200 {figures['recovery_s']:.3f} s after PostgreSQL "
            f"accepted connections again ({figures['recovery_from_start_s']:.2f} s after "
            f"`pg_ctl start`); after that {figures['after_recovery_not_200']} of "
            f"{figures['after_recovery']} answers were not 200"
        )
    return "\n".join(lines)


def run(options, cluster):
    log(f"[outage] throw-away cluster on port {options.port}: {cluster.directory}")
    cluster.create()
    # Each worker keeps its stored pages in its own memory (locmem), and is not
    # recycled during the run: a new worker would start with none stored.
    env = site_environment(
        VAR, f"{cluster.url}/{DATABASE}", CACHE_URL="locmemcache://", GUNICORN_MAX_REQUESTS="0"
    )
    load_site(env, "outage")
    stored = public_paths(pdf=False)
    # The server's warnings (one per 503) go to a file, not between the figures.
    with Server(env, production=True, log_file=VAR / "gunicorn.log") as server:
        visitors = Visitors(server.port, stored, options.clients)
        log("[outage] warm-up: every worker stores the stored pages")
        warm_workers(server.port, stored, WARM_UP_ROUNDS, options.clients)
        visitors.start()
        try:
            time.sleep(options.before)
            stop_issued = time.monotonic()
            cluster.stop()
            down = time.monotonic()
            log(f"[outage] PostgreSQL stopped; down for {options.down_seconds} s")
            time.sleep(options.down_seconds)
            start_issued = time.monotonic()
            cluster.start()
            up = time.monotonic()
            log("[outage] PostgreSQL started again")
            deadline = up + RECOVERY_LIMIT_SECONDS
            timeline = Timeline(stop_issued, down, start_issued, up)
            while time.monotonic() < deadline:
                if verdict(list(visitors.answers), timeline)[0]["recovery_s"] is not None:
                    break
                time.sleep(0.2)
            time.sleep(options.after)
        finally:
            # Before anything else: the threads must not spin on a server that is gone.
            visitors.stop()
    return verdict(visitors.answers, timeline), timeline


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short run (CI): 5 s outage")
    parser.add_argument("--down-seconds", type=float, default=20, help="default 20")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="throw-away cluster port")
    parser.add_argument("--clients", type=int, default=8, help="client threads (default 8)")
    options = parser.parse_args()
    options.before, options.after = (3, 3) if options.quick else (10, 10)
    if options.quick:
        options.down_seconds = 5
    if os.geteuid() != 0:
        sys.exit("Run as root: the throw-away cluster runs as the postgres user (runuser).")
    if not port_is_free(options.port):
        options.port = free_port()
    # Ctrl-C raises KeyboardInterrupt; a plain `kill` ends as cleanly.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    cluster = ThrowawayCluster(options.port)
    try:
        (figures, problems), timeline = run(options, cluster)
    finally:
        cluster.remove()
    print(report(figures, timeline, options, options.clients), flush=True)
    print(f"(the server's log: {VAR / 'gunicorn.log'})")
    if problems:
        print("FAILED: " + "; ".join(problems))
        sys.exit(1)
    print("ok: every promise kept")


if __name__ == "__main__":
    main()
