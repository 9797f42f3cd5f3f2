"""Publishing campaigns and editions: draft → published → archived, now or on a schedule.

Nothing here runs on a timer. Whether a visitor sees a campaign or edition is
decided by the clock on every request (`Campaign.objects.public()`,
`Edition.objects.public()`): one that is published with a `published_at` in the
future appears at that moment by itself. These services only set status and
moment, and say what a visitor would miss (`campaign_warnings`).

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
`publication_unpublish`); an edition is visible when it and its campaign both are.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Campaign
from config.validation import validated_save
from regions.models import Contact, Municipality, Province, RegionalFigures

from .assembly import chosen_contact, figures_rank
from .models import Edition, Theme

Status = Campaign.Status
VISIBLE_STATUSES = [Status.PUBLISHED, Status.ARCHIVED]
# Figures whose reference date lies further before the election than this are called old.
FIGURES_MAX_AGE_YEARS = 2
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
    return campaign.editions.filter(status=Status.DRAFT).update(
        status=Status.PUBLISHED, updated_at=now
    )


@transaction.atomic
def edition_publish(*, edition, now=None):
    """Publish the edition now: a future moment is cleared, so it shows with its campaign."""
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
    item.status = Status.ARCHIVED
    validated_save(item, update_fields=["status", "updated_at"])


@transaction.atomic
def publication_unpublish(*, item):
    """Back to draft: invisible at once; a scheduled moment is cancelled."""
    item.status = Status.DRAFT
    item.published_at = None
    validated_save(item, update_fields=["status", "published_at", "updated_at"])


# --- what a visitor would miss ---------------------------------------------------------


@dataclass(frozen=True)
class WarningItem:
    """One thing a warning is about; `obj` is what to open to fix it (or None)."""

    label: str
    obj: object = None


@dataclass(frozen=True)
class PublicationWarning:
    message: str
    items: list[WarningItem]


def campaign_warnings(*, campaign):
    """What visitors of the campaign's pages would miss, once it is published.

    Counts the editions that are (or will be) visible: all but the drafts. The
    warnings never block publishing.
    """
    warnings = []
    if themes := _empty_themes(campaign):
        warnings.append(
            PublicationWarning(
                gettext_lazy("Thema's zonder aanbevelingen (ook niet in een subthema):"), themes
            )
        )
    if gaps := _contact_gaps(campaign):
        warnings.append(
            PublicationWarning(
                gettext_lazy(
                    "Geen contactpersoon voor deze pagina's; bezoekers zien daar het algemene "
                    "adres van Metaalunie. Kies een centrale contactpersoon, of een "
                    "contactpersoon per district of editie:"
                ),
                gaps,
            )
        )
    if figures := _old_figures(campaign):
        warnings.append(
            PublicationWarning(
                gettext_lazy(
                    "Regiocijfers van meer dan twee jaar voor de verkiezingsdatum, of zonder "
                    "peildatum:"
                ),
                figures,
            )
        )
    return warnings


def draft_editions(*, campaign):
    """The campaign's editions that stay invisible until they are published themselves."""
    editions = campaign.editions.filter(status=Status.DRAFT).select_related(
        "province", "municipality"
    )
    return [
        WarningItem(f"{edition.title} ({edition.scope_label})", edition) for edition in editions
    ]


def _visible_editions(campaign):
    return campaign.editions.exclude(status=Status.DRAFT)


def _empty_themes(campaign):
    themes = list(
        Theme.objects.filter(edition__in=_visible_editions(campaign))
        .select_related("edition__province", "edition__municipality")
        .annotate(recommendation_total=Count("recommendations"))
    )
    by_pk = {theme.pk: theme for theme in themes}
    parents_with_content = {
        theme.parent_id for theme in themes if theme.parent_id and theme.recommendation_total
    }
    empty = [
        theme
        for theme in themes
        if not theme.recommendation_total and theme.pk not in parents_with_content
    ]

    def reading_order(theme):
        parent = by_pk.get(theme.parent_id)
        edition = theme.edition
        top_position = (parent or theme).position
        return (edition.specificity, str(edition.scope_label), top_position, theme.position)

    items = []
    for theme in sorted(empty, key=reading_order):
        parent = by_pk.get(theme.parent_id)
        if parent is not None:
            label = _("‘%(title)s’ (subthema van ‘%(parent)s’, %(scope)s)") % {
                "title": theme.title,
                "parent": parent.title,
                "scope": theme.edition.scope_label,
            }
        else:
            label = _("‘%(title)s’ (%(scope)s)") % {
                "title": theme.title,
                "scope": theme.edition.scope_label,
            }
        items.append(WarningItem(label, theme))
    return items


