from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("gemeenten/zoeken/", views.municipality_search, name="municipality-search"),
    path("gemeenten/zoeken.json", views.municipality_search_json, name="municipality-search-json"),
]
