from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManifestosConfig(AppConfig):
    name = "manifestos"
    verbose_name = _("Manifesten")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from config import media, page_cache, page_frames, revisions
        from regions.models import Contact

        from .assembly import contact_photo_viewers, public_contacts
        from .lobby import public

        # The lobby's models as models.py registers them with Django (the core never
        # imports its rooms: pyproject.toml's contracts).
        from .models import (
            NOT_READ_BY_PAGES,
            Adoption,
            Edition,
            Party,
            Recommendation,
            Theme,
            edition_touched,
        )
        from .templatetags import editions

        # A municipality or province page shows themes and recommendations only in its
        # parts (config/page_frames.py): the edition's block and what the parties did.
        page_cache.invalidate_on_changes(
            self,
            parts=(Theme, Recommendation),
            part_fields=[Edition._meta.get_field("updated_at")],
        )
        page_frames.register_part(editions.PART, editions.edition_part)
        page_frames.register_part(public.PART, public.party_results_part)
        # Every save through the admin is a version: an edition with its themes (sub-themes
        # are themes of the edition too) and their recommendations (config/revisions.py).
        revisions.register(Edition, follow=["themes"])
        revisions.register(Theme, follow=["recommendations"])
        revisions.register(Recommendation, exclude=NOT_READ_BY_PAGES)
        revisions.register(Party, follow=["adoptions"])
        revisions.register(Adoption)
        for model in (Theme, Recommendation):
            for signal in (post_save, post_delete):
                uid = f"edition-touched:{model.__name__}"
                signal.connect(edition_touched, sender=model, dispatch_uid=uid)
        page_cache.schedule(Edition.objects.publications_after)
        # A contact's photo is public when a public page shows the card (config/media.py).
        media.register(Contact, "photo", public=public_contacts, staff=contact_photo_viewers)