def _contact_gaps(campaign):
    """The pages that would show no person, by the pages' own rule (`chosen_contact`).

    A province stands for its municipalities too, unless one of them has an edition of
    its own.
    """
    if campaign.central_contact_id is not None:
        return []
    editions = list(
        _visible_editions(campaign).select_related("contact", "province", "municipality__province")
    )
    national = next((edition for edition in editions if edition.specificity == 0), None)
    gaps = []
    if chosen_contact(national, None, None) is None:
        gaps.append(WarningItem(_("de campagnepagina"), campaign))
    if campaign.level.national_only:
        return gaps
    district_contacts = {}
    for contact in Contact.objects.filter(district__isnull=False):
        district_contacts.setdefault(contact.district_id, contact)
    provincial = {edition.province_id: edition for edition in editions if edition.specificity == 1}
    provinces_without = set()
    for province in Province.objects.order_by("name"):
        edition = provincial.get(province.pk, national)
        if edition is None:
            continue  # No manifesto on this province's pages: nothing to miss a contact for.
        if chosen_contact(edition, district_contacts.get(province.district_id), None) is None:
            provinces_without.add(province.pk)
            gaps.append(WarningItem(province.name, province))
    municipal = sorted(
        (edition for edition in editions if edition.specificity == 2),
        key=lambda edition: edition.municipality.name,
    )
    for edition in municipal:
        province = edition.municipality.province
        district_contact = district_contacts.get(province.district_id)
        if (
            chosen_contact(edition, district_contact, None) is None
            and province.pk not in provinces_without
        ):
            gaps.append(WarningItem(edition.scope_label, edition))
    return gaps


def _years_before(date, years):
    try:
        return date.replace(year=date.year - years)
    except ValueError:  # 29 February
        return date.replace(year=date.year - years, day=28)


def _old_figures(campaign):
    """The figures regional pages would show that are old, or undated, on election day.

    Per region, the figures a page would choose among that region's (`figures_rank`);
    only campaigns with pages per province and municipality show figures.
    """
    if campaign.level.national_only:
        return []
    election_date = campaign.election_date
    threshold = _years_before(election_date, FIGURES_MAX_AGE_YEARS)
    candidates = (
        RegionalFigures.objects.as_of(election_date)
        .filter(
            Q(municipality__isnull=True)
            | Q(municipality__in=Municipality.objects.valid_on(election_date))
        )
        .select_related("municipality", "province", "district")
    )
    newest = {}
    for figures in candidates:
        region = (figures.municipality_id, figures.province_id, figures.district_id)
        rank = figures_rank(figures)
        if region not in newest or rank > newest[region][0]:
            newest[region] = (rank, figures)
    old = [
        figures
        for _rank, figures in newest.values()
        if figures.reference_date is None or figures.reference_date < threshold
    ]
    items = []
    for figures in sorted(old, key=lambda figures: str(figures.region)):
        if figures.reference_date is None:
            label = _("%(region)s (zonder peildatum)") % {"region": figures.region}
        else:
            label = _("%(region)s (peildatum %(date)s)") % {
                "region": figures.region,
                "date": formats.date_format(figures.reference_date, "j F Y"),
            }
        items.append(WarningItem(label, figures))
    return items


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
            filter=Q(editions__status__in=VISIBLE_STATUSES)
            & (
                Q(editions__published_at__isnull=True)
                | Q(editions__published_at__lte=F("published_at"))
            ),
        ),
        draft_edition_total=Count("editions", filter=Q(editions__status=Status.DRAFT)),
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
        if edition.published_at <= campaign.published_at:
            continue  # It appears with its campaign, which is listed itself.
        entries.append(ScheduleEntry(edition.published_at, campaign, edition))
    upcoming = sorted((entry for entry in entries if entry.moment > now), key=_entry_order)
    past = sorted(
        (entry for entry in entries if entry.moment <= now), key=_entry_order, reverse=True
    )
    return upcoming, past


def _entry_order(entry):
    return (entry.moment, entry.campaign.name, entry.edition.pk if entry.edition else 0)
