from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Regio's")

    def ready(self):
        from config import page_cache

        page_cache.invalidate_on_changes(self)
