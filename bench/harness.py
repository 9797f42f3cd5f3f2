"""What the benchmark scripts share: a prepared database, gunicorn on 127.0.0.1, wrk,
and the memory of gunicorn's workers.

Used by bench/run.py (the benchmark), bench/load.py (sustained load) and
bench/db_outage.py (a database outage). Pure functions (`wrk_script`,
`parse_wrk`) are tested in tests/test_bench.py.
"""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GUNICORN_CONFIG = ROOT / "config" / "gunicorn.conf.py"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")

# The public pages the scripts drive, from the demo content: GR2026 and its regions.
CAMPAIGN = "gr2026"
MUNICIPALITIES = [
    "voorne-aan-zee",
    "s-gravenhage",
    "sudwest-fryslan",
    "amsterdam",
    "utrecht",
    "groningen",
    "maastricht",
    "arnhem",
    "zwolle",
    "middelburg-z",
    "eindhoven",
    "assen",
]
SEARCHES = ["regeldruk", "opleiding", "netcongestie"]


def log(message):
    print(message, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port):
    with socket.socket() as sock:
        # As a server binds (PostgreSQL does): connections of a previous run in TIME_WAIT
        # do not make the port busy.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


# The database ---------------------------------------------------------------------------


def site_environment(var, database_url, **extra):
    """The environment of the site under test: production-like benchmark settings, its
    own VAR_DIR (content version, static files, uploads) and database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DATABASE_URL": database_url,
        "VAR_DIR": str(var),
        "STATIC_ROOT": str(var / "static"),
        "MEDIA_ROOT": str(var / "media"),
        **extra,
    }


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def recreate_postgres_database(server, name):
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")


def drop_postgres_database(server, name):
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def load_site(env, label):
    """Migrates the (empty) database of `env` and loads the register, the demo content and
    the static files."""
    log(f"[{label}] preparing database and demo content")
    Path(env["VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--no-input")
    manage(env, "import_municipalities")
    manage(env, "load_demo_content")
    manage(env, "collectstatic", "--no-input", "--clear")


def public_paths(pdf=True):
    """A rotation over the public pages: home, campaign, provinces, municipalities, search,
    and (once, a small share) a PDF."""
    paths = ["/", f"/{CAMPAIGN}/"]
    paths += [
        f"/{CAMPAIGN}/provincie/{slug}/"
        for slug in ("zuid-holland", "noord-holland", "gelderland", "limburg")
    ]
    paths += [f"/{CAMPAIGN}/gemeente/{slug}/" for slug in MUNICIPALITIES]
    paths += [f"/zoeken/?q={query}" for query in SEARCHES]
    if pdf:
        paths.append(f"/{CAMPAIGN}/gemeente/{MUNICIPALITIES[1]}/pdf/")
    return paths


# The server -----------------------------------------------------------------------------


class Server:
    """gunicorn on a free port of 127.0.0.1; `production=True` runs the project's own
    configuration (config/gunicorn.conf.py: its workers, threads and timeouts; an access
    log only when `access_log` names a file), else 2 sync workers as the benchmark has
    always measured."""

    START_SECONDS = 60

    def __init__(
        self, env, *, production=False, ready_path="/healthz", log_file=None, access_log=""
    ):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.ready_path = ready_path
        bind = f"127.0.0.1:{self.port}"
        if production:
            arguments = ["-c", str(GUNICORN_CONFIG), "config.wsgi:application"]
            env = {
                **env,
                "GUNICORN_BIND": bind,
                # The documented default writes one; the load test measures without it.
                "GUNICORN_ACCESS_LOG": access_log,
                "GUNICORN_LOG_LEVEL": "warning",
            }
        else:
            arguments = [
                "config.wsgi:application",
                "--workers=2",
                "--worker-class=sync",
                f"--bind={bind}",
                "--log-level=warning",
            ]
        output = None
        if log_file is not None:
            Path(log_file).parent.mkdir(parents=True, exist_ok=True)
            output = open(log_file, "w")  # noqa: SIM115 (closed with the server)
        self._output = output
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), *arguments],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
        )

    def __enter__(self):
        try:
            self._wait_until_ready()
        except BaseException:
            # Also on Ctrl-C while it starts: no server is left behind.
            self.stop()
            raise
        return self

    def _wait_until_ready(self):
        deadline = time.monotonic() + self.START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.base + self.ready_path, timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._output is not None:
            self._output.close()

    def workers(self):
        return worker_pids(self.process.pid)


def warm_workers(port, paths, rounds, threads=8):
    """Asks for each path `rounds` times from each of `threads` threads, every request on a
    new connection. Which worker accepts a connection is chance (and wrk keeps its
    connections for the whole run), so with enough new ones every worker has rendered and
    stored each page before anything is measured: with 8 threads and 4 workers, 8 rounds
    leave a worker without a page with a chance of (3/4)^64."""

    def ask_all():
        for _ in range(rounds):
            for path in paths:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                try:
                    connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                    connection.getresponse().read()
                finally:
                    connection.close()

    workers = [threading.Thread(target=ask_all) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def worker_pids(master):
    """The processes whose parent is `master` (gunicorn's workers), from /proc."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces, so split after its ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:
            pids.append(int(entry.name))
    return sorted(pids)


def rss_kib(pid):
    """Resident memory of a process (VmRSS) in KiB; None once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) if match else None


# wrk ------------------------------------------------------------------------------------


def wrk_script(paths):
    """A wrk Lua script that rotates over `paths`, asking for gzip as browsers do."""
    quoted = ", ".join(json.dumps(path) for path in paths)
    return (
        f"local paths = {{{quoted}}}\n"
        "local counter = 0\n"
        "request = function()\n"
        "  counter = counter + 1\n"
        '  return wrk.format("GET", paths[(counter % #paths) + 1], '
        '{["Accept-Encoding"] = "gzip"})\n'
        "end\n"
    )


LATENCY = re.compile(r"^\s+(50|75|90|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output):
    """Requests/s, total requests, p50/p99 in ms and errors (non-2xx/3xx answers and
    socket errors: connect, read, write, timeout) from wrk's `--latency` output."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = re.search(r"(\d+) requests in ", output)
    latency = {int(p): float(v) * UNITS[u] for p, v, u in LATENCY.findall(output)}
    non_2xx = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        non_2xx = int(match.group(1))
    kinds = dict.fromkeys(("connect", "read", "write", "timeout"), 0)
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        kinds = dict(zip(kinds, map(int, match.groups()), strict=True))
    socket_errors = sum(kinds.values())
    return {
        "rps": rps,
        "requests": int(total.group(1)) if total else None,
        "p50_ms": latency.get(50),
        "p99_ms": latency.get(99),
        "non_2xx_3xx": non_2xx,
        "socket_errors": socket_errors,
        "socket_error_kinds": kinds,
        "errors": non_2xx + socket_errors,
    }


def wrk_command(base, script, duration, threads=2, connections=16):
    return [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "-s",
        script,
        base,
    ]


def wrk(base, paths, duration, threads=2, connections=16, monitor=None):
    """Runs wrk over a rotation of `paths` for `duration` seconds; see `parse_wrk`.
    `monitor(process)`, when given, runs while wrk does (and returns when it has ended)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(wrk_script(paths))
    try:
        command = wrk_command(base, script.name, duration, threads, connections)
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            if monitor is not None:
                monitor(process)
            output, errors = process.communicate()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    finally:
        os.unlink(script.name)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command, output, errors)
    return parse_wrk(output)
