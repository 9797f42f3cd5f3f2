from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Metaalunie verkiezingen – beheer")
admin.site.site_title = _("Metaalunie verkiezingen")
admin.site.index_title = _("Campagnes, manifesten en regio's")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("campaigns.urls")),
    path("", include("regions.urls")),
    path("", include("manifestos.urls")),
]

handler404 = "campaigns.views.page_not_found"
