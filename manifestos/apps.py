from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManifestosConfig(AppConfig):
    name = "manifestos"
    verbose_name = _("Manifesten")

    def ready(self):
        from config import page_cache

        from .models import Edition

        page_cache.invalidate_on_changes(self)
        page_cache.schedule(Edition.objects.publications_after)
