"""Assembling a manifesto page from the most specific content that exists.

For a municipality M in campaign C (DESIGN.md, "Assembling a page"):
- the edition of M, else of M's province, else the national one;
- the figures of M, else of its province, else of its district;
- the person the edition names, else the contact of M's district, else the
  campaign's central contact, else (None) the association's own address.

A page exists only for a region its campaign covers (`campaign.coverage`,
campaigns/coverage.py): there is always an edition to show. Another regional address
of the campaign gets a pointer (`region_pointer`): which editions did appear, and the
same region in the current campaign of the same election type.

A staff preview (`preview=True`) assembles the same page from every edition,
drafts and scheduled ones included, as if they were published; `visible()` is
the one place that makes that choice.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from campaigns.levels import Scope
from campaigns.models import Campaign
from config.page_cache import shared_per_version
from config.preview import can_preview
from config.roles import MANAGE_ALL_CONTACTS
from regions.mergers import municipality_stand_in
from regions.models import Contact, District, Municipality, Province, RegionalFigures

from .models import Edition


@dataclass
class ManifestoPage:
    campaign: Campaign
    edition: Edition | None
    figures: RegionalFigures | None
    contact: Contact | None
    province: Province
    municipality: Municipality | None = None
    preview: bool = False

    @property
    def region(self):
        return self.municipality or self.province

    @property
    def figures_are_fallback(self):
        """True when the figures shown are of a larger region than the page's own."""
        return self.figures is not None and self.figures.region != self.region

    @property
    def figures_origin(self):
        """The year of the earlier manifesto the figures were printed in, which the page
        names with them ("uit het manifest van 2022"); None for figures of this election's
        own manifesto, and for figures that are no manifesto's (they carry their source and
        reference date)."""
        year = self.figures.manifesto_year if self.figures is not None else None
        return year if year is not None and year < self.campaign.election_date.year else None

    @property
    def edition_is_fallback(self):
        """True when a more specific edition would be expected than the one shown.

        The election level's own scope (`page_scope`) is what the manifesto is
        written for: a provincial election's provincial edition is no fallback on
        a municipality page.
        """
        provincial = self.campaign.level.page_scope == Scope.PROVINCE
        expected = 2 if self.municipality and not provincial else 1
        return self.edition is not None and self.edition.specificity < expected


def visible(queryset, *, preview=False):
    """The campaigns or editions a page may show.

    The public ones, or in a staff preview all of them: a preview shows drafts and
    scheduled content as it will look once published, working copies included.
    """
    return queryset.in_preview() if preview else queryset.public()


def public_contacts(now=None):
    """The people public pages can show: a district's contacts (on its regions' pages),
    and central ones that a public campaign or edition names. A card made for a campaign
    that is not public yet stays out (of the API, and its photo: config/media.py) until
    it is."""
    campaigns = Campaign.objects.public(now)
    editions = Edition.objects.public(now).filter(campaign__in=campaigns.values("pk"))
    named = Q(pk__in=campaigns.values("central_contact")) | Q(pk__in=editions.values("contact"))
    return Contact.objects.filter(Q(district__isnull=False) | named)


def contact_photo_viewers(request):
    """The contact cards whose photo a logged-in user may see besides the public ones:
    every card for staff who preview campaigns or manage all cards, else their own."""
    user = request.user
    if can_preview(user) or user.has_perm(MANAGE_ALL_CONTACTS):
        return Contact.objects.all()
    return Contact.objects.filter(user=user)


def _figures_for(campaign, *, municipality=None, province, district):
    """The figures a page shows (`figures_rank`) among those of its regions known on the
    election date. On a public page read once per content version per province: its
    own, its municipalities' and its district's, for each of their pages."""

    def known(candidates):
        return list(candidates.as_of(campaign.election_date).with_rows())

    candidates = shared_per_version(
        ("figures", campaign.election_date, province.pk),
        lambda: known(RegionalFigures.objects.around(province)),
        alone=lambda: known(
            RegionalFigures.objects.for_regions(
                municipality=municipality, province=province, district=district
            )
        ),
    )
    own = [
        figures
        for figures in candidates
        if figures.is_of(municipality=municipality, province=province, district=district)
    ]
    return max(own, key=figures_rank, default=None)


def figures_rank(figures):
    """The page shows the candidate figures that rank highest: the smallest region, then
    the newest reference date (undated ones last)."""
    specificity = 2 if figures.municipality_id else 1 if figures.province_id else 0
    return (specificity, figures.reference_date or datetime.date.min, figures.pk)


