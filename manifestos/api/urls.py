"""The API's addresses: /api/ (documentation) and /api/v1/… (JSON)."""

from django.urls import path, re_path, register_converter

from . import views


class ProvinceCode:
    regex = "PV[0-9]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class MunicipalityCode(ProvinceCode):
    regex = "GM[0-9]{4}"


class EditionKey(ProvinceCode):
    """`Edition.key`: "national", or the CBS code of a province or municipality."""

    regex = "national|PV[0-9]{2}|GM[0-9]{4}"


# Only well-formed CBS codes reach a view; anything else is the catch-all's 404.
register_converter(ProvinceCode, "province_code")
register_converter(MunicipalityCode, "municipality_code")
register_converter(EditionKey, "edition_key")

app_name = "api"

urlpatterns = [
    path("", views.docs, name="docs"),
    path("v1/", views.index, name="index"),
    path("v1/openapi.json", views.openapi, name="openapi"),
    path("v1/campaigns/", views.campaign_list, name="campaign-list"),
    path("v1/campaigns/<slug:slug>/", views.campaign_detail, name="campaign-detail"),
    path(
        "v1/campaigns/<slug:slug>/municipalities/<municipality_code:code>/",
        views.campaign_municipality,
        name="campaign-municipality",
    ),
    path(
        "v1/campaigns/<slug:slug>/provinces/<province_code:code>/",
        views.campaign_province,
        name="campaign-province",
    ),
    path("v1/editions/", views.edition_list, name="edition-list"),
    path(
        "v1/editions/<slug:campaign>/<edition_key:key>/",
        views.edition_detail,
        name="edition-detail",
    ),
    # The address of an edition before it had a key: to the one it names now.
    path("v1/editions/<int:pk>/", views.edition_by_id, name="edition-by-id"),
    path("v1/provinces/", views.province_list, name="province-list"),
    path("v1/provinces/<province_code:code>/", views.province_detail, name="province-detail"),
    path("v1/municipalities/", views.municipality_list, name="municipality-list"),
    path(
        "v1/municipalities/<municipality_code:code>/",
        views.municipality_detail,
        name="municipality-detail",
    ),
    path("v1/contacts/", views.contact_list, name="contact-list"),
    path("v1/contacts/<slug:slug>/", views.contact_detail, name="contact-detail"),
    # Anything else under v1/ ending in a slash: a JSON 404 instead of the HTML page (a
    # path without the slash is first redirected to it by APPEND_SLASH).
    # [\s\S], not ".": a path argument may hold a line break (%0A).
    re_path(r"^v1/(?P<rest>[\s\S]*/)?$", views.not_found, name="not-found"),
]
