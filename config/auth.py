"""Login protection helpers: which address a login attempt comes from.

django-axes counts failed logins per username and client address. Behind a reverse
proxy REMOTE_ADDR is the proxy's address, so the real one comes from a header the proxy
sets. A header is only trusted when CLIENT_IP_HEADER names it: without a proxy anyone
can send `X-Forwarded-For`, and trusting it would let an attacker pick a fresh address
for every guess.
"""

import ipaddress

from django.conf import settings
from django.shortcuts import render


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's IP address for counting failed logins.

    With CLIENT_IP_HEADER (e.g. `X-Forwarded-For`) and CLIENT_IP_PROXY_COUNT proxies in
    front of the site, the address is the one the outermost trusted proxy saw: the
    CLIENT_IP_PROXY_COUNT-th entry from the right (entries further left are whatever the
    client claimed). A missing or malformed header falls back to REMOTE_ADDR.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    header = settings.CLIENT_IP_HEADER
    if header:
        meta_key = "HTTP_" + header.upper().replace("-", "_")
        entries = [part for part in request.META.get(meta_key, "").split(",") if part.strip()]
        count = max(settings.CLIENT_IP_PROXY_COUNT, 1)
        if len(entries) >= count:
            address = _valid_ip(entries[-count])
            if address:
                return address
    return _valid_ip(remote_addr) or remote_addr


def lockout_response(request, original_response=None, credentials=None):
    """The Dutch page a locked-out login gets (HTTP 429), with the wait in minutes."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": max(int(cool_off.total_seconds() // 60), 1),
    }
    response = render(request, "registration/lockout.html", context, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    response["Cache-Control"] = "no-store"
    return response
