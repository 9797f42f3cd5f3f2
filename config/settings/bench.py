"""The benchmark (bench/run.py): production-like, on 127.0.0.1, plus a hello-world view."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "bench-only-key-" + "x" * 50
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
# Quiet, but gunicorn's own loggers (its access log, when switched on) are left as they are:
# with preload_app the settings are read in gunicorn's master, after it set those up.
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
