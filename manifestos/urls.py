from django.urls import path

from config.page_cache import public_page

from . import views
from .compare import views as compare
from .outreach import views as outreach

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
    # Compare elections per theme (manifestos/compare/).
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
    # The member letter kit (manifestos/outreach/): per visitor (CSRF token), never public.
    path("<slug:campaign>/brief/", outreach.campaign_letter, name="campaign-letter"),
    path("<slug:campaign>/brief/pdf/", outreach.campaign_letter_pdf, name="campaign-letter-pdf"),
    path(
        "<slug:campaign>/gemeente/<slug:slug>/brief/",
        outreach.municipality_letter,
        name="municipality-letter",
    ),
    path(
        "<slug:campaign>/gemeente/<slug:slug>/brief/pdf/",
        outreach.municipality_letter_pdf,
        name="municipality-letter-pdf",
    ),
    path(
        "<slug:campaign>/provincie/<slug:slug>/brief/",
        outreach.province_letter,
        name="province-letter",
    ),
    path(
        "<slug:campaign>/provincie/<slug:slug>/brief/pdf/",
        outreach.province_letter_pdf,
        name="province-letter-pdf",
    ),
    # The staff preview of the pages above, for drafts and scheduled content: the same
    # views with preview=True (views.staff_preview), each named "preview-" + the public name.
    path(
        "voorbeeld/<slug:campaign>/",
        views.staff_preview(views.campaign_detail),
        name="preview-campaign-detail",
    ),
    path(
        "voorbeeld/<slug:campaign>/provincie/<slug:slug>/",
        views.staff_preview(views.province_detail),
        name="preview-province-detail",
    ),
    path(
        "voorbeeld/<slug:campaign>/gemeente/<slug:slug>/",
        views.staff_preview(views.municipality_detail),
        name="preview-municipality-detail",
    ),
    path(
        "voorbeeld/<slug:campaign>/provincie/<slug:slug>/print/",
        views.staff_preview(views.province_print),
        name="preview-province-print",
    ),
    path(
        "voorbeeld/<slug:campaign>/provincie/<slug:slug>/pdf/",
        views.staff_preview(views.province_pdf),
        name="preview-province-pdf",
    ),
    path(
        "voorbeeld/<slug:campaign>/gemeente/<slug:slug>/print/",
        views.staff_preview(views.municipality_print),
        name="preview-municipality-print",
    ),
    path(
        "voorbeeld/<slug:campaign>/gemeente/<slug:slug>/pdf/",
        views.staff_preview(views.municipality_pdf),
        name="preview-municipality-pdf",
    ),
]
