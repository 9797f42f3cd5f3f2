"""The site's URLs plus a hello-world view: the ceiling every page is measured against."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler404  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def hello(request):
    return HttpResponse(b"Hello, world", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello), *site_urlpatterns]
