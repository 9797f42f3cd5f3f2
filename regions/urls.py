from django.urls import path

from config.page_cache import public_page

from . import views

app_name = "regions"

urlpatterns = [
    path("gemeenten/zoeken/", public_page(views.municipality_search), name="municipality-search"),
    path(
        "gemeenten/zoeken.json",
        public_page(views.municipality_search_json),
        name="municipality-search-json",
    ),
]
