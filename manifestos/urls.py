from django.urls import include, path

from config.page_cache import public_page
from config.preview import staff_preview

from . import views

app_name = "manifestos"

urlpatterns = [
    path("deelafbeelding.png", public_page(views.site_share_image), name="site-share-image"),
    path("<slug:campaign>/deelafbeelding.png", public_page(views.share_image), name="share-image"),
    # Before the campaign pattern: "zoeken" is no campaign (RESERVED_CAMPAIGN_SLUGS).
    path("zoeken/", public_page(views.search), name="search"),
    path("<slug:campaign>/", public_page(views.campaign_detail), name="campaign-detail"),
    path(
        "<slug:campaign>/provincie/<slug:slug>/",
        public_page(views.province_detail),
        name="province-detail",
    ),
    path(
        "<slug:campaign>/gemeente/<slug:slug>/",
        public_page(views.municipality_detail),
        name="municipality-detail",
    ),
    path(
        "<slug:campaign>/provincie/<slug:slug>/print/",
        public_page(views.province_print),
        name="province-print",
    ),
    path(
        "<slug:campaign>/provincie/<slug:slug>/pdf/",
        public_page(views.province_pdf),
        name="province-pdf",
    ),
    path(
        "<slug:campaign>/gemeente/<slug:slug>/print/",
        public_page(views.municipality_print),
        name="municipality-print",
    ),
    path(
        "<slug:campaign>/gemeente/<slug:slug>/pdf/",
        public_page(views.municipality_pdf),
        name="municipality-pdf",
    ),
    # The rooms of the manifesto app, each with its own URLconf in the same namespace.
    path("", include("manifestos.compare.urls")),
    path("", include("manifestos.outreach.urls")),
    # The staff preview of the pages above, for drafts and scheduled content: the same
    # views with preview=True (config.preview), each named "preview-" + the public name.
    path(
        "voorbeeld/<slug:campaign>/",
        staff_preview(views.campaign_detail),
        name="preview-campaign-detail",
    ),
    path(
        "voorbeeld/<slug:campaign>/provincie/<slug:slug>/",
        staff_preview(views.province_detail),
        name="preview-province-detail",
    ),
    path(
        "voorbeeld/<slug:campaign>/gemeente/<slug:slug>/",
        staff_preview(views.municipality_detail),
        name="preview-municipality-detail",
    ),
    path(
        "voorbeeld/<slug:campaign>/provincie/<slug:slug>/print/",
        staff_preview(views.province_print),
        name="preview-province-print",
    ),
    path(
        "voorbeeld/<slug:campaign>/provincie/<slug:slug>/pdf/",
        staff_preview(views.province_pdf),
        name="preview-province-pdf",
    ),
    path(
        "voorbeeld/<slug:campaign>/gemeente/<slug:slug>/print/",
        staff_preview(views.municipality_print),
        name="preview-municipality-print",
    ),
    path(
        "voorbeeld/<slug:campaign>/gemeente/<slug:slug>/pdf/",
        staff_preview(views.municipality_pdf),
        name="preview-municipality-pdf",
    ),
]
