"""What every API view shares: allowed methods, JSON answers and errors, query
parameters and pagination."""

import math
import re
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from config.page_cache import public_page

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
# Far beyond any real list; keeps a huge number from reaching the database as an offset.
MAX_PAGE = 10_000


class ApiError(Exception):
    """A request the API answers with `{"fout": message}` and `status`."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def json_response(data, status=200):
    return JsonResponse(
        data,
        status=status,
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )


def error_response(message, status):
    return json_response({"fout": str(message)}, status=status)


def api_view(view):
    """An API endpoint: GET and HEAD answered by `view` through the page cache (ETag,
    Last-Modified, 304), OPTIONS with the allowed methods, anything else 405; Http404
    and ApiError become Dutch JSON errors. CORS and rate limiting: see middleware.py.

    Nothing is written, so the endpoints need no CSRF check; exempting them lets a
    POST get the API's own 405 instead of the CSRF failure page.
    """

    @public_page
    def read(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404 as error:
            return error_response(error.args[0] if error.args else _("Niet gevonden."), 404)
        except ApiError as error:
            return error_response(error.message, error.status)

    @csrf_exempt
    @wraps(view)
    def endpoint(request, *args, **kwargs):
        if request.method in ("GET", "HEAD"):
            return read(request, *args, **kwargs)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        else:
            response = error_response(
                _("Deze API kan alleen gelezen worden: gebruik GET, HEAD of OPTIONS."), 405
            )
        response["Allow"] = ALLOWED_METHODS
        return response

    return endpoint


def absolute(request, path):
    return request.build_absolute_uri(path)


# --- parameters -----------------------------------------------------------------------

CAMPAIGN_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")
PROVINCE_CODE = re.compile(r"PV[0-9]{2}")
MUNICIPALITY_CODE = re.compile(r"GM[0-9]{4}")
POSITIVE_NUMBER = re.compile(r"[0-9]{1,9}")


def parameter(request, name, pattern, message):
    """The query parameter `name` (or None when absent), refused when it does not match."""
    value = request.GET.get(name)
    if value is None:
        return None
    if not pattern.fullmatch(value):
        raise ApiError(message % {"name": name, "value": value[:60]})
    return value


def filter_object(queryset, message, **lookup):
    """The one object a path or a filter names, else a 404 with the Dutch `message`. For a
    filter, a well-formed value that names nothing (a campaign that is not public, a code
    no province has) is a 404 too, not an empty list: a typo in a filter must not look
    like "no results"; a malformed value is a 400."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise ApiError(message, status=404)
    return found


# --- pagination -----------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    items: list
    envelope: dict


def _page_number(request, name, default, maximum):
    raw = request.GET.get(name)
    if raw is None:
        return default
    if not POSITIVE_NUMBER.fullmatch(raw) or not 1 <= int(raw) <= maximum:
        raise ApiError(
            _("Parameter ‘%(name)s’ moet een geheel getal van 1 tot en met %(max)s zijn.")
            % {"name": name, "max": maximum}
        )
    return int(raw)


def paginate(request, queryset):
    """One page of `queryset` (`?page=`, `?page_size=` up to MAX_PAGE_SIZE) in an envelope
    with the total count and links to the next and previous pages; two queries."""
    number = _page_number(request, "page", 1, MAX_PAGE)
    size = _page_number(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    count = queryset.count()
    pages = max(math.ceil(count / size), 1)
    if number > pages:
        raise ApiError(
            _("Pagina %(page)s bestaat niet: er zijn %(pages)s pagina's.")
            % {"page": number, "pages": pages},
            status=404,
        )
    start = (number - 1) * size
    items = list(queryset[start : start + size])

    def link(page):
        query = request.GET.copy()
        query["page"] = str(page)
        return absolute(request, f"{request.path}?{urlencode(sorted(query.items()))}")

    envelope = {
        "count": count,
        "page": number,
        "pages": pages,
        "page_size": size,
        "next": link(number + 1) if number < pages else None,
        "previous": link(number - 1) if number > 1 else None,
    }
    return Page(items=items, envelope=envelope)
