"""What the staff preview banner says about a campaign's page: draft, scheduled or public.

The preview itself (who may see it, never cached) is `config.preview`.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from .models import Campaign


@dataclass(frozen=True)
class PreviewNotice:
    """What the preview banner says about the page it is shown on."""

    campaign: Campaign
    # The edition whose text the page shows, if any (a manifesto page; not the agenda).
    edition: object | None
    # The page outside the preview: the same URL name and arguments (config.preview.public_twin).
    public_url: str

    @property
    def campaign_is_draft(self):
        return self.campaign.status == Campaign.Status.DRAFT

    @property
    def edition_is_draft(self):
        return self.edition is not None and self.edition.status == Campaign.Status.DRAFT

    @property
    def is_working_copy(self):
        """The page shows changes to a published edition (manifestos' working copies): the
        public page keeps the published text until they are published."""
        return getattr(self.edition, "replaces_id", None) is not None

    @property
    def visible_from(self):
        """When the page shown becomes public; None while the campaign or edition is a draft."""
        if self.campaign_is_draft or self.edition_is_draft:
            return None
        moments = [self.campaign.published_at]
        if self.edition is not None and self.edition.published_at is not None:
            moments.append(self.edition.published_at)
        return max(moments)

    @property
    def is_public(self):
        visible_from = self.visible_from
        return visible_from is not None and visible_from <= timezone.now()

    @property
    def is_scheduled(self):
        return self.visible_from is not None and not self.is_public

    @property
    def campaign_admin_url(self):
        return reverse("admin:campaigns_campaign_change", args=[self.campaign.pk])

    @property
    def edition_admin_url(self):
        if self.edition is None:
            return None
        return reverse("admin:manifestos_edition_change", args=[self.edition.pk])
