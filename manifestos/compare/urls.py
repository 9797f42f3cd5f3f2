"""Compare elections per theme; included by manifestos/urls.py in its namespace.

A comparison's address names the theme by its slug, within the campaign's national
edition or (as the pages' own addresses do) the province or municipality of a regional
one. The earlier address by database id (`…/vergelijk/42/`) leads there permanently; a
slug always has a letter, so the two never meet.
"""

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
        public_page(compare.theme_compare_by_id),
        name="theme-compare-by-id",
    ),
    path(
        "<slug:campaign>/vergelijk/<slug:theme>/",
        public_page(compare.theme_compare),
        name="theme-compare",
    ),
    path(
        "<slug:campaign>/vergelijk/provincie/<slug:region>/<slug:theme>/",
        public_page(compare.province_theme_compare),
        name="province-theme-compare",
    ),
    path(
        "<slug:campaign>/vergelijk/gemeente/<slug:region>/<slug:theme>/",
        public_page(compare.municipality_theme_compare),
        name="municipality-theme-compare",
    ),
]
