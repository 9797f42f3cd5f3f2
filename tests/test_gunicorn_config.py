"""The production server's configuration (config/gunicorn.conf.py) fits together.

Its numbers come from the environment; these tests load it as gunicorn does and check
the rules it documents: connections within PostgreSQL's limit, a worker timeout that
leaves room for the database's own timeouts, the same timeouts as Django's settings,
and a refusal to start when the numbers do not fit.
"""

import json
import re
import runpy
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_settings import REAL_KEY, run_django

BASE_DIR = Path(__file__).resolve().parent.parent
CONFIG = BASE_DIR / "config/gunicorn.conf.py"
VARIABLES = [
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_INSTANCES",
    "GUNICORN_TIMEOUT",
    "GUNICORN_GRACEFUL_TIMEOUT",
    "DB_MAX_CONNECTIONS",
    "DB_RESERVED_CONNECTIONS",
    "DB_CONNECT_TIMEOUT",
    "DB_STATEMENT_TIMEOUT",
]


@pytest.fixture
def load(monkeypatch):
    """Loads the configuration with these environment variables (the rest unset)."""

    def load(**env):
        for name in VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, str(value))
        return runpy.run_path(str(CONFIG))

    return load


def test_the_defaults_fit_postgresqls_connection_limit(load):
    config = load()

    connections = config["instances"] * config["workers"] * config["threads"]
    assert config["worker_class"] == "gthread"
    assert connections <= config["db_max_connections"] - config["db_reserved_connections"]
    assert config["problems"]() == []


def test_the_worker_timeout_leaves_room_for_the_database_timeouts(load):
    config = load()

    waiting = config["db_connect_timeout"] + config["db_statement_timeout"]
    assert config["timeout"] > waiting
    assert config["graceful_timeout"] > waiting
    assert config["keepalive"] < 60  # below the usual proxy idle timeout


def test_the_defaults_leave_room_for_several_instances_on_a_default_postgresql(load):
    config = load(GUNICORN_INSTANCES=3)
    assert config["problems"]() == []


def test_too_many_connections_refuse_to_start(load):
    with pytest.raises(RuntimeError, match=r"2 instance\(s\) x 12 workers x 4 threads = 96"):
        load(GUNICORN_INSTANCES=2, WEB_CONCURRENCY=12, GUNICORN_THREADS=4)


def test_a_worker_timeout_shorter_than_the_database_timeouts_refuses_to_start(load):
    with pytest.raises(RuntimeError, match="GUNICORN_TIMEOUT=20 s is shorter"):
        load(GUNICORN_TIMEOUT=20, DB_STATEMENT_TIMEOUT=15, DB_CONNECT_TIMEOUT=3)
    assert load(GUNICORN_TIMEOUT=40, DB_STATEMENT_TIMEOUT=30)["problems"]() == []


def test_django_uses_the_same_database_timeouts_and_persistent_connections(load):
    config = load(DB_CONNECT_TIMEOUT=4, DB_STATEMENT_TIMEOUT=12, GUNICORN_TIMEOUT=30)
    result = run_django(
        "config.settings.prod",
        "import json; from django.conf import settings as s; "
        "d = s.DATABASES['default']; "
        "print(json.dumps([d['OPTIONS'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS="verkiezingen.example.nl",
        DATABASE_URL="postgres://metaalunie@127.0.0.1:5432/metaalunie",
        DB_CONNECT_TIMEOUT="4",
        DB_STATEMENT_TIMEOUT="12",
    )
    assert result.returncode == 0, result.stderr
    options, conn_max_age, health_checks = json.loads(result.stdout.strip().splitlines()[-1])

    assert options["connect_timeout"] == config["db_connect_timeout"] == 4
    assert options["options"] == f"-c statement_timeout={config['db_statement_timeout'] * 1000}"
    assert conn_max_age > 0 and health_checks


def test_gunicorn_accepts_the_file(tmp_path):
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--check-config",
            "-c",
            str(CONFIG),
            "config.wsgi",
        ],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_every_variable_it_reads_is_documented():
    read = set(re.findall(r'(?:_int|os\.environ\.get)\("([A-Z_]+)"', CONFIG.read_text()))
    example = (BASE_DIR / ".env.example").read_text()

    assert set(VARIABLES) <= read
    assert not sorted(name for name in read if f"{name}=" not in example)


def test_workers_are_recycled_without_a_failed_request_and_every_request_is_logged(tmp_path):
    """The production server as documented: WeasyPrint and the views are imported once,
    in the master, before the workers are forked; workers are replaced after their share
    of requests; the access log has a line per request."""
    import http.client
    import socket

    from bench.harness import free_port, worker_pids

    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": REAL_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "2",
        "GUNICORN_MAX_REQUESTS": "8",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        # A file, as operators keep it: Django's logging settings, read in the master
        # after gunicorn opened it, close it once.
        "GUNICORN_ACCESS_LOG": str(tmp_path / "access.log"),
    }
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "-c", str(CONFIG), "config.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        first_workers = set(worker_pids(server.pid))
        master_libraries = Path(f"/proc/{server.pid}/maps").read_text()
        statuses = []
        for _ in range(60):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/healthz")
            statuses.append(connection.getresponse().status)
            connection.close()
        later_workers = set(worker_pids(server.pid))
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert statuses == [200] * 60
    assert "libpango" in master_libraries  # WeasyPrint, imported before forking
    assert first_workers - later_workers  # recycled
    access = (tmp_path / "access.log").read_text()
    assert access.count('"GET /healthz HTTP/1.1" 200 2 ') == 60, log.read_text()[-2000:]


def test_the_application_is_ready_to_render_before_workers_are_forked():
    """What a worker would otherwise do in its first requests (hundreds of milliseconds on
    two busy cores, right when a recycled worker takes over): done once, in the master."""
    result = run_django(
        "config.settings.test",
        "import json, config.wsgi; "
        "from django.template import engines; "
        "from config.templatetags.typography import _dictionary; "
        "loader = engines['django'].engine.template_loaders[0]; "
        "print(json.dumps([sorted(loader.get_template_cache), _dictionary.cache_info().currsize]))",
    )
    assert result.returncode == 0, result.stderr
    parsed, dictionaries = json.loads(result.stdout.strip().splitlines()[-1])

    assert {"base.html", "manifestos/municipality_detail.html", "includes/edition.html"} <= set(
        parsed
    )
    assert dictionaries == 1
