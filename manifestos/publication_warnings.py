"""What visitors of a campaign's pages would miss once it is published: the publishing
warnings the back office shows (manifestos/admin/campaigns.py) when staff publish or save.

They count the editions that are (or will be) visible: all but the drafts, and never
block publishing. They reuse the pages' own rules: which contact and figures a page
chooses (assembly.py).
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Campaign
from regions.models import Contact, Municipality, Province, RegionalFigures

from .assembly import chosen_contact, figures_rank
from .models import Theme

Status = Campaign.Status
# Figures whose reference date lies further before the election than this are called old.
FIGURES_MAX_AGE_YEARS = 2


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
    """What visitors of the campaign's pages would miss, once it is published."""
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
