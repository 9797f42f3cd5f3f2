"""The test suite: fast hashing, in-memory cache; SQLite unless DATABASE_URL is set.

E-mail goes to the in-memory outbox: the test runner sets that up itself.
"""

import atexit
import hashlib
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

DATABASES = {"default": env.db("DATABASE_URL", default="sqlite://:memory:")}
# On a database server shared by several checkouts (worktrees, CI's clone) each checkout
# gets test databases of its own: test_<name>_<checkout>, plus _gw0, _gw1… per pytest-xdist
# worker (pytest-django). Two suites at once would otherwise drop each other's database;
# a run that was killed leaves one behind, which the checkout's next run replaces.
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    _CHECKOUT = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:8]
    DATABASES["default"].setdefault("TEST", {})
    DATABASES["default"]["TEST"].setdefault(
        "NAME", f"test_{DATABASES['default']['NAME']}_{_CHECKOUT}"
    )

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    # The local folder below, whatever the environment names: the tests against object
    # storage start their own S3-compatible server (tests/storage.py).
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Per test process: two runs at once (say SQLite and PostgreSQL) must not bump each
# other's content version or share uploads.
_PRIVATE_DIR = Path(tempfile.mkdtemp(prefix="metaalunie-test-"))
atexit.register(shutil.rmtree, _PRIVATE_DIR, ignore_errors=True)
PAGE_CACHE_TOKEN_FILE = _PRIVATE_DIR / "content-version"
MEDIA_ROOT = _PRIVATE_DIR / "media"

# Static files come straight from the source folders (no collectstatic needed).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