def chosen_contact(edition, district_contact, central_contact):
    """The person a page shows: the one its edition names, else its district's, else the
    campaign's central contact; None means the association's own address."""
    if edition is not None and edition.contact_id is not None:
        return edition.contact
    return district_contact or central_contact


def _contact_for(campaign, edition, district: District | None):
    # The district's contacts are read with the municipality or province
    # (`with_district_contacts`); else one query.
    district_contact = next(iter(district.contacts.all()), None) if district else None
    return chosen_contact(edition, district_contact, campaign.central_contact)


def municipality_named(slug, *, preview=False):
    """The municipality whose address is `slug` (None: none), with its district's contacts.
    On a public page out of every municipality, read once per content version for all
    their pages; a preview reads its own."""

    def named():
        return Municipality.objects.with_district_contacts().filter(slug=slug).first()

    if preview:
        return named()
    municipalities = shared_per_version(
        "municipalities",
        lambda: {m.slug: m for m in Municipality.objects.all_with_district_contacts()},
        alone=lambda: {slug: named()},
    )
    return municipalities.get(slug)


def _edition_for(campaign, *, preview, province, municipality=None):
    """The most specific edition of the region, with its content.

    On a public page read once per content version for every region that shows it (the
    national edition: 340 of GR2026's 342 municipality pages). Which regions share it
    follows from the campaign's coverage, read from the same visible editions: a region
    without an edition of its own shows its province's, else the national one. The query
    asks for that scope itself, whichever region asked first."""
    if not preview:
        coverage = campaign.coverage
        own = municipality is not None and municipality.pk in coverage.municipality_ids
        municipality = municipality.pk if own else None
        province = province.pk if province.pk in coverage.province_ids else None

    def edition():
        editions = Edition.objects.for_scope(campaign, province=province, municipality=municipality)
        return visible(editions, preview=preview).most_specific_first().with_content().first()

    if preview:
        return edition()
    return shared_per_version(("edition", campaign.pk, province, municipality), edition)


def municipality_page(campaign, municipality, *, preview=False) -> ManifestoPage:
    province = municipality.province
    edition = _edition_for(campaign, province=province, municipality=municipality, preview=preview)
    return ManifestoPage(
        campaign=campaign,
        edition=edition,
        figures=_figures_for(
            campaign, municipality=municipality, province=province, district=province.district
        ),
        contact=_contact_for(campaign, edition, province.district),
        province=province,
        municipality=municipality,
        preview=preview,
    )


def province_page(campaign, province, *, preview=False) -> ManifestoPage:
    edition = _edition_for(campaign, province=province, preview=preview)
    return ManifestoPage(
        campaign=campaign,
        edition=edition,
        figures=_figures_for(campaign, province=province, district=province.district),
        contact=_contact_for(campaign, edition, province.district),
        province=province,
        preview=preview,
    )


@dataclass
class RegionPointer:
    """What an address of a region the campaign does not cover answers: the editions that
    did appear, and the page of the same region in the current campaign of the same
    election type (`current`, None when none covers it; `current_region` is the region,
    or what a dissolved municipality became by then)."""

    campaign: Campaign
    editions: list[Edition]
    province: Province
    municipality: Municipality | None = None
    current: Campaign | None = None
    current_region: Municipality | Province | None = None

    @property
    def region(self):
        return self.municipality or self.province

    @property
    def region_label(self):
        return region_label(self.region)

    @property
    def current_region_label(self):
        return region_label(self.current_region)


def region_label(region):
    """ "gemeente Utrecht", "provincie Zuid-Holland": as an edition's scope is named."""
    if isinstance(region, Municipality):
        return _("gemeente %(name)s") % {"name": region.name}
    return _("provincie %(name)s") % {"name": region.name}


def region_pointer(campaign, *, province, municipality=None, preview=False) -> RegionPointer:
    """Two queries (three for a municipality dissolved since): the campaign's editions,
    and the current campaigns of its type."""
    editions = visible(Edition.objects.filter(campaign=campaign), preview=preview).regional()
    pointer = RegionPointer(
        campaign=campaign, editions=list(editions), province=province, municipality=municipality
    )
    later = (
        Campaign.objects.current()
        .filter(election_type=campaign.election_type)
        .exclude(pk=campaign.pk)
        .with_coverage()
        .order_by("-election_date", "pk")
    )
    for current in later:
        if municipality is None:
            if current.coverage.covers_province(province):
                pointer.current, pointer.current_region = current, province
                break
            continue
        stand_in = municipality_stand_in(municipality, current.election_date)
        with_page = [m for m in stand_in.municipalities if current.coverage.covers_municipality(m)]
        if len(with_page) == 1:
            pointer.current, pointer.current_region = current, with_page[0]
            break
    return pointer
