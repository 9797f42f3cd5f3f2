from django.urls import path

from . import views

app_name = "manifestos"

urlpatterns = [
    path("<slug:campaign>/", views.campaign_detail, name="campaign-detail"),
    path("<slug:campaign>/provincie/<slug:slug>/", views.province_detail, name="province-detail"),
    path(
        "<slug:campaign>/gemeente/<slug:slug>/",
        views.municipality_detail,
        name="municipality-detail",
    ),
]
