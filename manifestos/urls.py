from django.urls import include, path

from config.page_cache import public_page

from . import views

app_name = "manifestos"

# The pages staff also preview, drafts and scheduled content included: config/urls.py
# includes them a second time under /voorbeeld/ (config.preview). Search, the share
# images, the comparisons and the letter kit show public campaigns only: no preview.
previewable_patterns = [
    path("<slug:campaign>/", public_page(views.campaign_detail), name="campaign-detail"),
    path(
        "<slug:campaign>/provincie/<slug:slug>/",
        public_page(views.province_detail, framed=True),
        name="province-detail",
    ),
    path(
        "<slug:campaign>/gemeente/<slug:slug>/",
        public_page(views.municipality_detail, framed=True),
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
]

urlpatterns = [
    path("deelafbeelding.png", public_page(views.site_share_image), name="site-share-image"),
    path("<slug:campaign>/deelafbeelding.png", public_page(views.share_image), name="share-image"),
    path(
        "<slug:campaign>/gemeente/<slug:slug>/deelafbeelding.png",
        public_page(views.municipality_share_image),
        name="municipality-share-image",
    ),
    path(
        "<slug:campaign>/provincie/<slug:slug>/deelafbeelding.png",
        public_page(views.province_share_image),
        name="province-share-image",
    ),
    # Before the campaign pattern: "zoeken" is no campaign (RESERVED_CAMPAIGN_SLUGS).
    path("zoeken/", public_page(views.search), name="search"),
    *previewable_patterns,
    # The rooms of the manifesto app, each with its own URLconf in the same namespace.
    path("", include("manifestos.compare.urls")),
    path("", include("manifestos.outreach.urls")),
]
