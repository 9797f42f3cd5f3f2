from django.urls import path

from config.page_cache import public_page

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", public_page(views.home), name="home"),
]
