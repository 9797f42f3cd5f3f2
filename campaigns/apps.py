from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campagnes")

    def ready(self):
        from config import media, page_cache, revisions
        from config.preview import can_preview
        from config.roles import sync_roles_after_migrate

        from .models import Campaign, CampaignEvent, KeyFigure, UpcomingElection
        from .site_pages import SitePage, site_pages_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="campaigns-sync-roles")
        # The pages about the site exist from the first migrate on (site_pages.py).
        post_migrate.connect(
            site_pages_after_migrate, sender=self, dispatch_uid="campaigns-site-pages"
        )
        page_cache.invalidate_on_changes(self)
        # Every save through the admin is a version: a campaign with its key figures and
        # agenda (its editions have versions of their own; config/revisions.py).
        revisions.register(Campaign, follow=["key_figures", "events"])
        revisions.register(KeyFigure)
        revisions.register(CampaignEvent)
        revisions.register(SitePage)
        page_cache.schedule(Campaign.objects.publications_after)
        page_cache.schedule(CampaignEvent.objects.publications_after)
        # The life cycle: pages change when election day or a term is over (lifecycle.py).
        page_cache.schedule(Campaign.objects.phase_changes_after)
        page_cache.schedule(UpcomingElection.objects.passing_after)
        # A campaign's flyer and image are public with the campaign; before that only for
        # staff who may preview it (config/media.py).
        for field in ("flyer", "image"):
            media.register(
                Campaign,
                field,
                public=Campaign.objects.public,
                staff=lambda request: Campaign.objects.all() if can_preview(request.user) else None,
            )
