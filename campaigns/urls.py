from django.urls import path

from config.page_cache import public_page

from . import agenda, views

app_name = "campaigns"

# The pages staff also preview, for campaigns that are not public yet: config/urls.py
# includes them a second time under /voorbeeld/ (config.preview).
previewable_patterns = [
    path("<slug:campaign>/agenda/", public_page(agenda.agenda), name="agenda"),
    path("<slug:campaign>/agenda.ics", public_page(agenda.agenda_feed), name="agenda-ics"),
]

urlpatterns = [
    path("", public_page(views.home), name="home"),
    path("gemeenten/zoeken/", public_page(views.municipality_search), name="municipality-search"),
    path(
        "gemeenten/zoeken.json",
        public_page(views.municipality_search_json),
        name="municipality-search-json",
    ),
    *previewable_patterns,
]
