"""Publishing campaigns and editions: draft → published → archived, now or on a schedule.

Nothing here runs on a timer. Whether a visitor sees a campaign or edition is
decided by the clock on every request (`Campaign.objects.public()`,
`Edition.objects.public()`): one that is published with a `published_at` in the
future appears at that moment by itself. These services only set status and
moment; what a visitor would miss is said by `publication_warnings.py`.

The rules, as the back office shows them:

- *Publish now* (`campaign_publish`): the campaign becomes published with
  `published_at` = now, and its draft editions are published with it (they keep
  their own moment; empty means together with the campaign). A campaign that is
  already visible keeps the moment it first appeared (re-publishing an archived
  campaign does not change its date).
- *Schedule*: save the campaign with status published and a future moment.
- *Archive* (`publication_archive`): a published campaign stays public and moves to
  "Eerdere verkiezingen". A draft cannot be archived: archived campaigns are
  public, so that would publish it.
- *Back to draft* (`publication_unpublish`): invisible at once, and the moment is
  cleared, so a scheduled publication is cancelled. Editions keep their status;
  they are hidden with their campaign.

Editions follow the same rules one by one (`edition_publish`, `publication_archive`,
`publication_unpublish`); an edition is visible when it and its campaign both are. A
change to a published edition can be prepared in a working copy and published now or at
a set moment (working_copies.py).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from config.validation import validated_save

from .models import Edition
from .working_copies import working_copy_publish

Status = Campaign.Status
VISIBLE_STATUSES = [Status.PUBLISHED, Status.ARCHIVED]
# How far back the planning looks for what was published recently.
RECENT_PUBLICATIONS = datetime.timedelta(days=30)


# --- writes ---------------------------------------------------------------------------


def _is_visible(item, now):
    return (
        item.status in VISIBLE_STATUSES
        and item.published_at is not None
        and item.published_at <= now
    )


@transaction.atomic
def campaign_publish(*, campaign, now=None):
    """Publish the campaign now, with its draft editions; returns how many editions joined."""
    now = now or timezone.now()
    if not _is_visible(campaign, now):
        campaign.published_at = now
    campaign.status = Status.PUBLISHED
    validated_save(campaign, update_fields=["status", "published_at", "updated_at"])
    return (
        campaign.editions.originals()
        .filter(status=Status.DRAFT)
        .update(status=Status.PUBLISHED, updated_at=now)
    )


@transaction.atomic
def edition_publish(*, edition, now=None, user=None):
    """Publish the edition now: a future moment is cleared, so it shows with its campaign.
    A working copy is put into the edition it replaces (working_copies.py)."""
    if edition.replaces_id is not None:
        return working_copy_publish(copy=edition, user=user)
    now = now or timezone.now()
    if edition.published_at is not None and edition.published_at > now:
        edition.published_at = None
    edition.status = Status.PUBLISHED
    validated_save(edition, update_fields=["status", "published_at", "updated_at"])


@transaction.atomic
def publication_archive(*, item):
    """Archive a campaign or edition: it stays public, under earlier elections."""
    if item.status == Status.DRAFT:
        raise ValidationError(
            _("Een concept kan niet gearchiveerd worden: publiceer het eerst."), code="draft"
        )
    if getattr(item, "replaces_id", None) is not None:
        raise ValidationError(
            _("Een concept met wijzigingen wordt niet gearchiveerd: publiceer of verwijder het."),
            code="working_copy",
        )
    item.status = Status.ARCHIVED
    validated_save(item, update_fields=["status", "updated_at"])


@transaction.atomic
def publication_unpublish(*, item):
    """Back to draft: invisible at once; a scheduled moment is cancelled."""
    item.status = Status.DRAFT
    item.published_at = None
    validated_save(item, update_fields=["status", "published_at", "updated_at"])


# --- the planning ----------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleEntry:
    """A campaign, or an edition with its own moment, that appears at `moment`."""

    moment: datetime.datetime
    campaign: Campaign
    edition: Edition | None = None

    @property
    def waits_for_campaign(self):
        """An edition whose campaign is still a draft: its moment alone publishes nothing."""
        return self.edition is not None and self.campaign.status == Status.DRAFT


def publication_schedule(*, now=None, recent=RECENT_PUBLICATIONS):
    """(upcoming, recent): what appears after `now`, soonest first, and what appeared
    in the `recent` period before it, newest first.

    Campaigns carry `editions_along` (editions that appear with them) and
    `draft_edition_total` (editions that stay invisible).
    """
    now = now or timezone.now()
    since = now - recent
    campaigns = Campaign.objects.filter(
        status__in=VISIBLE_STATUSES, published_at__gt=since
    ).annotate(
        editions_along=Count(
            "editions",
            filter=Q(editions__status__in=VISIBLE_STATUSES, editions__replaces__isnull=True)
            & (
                Q(editions__published_at__isnull=True)
                | Q(editions__published_at__lte=F("published_at"))
            ),
        ),
        draft_edition_total=Count(
            "editions", filter=Q(editions__status=Status.DRAFT, editions__replaces__isnull=True)
        ),
    )
    entries = [ScheduleEntry(campaign.published_at, campaign) for campaign in campaigns]
    editions = Edition.objects.filter(
        status__in=VISIBLE_STATUSES,
        published_at__gt=since,
        campaign__status__in=[*VISIBLE_STATUSES, Status.DRAFT],
    ).select_related("campaign", "province", "municipality")
    for edition in editions:
        campaign = edition.campaign
        if campaign.status == Status.DRAFT:
            if edition.published_at > now:
                entries.append(ScheduleEntry(edition.published_at, campaign, edition))
            continue  # A draft campaign's edition has appeared nowhere.
        if edition.replaces_id is None and edition.published_at <= campaign.published_at:
            continue  # It appears with its campaign, which is listed itself.
        entries.append(ScheduleEntry(edition.published_at, campaign, edition))
    upcoming = sorted((entry for entry in entries if entry.moment > now), key=_entry_order)
    past = sorted(
        (entry for entry in entries if entry.moment <= now), key=_entry_order, reverse=True
    )
    return upcoming, past


def _entry_order(entry):
    return (entry.moment, entry.campaign.name, entry.edition.pk if entry.edition else 0)
