from django.urls import path

from config.page_cache import public_page
from config.preview import staff_preview

from . import agenda, views

app_name = "campaigns"

urlpatterns = [
    path("", public_page(views.home), name="home"),
    path("gemeenten/zoeken/", public_page(views.municipality_search), name="municipality-search"),
    path(
        "gemeenten/zoeken.json",
        public_page(views.municipality_search_json),
        name="municipality-search-json",
    ),
    path("<slug:campaign>/agenda/", public_page(agenda.agenda), name="agenda"),
    path("<slug:campaign>/agenda.ics", public_page(agenda.agenda_feed), name="agenda-ics"),
    # The staff preview, for campaigns that are not public yet (see manifestos/urls.py).
    path("voorbeeld/<slug:campaign>/agenda/", staff_preview(agenda.agenda), name="preview-agenda"),
    path(
        "voorbeeld/<slug:campaign>/agenda.ics",
        staff_preview(agenda.agenda_feed),
        name="preview-agenda-ics",
    ),
]
