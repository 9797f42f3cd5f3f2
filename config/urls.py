from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from campaigns.views import favicon, robots_txt
from config import health, media
from config.page_cache import public_page
from config.preview import staff_preview
from manifestos.feeds import CampaignFeed
from manifestos.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", public_page(robots_txt), name="robots-txt"),
    path("favicon.ico", favicon, name="favicon"),
    # "feeds" is a reserved campaign slug (RESERVED_CAMPAIGN_SLUGS).
    path("feeds/campagnes.atom", public_page(CampaignFeed()), name="campaign-feed"),
    # No trailing slash: a campaign lives at /<slug>/, so these never meet a campaign page.
    path("healthz", health.healthz, name="healthz"),
    # Uploaded files, in every environment, for whoever may see their content (config/media.py);
    # "media" is no campaign (RESERVED_CAMPAIGN_SLUGS).
    path("media/<path:name>", media.serve, name="media"),
    path("readyz", health.readyz, name="readyz"),
    # Before the campaign pages: "api" is no campaign (RESERVED_CAMPAIGN_SLUGS).
    path("api/", include("manifestos.api.urls")),
    # The staff preview of the public pages that have one, in namespaces of their own
    # ("manifestos-preview"). Before the public pages, which would read "voorbeeld" as a
    # campaign (RESERVED_CAMPAIGN_SLUGS): everything under /voorbeeld/ is a preview.
    path("voorbeeld/", staff_preview("campaigns.urls")),
    path("voorbeeld/", staff_preview("manifestos.urls")),
    path("", include("campaigns.urls")),
    path("", include("manifestos.urls")),
]

handler404 = "campaigns.views.page_not_found"
