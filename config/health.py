"""Health checks for the load balancer and the process supervisor.

`/healthz` says the process answers (liveness) and touches nothing else;
`/readyz` says it can serve pages (readiness): the database answers a trivial
query and the default storage takes a file. Neither is cached, in the sitemap
or in the request log.
"""

import logging
import uuid

from django import db
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

HEALTH_CHECK_PATHS = frozenset({"/healthz", "/readyz"})


@never_cache
@require_safe
def healthz(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def _database_ok():
    # A dead or unreachable server fails fast: CONN_HEALTH_CHECKS replaces a dead
    # persistent connection and PostgreSQL's connect_timeout bounds the connect.
    try:
        with db.connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except db.Error as error:
        logger.warning("Readiness check: the database is unreachable: %s", error)
        return False
    return True


def _storage_ok():
    # Any storage backend's failure counts, not only a local file system's OSError.
    try:
        name = default_storage.save(f"readyz-{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
        default_storage.delete(name)
    except Exception as error:
        logger.warning("Readiness check: the default storage is not usable: %s", error)
        return False
    return True


@never_cache
@require_safe
def readyz(request):
    checks = {
        "database": "ok" if _database_ok() else "failed",
        "storage": "ok" if _storage_ok() else "failed",
    }
    ready = all(state == "ok" for state in checks.values())
    return JsonResponse(checks, status=200 if ready else 503)


class SkipHealthChecks(logging.Filter):
    """Keeps a probe's 503 from /readyz out of the django.request log: it is polled
    every few seconds, and the failing check is already logged once above."""

    def filter(self, record):
        request = getattr(record, "request", None)
        return getattr(request, "path", None) not in HEALTH_CHECK_PATHS
