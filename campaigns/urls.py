from django.urls import path

from config.page_cache import public_page

from . import agenda, views
from .site_pages import SitePage

app_name = "campaigns"

# The pages staff also preview, for campaigns that are not public yet: config/urls.py
# includes them a second time under /voorbeeld/ (config.preview).
previewable_patterns = [
    path("<slug:campaign>/agenda/", public_page(agenda.agenda), name="agenda"),
    path("<slug:campaign>/agenda.ics", public_page(agenda.agenda_feed), name="agenda-ics"),
]

urlpatterns = [
    path("", public_page(views.home), name="home"),
    # The pages about the site, one address each (reserved as campaign slugs), all named
    # "site-page": {% url 'campaigns:site-page' key='privacy' %} picks by the key.
    *(
        path(f"{key}/", public_page(views.site_page), {"key": key}, name="site-page")
        for key in SitePage.Key.values
    ),
    path("gemeenten/zoeken/", public_page(views.municipality_search), name="municipality-search"),
    path(
        "gemeenten/zoeken.json",
        public_page(views.municipality_search_json),
        name="municipality-search-json",
    ),
    *previewable_patterns,
]
