"""Gunicorn in production: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Every number comes from an environment variable (documented in .env.example and in the
README under "Deploying"), and the file refuses to start a server whose numbers do not
fit together:

- Connections. Django keeps one PostgreSQL connection per thread (CONN_MAX_AGE, with
  health checks), so one instance holds up to workers x threads connections. All
  instances together must stay within PostgreSQL's max_connections minus what is kept
  for everything else (superuser slots, migrations, backups, psql):
      GUNICORN_INSTANCES x WEB_CONCURRENCY x GUNICORN_THREADS
          <= DB_MAX_CONNECTIONS - DB_RESERVED_CONNECTIONS
  Defaults on 2 cores: 1 x 4 x 4 = 16 <= 100 - 10 = 90, so up to 5 instances fit.
- Time. The slowest a request can be while the database misbehaves is a connect that
  times out (DB_CONNECT_TIMEOUT) plus a query cancelled by statement_timeout
  (DB_STATEMENT_TIMEOUT); the worker timeout, and the grace period on reload, must leave
  room for that so a worker is never killed while the database is merely slow:
      GUNICORN_TIMEOUT >= DB_CONNECT_TIMEOUT + DB_STATEMENT_TIMEOUT + 5
      defaults: 30 >= 3 + 15 + 5
- Persistent connections live CONN_MAX_AGE seconds (60); keep-alive between the proxy
  and gunicorn (GUNICORN_KEEPALIVE, 5 s) must be shorter than the proxy's own idle
  timeout (nginx: 60 s by default, AWS ALB: 60 s).
"""

import gc
import os


def _int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


cores = os.cpu_count() or 1

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads let a worker wait on PostgreSQL or a slow client while another request runs.
worker_class = "gthread"
workers = _int("WEB_CONCURRENCY", 2 * cores)
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", timeout)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# The application (Django, every view, WeasyPrint: about a second of CPU) is imported once,
# in the master, before the workers are forked: a worker starts, and a recycled one is
# replaced, in milliseconds, and no request waits for imports. New code therefore needs a
# restart of the master (systemctl restart), not a HUP.
preload_app = True


def pre_fork(server, worker):
    """The master's objects (the imported application) are shared with each worker until
    written to: frozen, the worker's garbage collector leaves them alone instead of
    touching, and so copying, all of that memory in its first collections."""
    gc.freeze()


# Recycle a worker now and then, staggered over a quarter of the interval, so a slow leak
# in a dependency stays bounded and the workers are not replaced together. Stored pages
# stay in the cache the workers share (config/caches.py), so a new worker serves them.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 4
# The proxy in front may say the original request was HTTPS (USE_X_FORWARDED_PROTO).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Request line and headers: gunicorn's limits, stated so they are seen (400 beyond them).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# Empty: no access log (the load test), e.g. when the proxy keeps one. Written by
# config/access_log.py: the same line as gunicorn's own (plus the milliseconds taken) at a
# fifth of its cost.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
logger_class = "config.access_log.AccessLog"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

instances = _int("GUNICORN_INSTANCES", 1)
db_max_connections = _int("DB_MAX_CONNECTIONS", 100)
db_reserved_connections = _int("DB_RESERVED_CONNECTIONS", 10)
db_connect_timeout = _int("DB_CONNECT_TIMEOUT", 3)
db_statement_timeout = _int("DB_STATEMENT_TIMEOUT", 15)
TIMEOUT_MARGIN = 5


def problems():
    """What does not fit together, as sentences; empty when all is well."""
    found = []
    connections = instances * workers * threads
    available = db_max_connections - db_reserved_connections
    if connections > available:
        found.append(
            f"{instances} instance(s) x {workers} workers x {threads} threads = {connections} "
            f"database connections, but PostgreSQL allows {db_max_connections} - "
            f"{db_reserved_connections} reserved = {available}"
        )
    slowest = db_connect_timeout + db_statement_timeout + TIMEOUT_MARGIN
    for name, value in [
        ("GUNICORN_TIMEOUT", timeout),
        ("GUNICORN_GRACEFUL_TIMEOUT", graceful_timeout),
    ]:
        if value < slowest:
            found.append(
                f"{name}={value} s is shorter than a request can wait for the database: "
                f"DB_CONNECT_TIMEOUT {db_connect_timeout} + DB_STATEMENT_TIMEOUT "
                f"{db_statement_timeout} + {TIMEOUT_MARGIN} = {slowest} s"
            )
    if workers < 1 or threads < 1:
        found.append("WEB_CONCURRENCY and GUNICORN_THREADS must be at least 1")
    return found


if found := problems():
    raise RuntimeError("Inconsistent server settings: " + "; ".join(found))
