"""Compare elections per theme; included by manifestos/urls.py in its namespace."""

from django.urls import path

from config.page_cache import public_page

from . import views as compare

urlpatterns = [
    path(
        "<slug:campaign>/vergelijk/",
        public_page(compare.campaign_compare),
        name="campaign-compare",
    ),
    path(
        "<slug:campaign>/vergelijk/<int:theme>/",
        public_page(compare.theme_compare),
        name="theme-compare",
    ),
]
