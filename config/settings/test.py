"""The test suite: fast hashing, in-memory cache; SQLite unless DATABASE_URL is set.

E-mail goes to the in-memory outbox: the test runner sets that up itself.
"""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

DATABASES = {"default": env.db("DATABASE_URL", default="sqlite://:memory:")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    **STORAGES,  # noqa: F405
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
