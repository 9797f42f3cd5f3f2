"""Project middleware: response headers Django has no setting for, a friendly 503 while
the database is down, a limit on the size of a request, and one admin parameter refused."""

import logging

from django import db
from django.conf import settings
from django.contrib.admin.exceptions import DisallowedModelAdminToField
from django.contrib.admin.options import TO_FIELD_VAR
from django.http import HttpResponse, JsonResponse
from django.middleware.csp import get_nonce
from django.template import loader
from django.utils.translation import gettext

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Sends `Permissions-Policy` and `Cross-Origin-Resource-Policy`, and gives every
    response its own CSP nonce.

    Place it after django.middleware.csp.ContentSecurityPolicyMiddleware. Django only puts
    the nonce in the header once something has used it; evaluating it up front means every
    page (ours and the admin's, whose `{% csp_nonce_attr %}` depends on it) carries a fresh
    nonce that its inline scripts can match.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(allowlist)})"
            for feature, allowlist in getattr(settings, "PERMISSIONS_POLICY", {}).items()
        )

    def __call__(self, request):
        nonce = get_nonce(request)
        if nonce is not None:
            str(nonce)
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        # Nothing of this site is meant to be embedded by another site (images, PDFs, JSON).
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class DatabaseUnavailableMiddleware:
    """A friendly 503 instead of a 500 while the database is unreachable.

    Catches the errors a lost or refused connection raises inside a view or its
    template. The page renders without a request or context, so no context
    processor, session or user lookup touches the database again. The site
    recovers by itself: a connection that failed is closed at the end of the
    request (CONN_HEALTH_CHECKS replaces a dead persistent one), and the next
    request connects anew. Errors raised by another middleware outside the
    view (e.g. saving a session) still end on the 500 page. API clients (/api/) get the
    same message as JSON, in the API's error shape.
    """

    RETRY_AFTER_SECONDS = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (db.OperationalError, db.InterfaceError)):
            return None
        logger.warning("Database unavailable while serving %s: %s", request.path, exception)
        if request.path_info.startswith("/api/"):
            message = gettext(
                "De gegevens zijn even niet bereikbaar. Probeer het over %(seconds)s seconden "
                "opnieuw."
            ) % {"seconds": self.RETRY_AFTER_SECONDS}
            response = JsonResponse({"fout": message}, status=503)
        else:
            response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


class RequestSizeLimitMiddleware:
    """Refuses a request whose declared body is too large (413) before it is read.

    The limit is above the largest form the back office takes in one request: a
    campaign with its image (5 MB) and flyer (10 MB). A chunked body has no
    Content-Length: under WSGI Django then reads no body at all (it reads at most
    CONTENT_LENGTH bytes), so nothing large is read either; behind a proxy, the
    proxy's own body-size limit is the first line.
    """

    MAX_BODY_BYTES = 16 * 1024 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > self.MAX_BODY_BYTES:
            return HttpResponse(
                gettext("Dit verzoek is te groot: het mag hoogstens %(size)s MB zijn.")
                % {"size": self.MAX_BODY_BYTES // (1024 * 1024)},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class EmptyToFieldMiddleware:
    """Refuses an empty `_to_field` parameter as a bad request (400).

    Django's admin change and delete views look `?_to_field=` up as a field named "",
    which raises FieldDoesNotExist (a 500); any other field they may not use they refuse
    with DisallowedModelAdminToField (a 400). Found by tests/test_hostile_urls.py.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for data in (request.GET, request.POST if request.method == "POST" else {}):
            if TO_FIELD_VAR in data and not data.get(TO_FIELD_VAR):
                raise DisallowedModelAdminToField("An empty _to_field names no field.")
        return self.get_response(request)


class SessionIdleMiddleware:
    """A back-office session ends SESSION_COOKIE_AGE after its last request, not after its
    login: every answered request of a logged-in user moves the end.

    Not Django's SESSION_SAVE_EVERY_REQUEST: that writes the session also while the
    database is down, and turns the Dutch 503 into a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Only a request that came with a session: asking a visitor's (lazy) user would
        # read their empty session, and `Vary: Cookie` would keep the page out of the cache.
        session = getattr(request, "session", None)
        if (
            response.status_code < 500
            and session is not None
            and session.session_key
            and request.user.is_authenticated
        ):
            session.modified = True
        return response
