from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Regio's")

    def ready(self):
        from config import page_cache, revisions

        from .models import Contact, FigureRow, RegionalFigures

        page_cache.invalidate_on_changes(self)
        # Every save through the admin is a version (config/revisions.py).
        revisions.register(Contact)
        revisions.register(RegionalFigures, follow=["rows"])
        revisions.register(FigureRow)
