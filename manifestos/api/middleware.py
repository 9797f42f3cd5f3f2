"""Rate limiting and CORS for the API, in front of the page cache.

Placed before `config.page_cache.PageCacheMiddleware`, so an answer served from the
page cache (or a 304) counts as much as a freshly rendered one. Requests are counted
per client address (`config.auth.client_ip`, which honours CLIENT_IP_HEADER behind a
proxy) in fixed windows of API_RATE_LIMIT_WINDOW seconds, in the default cache: with
Redis every app server shares the count, with local memory it is per process.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from config.auth import client_ip

from .http import ALLOWED_METHODS, error_response

API_PREFIX = "/api/v1/"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": ALLOWED_METHODS,
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": (
        "ETag, Last-Modified, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining"
    ),
    "Access-Control-Max-Age": "86400",
    # Any site may read the API (the rest of the site stays same-origin).
    "Cross-Origin-Resource-Policy": "cross-origin",
}


def _count(address, limit, window):
    """(requests in the current window including this one, seconds until it ends)."""
    now = time.time()
    index = int(now // window)
    key = f"api-rate:{window}:{index}:{address}"
    cache.add(key, 0, timeout=window + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # The window's key expired between add() and incr().
        cache.set(key, 1, timeout=window + 1)
        used = 1
    return used, max(math.ceil((index + 1) * window - now), 1)


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        limit = settings.API_RATE_LIMIT
        window = settings.API_RATE_LIMIT_WINDOW
        used, retry_after = _count(client_ip(request), limit, window)
        if used > limit:
            response = error_response(
                _(
                    "Te veel verzoeken: hoogstens %(limit)s per %(window)s seconden. "
                    "Probeer het over %(retry)s seconden opnieuw."
                )
                % {"limit": limit, "window": window, "retry": retry_after},
                429,
            )
            response["Retry-After"] = str(retry_after)
            response["Cache-Control"] = "no-store"
        else:
            response = self.get_response(request)
        response["X-RateLimit-Limit"] = str(limit)
        response["X-RateLimit-Remaining"] = str(max(limit - used, 0))
        for name, value in CORS_HEADERS.items():
            response[name] = value
        return response
