"""What visitors of a campaign's pages would miss once it is published: the publishing
warnings the back office shows (manifestos/admin/campaigns.py) when staff publish or save.

They count the editions that are (or will be) visible: all but the drafts, and never
block publishing. They are where staff read what no public page says (a region without
a page of its own, a page without an edition of its own region, without figures, or with
undated figures); the preview says the same per page (templates/includes/staff_note.html).
They reuse the pages' own rules: which regions have pages (campaigns/coverage.py), which
contact and figures a page chooses (assembly.py).
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.coverage import Coverage
from campaigns.models import Campaign
from regions.models import Contact, Municipality, Province, RegionalFigures

from .assembly import chosen_contact, figures_rank
from .models import Edition, Theme
from .services import dated_texts

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
    regions = _PageRegions.of(campaign)
    if coverage_warning := _coverage_warning(campaign, regions):
        warnings.append(coverage_warning)
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
    if provinces := _provinces_without_figures(campaign, regions):
        warnings.append(
            PublicationWarning(
                gettext_lazy(
                    "Provincies zonder regiocijfers: hun pagina's, en die van hun gemeenten "
                    "zonder eigen cijfers, tonen geen cijfers:"
                ),
                provinces,
            )
        )
    if figures := _old_figures(campaign, regions):
        warnings.append(
            PublicationWarning(
                gettext_lazy(
                    "Regiocijfers van meer dan twee jaar voor de verkiezingsdatum, of zonder "
                    "peildatum:"
                ),
                figures,
            )
        )
    if dated := old_years(campaign=campaign):
        warnings.append(PublicationWarning(OLD_YEARS, dated))
    if missing := _follow_up_copy_missing(campaign):
        warnings.append(
            PublicationWarning(
                gettext_lazy(
                    "Vanaf de dag na de verkiezingen staan deze teksten niet meer op de site, "
                    "omdat ze over de komende verkiezingen gaan. Vul hun versie voor na de "
                    "verkiezingen in (Teksten op de website), of laat ze dan weg:"
                ),
                missing,
            )
        )
    return warnings


OLD_YEARS = gettext_lazy(
    "Deze titels en teksten noemen nog een jaar van de verkiezing waarvan deze campagne "
    "een kopie is (of een jaar voor deze verkiezing); controleer ze:"
)


def old_years(*, campaign):
    """A copy's titles and texts that still name a year of the election it was copied
    from (`services.dated_texts`)."""
    return [WarningItem(label, obj) for label, obj in dated_texts(campaign=campaign)]


def _follow_up_copy_missing(campaign):
    """The web copy that disappears after election day for want of its follow-up."""
    pairs = [
        (campaign.web_intro, campaign.follow_up_intro, Campaign._meta.get_field("web_intro")),
        (
            campaign.call_to_action,
            campaign.follow_up_call_to_action,
            Campaign._meta.get_field("call_to_action"),
        ),
    ]
    return [
        WarningItem(str(field.verbose_name).capitalize(), campaign)
        for before, after, field in pairs
        if before.strip() and not after.strip()
    ]


def draft_editions(*, campaign):
    """The campaign's editions that stay invisible until they are published themselves."""
    editions = (
        campaign.editions.originals()
        .filter(status=Status.DRAFT)
        .select_related("province", "municipality")
    )
    return [
        WarningItem(f"{edition.title} ({edition.scope_label})", edition) for edition in editions
    ]


def _visible_editions(campaign):
    return campaign.editions.originals().exclude(status=Status.DRAFT)


@dataclass(frozen=True)
class _PageRegions:
    """Which regional pages the campaign will have (its coverage, counting the editions
    that are or will be visible), and the provinces whose figures those pages can show."""

    coverage: Coverage
    editions: list[Edition]
    provinces: list[Province]
    # Provinces with a page, or with a municipality that has one.
    with_pages: frozenset[int]

    @classmethod
    def of(cls, campaign):
        editions = list(
            _visible_editions(campaign).select_related("province", "municipality__province")
        )
        coverage = Coverage.of_scopes(
            campaign.level, ((e.province_id, e.municipality_id) for e in editions)
        )
        provinces = list(Province.objects.order_by("name")) if campaign.level.regional_pages else []
        with_pages = {province.pk for province in provinces if coverage.covers_province(province)}
        if campaign.level.has_municipality_pages:
            with_pages |= {e.municipality.province_id for e in editions if e.municipality_id}
        return cls(coverage, editions, provinces, frozenset(with_pages))

    def shows(self, figures):
        """Whether a page of the campaign can show `figures` (of their region or a larger
        one): read with the figures' municipality and province."""
        if figures.municipality_id:
            return self.coverage.covers_municipality(figures.municipality)
        if figures.province_id:
            return figures.province_id in self.with_pages
        return any(
            province.district_id == figures.district_id
            for province in self.provinces
            if province.pk in self.with_pages
        )


def _coverage_warning(campaign, regions):
    """Without a national edition, a campaign with regional pages has pages only for the
    regions of its editions: say which, so nobody expects the others."""
    if campaign.level.national_only or regions.coverage.is_complete:
        return None
    regional = sorted(
        (e for e in regions.editions if e.specificity), key=lambda e: str(e.scope_label)
    )
    if not regional:
        return PublicationWarning(
            gettext_lazy(
                "Deze campagne heeft geen landelijke of regionale editie: er is geen pagina "
                "per provincie of gemeente, alleen de campagnepagina."
            ),
            [],
        )
    return PublicationWarning(
        gettext_lazy(
            "Zonder landelijke editie zijn er alleen pagina's voor de regio's van deze "
            "edities (een provinciale editie: ook voor de gemeenten in die provincie). Op de "
            "adressen van andere provincies en gemeenten vinden bezoekers een verwijzing; "
            "die staan niet in de sitemap:"
        ),
        [WarningItem(str(edition.scope_label), edition) for edition in regional],
    )


def _provinces_without_figures(campaign, regions):
    """Provinces with pages whose pages show no figures: neither the province nor its
    district has figures known on election day."""
    if campaign.level.national_only:
        return []
    known = RegionalFigures.objects.as_of(campaign.election_date).filter(municipality=None)
    with_figures = set()
    district_figures = set()
    for province_id, district_id in known.values_list("province_id", "district_id"):
        with_figures.add(province_id)
        district_figures.add(district_id)
    return [
        WarningItem(province.name, province)
        for province in regions.provinces
        if province.pk in regions.with_pages
        and province.pk not in with_figures
        and (province.district_id is None or province.district_id not in district_figures)
    ]


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


def _old_figures(campaign, regions):
    """The figures regional pages would show that are old, or undated, on election day.

    Per region, the figures a page would choose among that region's (`figures_rank`);
    only campaigns with pages per province and municipality show figures, and only for
    the regions they have pages for.
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
        if not regions.shows(figures):
            continue
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
        if figures.reference_date is None and figures.manifesto_year is not None:
            label = _("%(region)s (zonder peildatum, uit het manifest van %(year)s)") % {
                "region": figures.region,
                "year": figures.manifesto_year,
            }
        elif figures.reference_date is None:
            label = _("%(region)s (zonder peildatum)") % {"region": figures.region}
        else:
            label = _("%(region)s (peildatum %(date)s)") % {
                "region": figures.region,
                "date": formats.date_format(figures.reference_date, "j F Y"),
            }
        items.append(WarningItem(label, figures))
    return items
