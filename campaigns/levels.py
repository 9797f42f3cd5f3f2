"""The election types and, per type, its level: what a campaign of that election has.

One place answers every question that depends on the kind of election: which
government it chooses, the heading above the recommendations, which regional pages
exist (a page per province, per municipality, or only the national page), where
the member letter is written for and how it words the election, whom the share
e-mail asks to forward to, and how many years lie between two elections. Code asks
`campaign.level` (or `ElectionType.X.level`) instead of comparing election types.

Water board elections (Waterschap) have no pages per water board: the regions
register holds provinces and municipalities, not the 21 water boards, so such a
campaign has its national page only, like Tweede Kamer and Europees Parlement, and
its regional addresses lead there (README, "Election levels").
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """A level of government, and the reach of a page or letter."""

    NATIONAL = "national", _("landelijk")
    PROVINCE = "province", _("provincie")
    MUNICIPALITY = "municipality", _("gemeente")
    WATER_BOARD = "water_board", _("waterschap")


# The regions a campaign can have pages for: those of the regions register.
REGIONAL_PAGE_SCOPES = frozenset({Scope.PROVINCE, Scope.MUNICIPALITY})


@dataclass(frozen=True)
class ElectionLevel:
    """What a campaign of one kind of election has.

    `scope`: the government the election chooses.
    `heading`: above the recommendations, addressing that government.
    `regional_pages`: the regional pages besides the campaign's own page (province,
    municipality); empty: the national page only, and regional addresses lead to it.
    `page_scope`: the scope of the pages the manifesto is written for: the member
    letter is per such page (per municipality, per province, or one national letter),
    and an edition of that scope is no fallback on a more specific page.
    `election`: how the letter names the election ("de gemeenteraadsverkiezingen").
    `national_region`: how the national letter names its region ("Nederland"); only for
    a level whose letter is national (`page_scope` national), else None.
    `forward_to`: whom the share e-mail asks the reader to forward the manifesto to.
    `term_years`: years between two regular elections (the next campaign's name).
    """

    scope: Scope
    heading: Promise
    regional_pages: frozenset[Scope]
    page_scope: Scope
    election: Promise
    national_region: Promise | None
    forward_to: Promise
    term_years: int

    def __post_init__(self):
        if not self.regional_pages <= REGIONAL_PAGE_SCOPES:
            raise ValueError("Regional pages exist for provinces and municipalities only.")
        if self.page_scope != Scope.NATIONAL and self.page_scope not in self.regional_pages:
            raise ValueError("A level's own pages are the national page or regional pages it has.")
        if (self.page_scope == Scope.NATIONAL) != (self.national_region is not None):
            raise ValueError("A national letter names its region; a regional one does not.")

    @property
    def national_only(self):
        """Only the campaign's national page: regional addresses lead to it."""
        return not self.regional_pages

    @property
    def has_province_pages(self):
        return Scope.PROVINCE in self.regional_pages

    @property
    def has_municipality_pages(self):
        """Also what the municipality finder searches: a campaign without municipality
        pages is left out, and its page's finder searches the campaigns that have them."""
        return Scope.MUNICIPALITY in self.regional_pages


class ElectionType(models.TextChoices):
    TWEEDE_KAMER = "TK", _("Tweede Kamer")
    PROVINCIALE_STATEN = "PS", _("Provinciale Staten")
    GEMEENTERAAD = "GR", _("Gemeenteraad")
    EUROPEES_PARLEMENT = "EP", _("Europees Parlement")
    WATERSCHAP = "WS", _("Waterschap")

    @property
    def level(self) -> ElectionLevel:
        return LEVELS[self]


LEVELS = {
    ElectionType.TWEEDE_KAMER: ElectionLevel(
        scope=Scope.NATIONAL,
        heading=_("Wat kan de politiek doen"),
        regional_pages=frozenset(),
        page_scope=Scope.NATIONAL,
        election=_("de Tweede Kamerverkiezingen"),
        national_region=_("Nederland"),
        forward_to=_("de politieke partijen"),
        term_years=4,
    ),
    ElectionType.PROVINCIALE_STATEN: ElectionLevel(
        scope=Scope.PROVINCE,
        heading=_("Wat kan de provincie doen"),
        # A municipality's page shows its province's edition (or its own, if written).
        regional_pages=frozenset({Scope.PROVINCE, Scope.MUNICIPALITY}),
        page_scope=Scope.PROVINCE,
        election=_("de Provinciale Statenverkiezingen"),
        national_region=None,
        forward_to=_("de politieke partijen in jouw provincie"),
        term_years=4,
    ),
    ElectionType.GEMEENTERAAD: ElectionLevel(
        scope=Scope.MUNICIPALITY,
        heading=_("Wat kan uw gemeente doen"),
        regional_pages=frozenset({Scope.PROVINCE, Scope.MUNICIPALITY}),
        page_scope=Scope.MUNICIPALITY,
        election=_("de gemeenteraadsverkiezingen"),
        national_region=None,
        forward_to=_("de politieke partijen in jouw gemeente"),
        term_years=4,
    ),
    ElectionType.EUROPEES_PARLEMENT: ElectionLevel(
        # The Netherlands is one electoral district for the European Parliament.
        scope=Scope.NATIONAL,
        heading=_("Wat kan Europa doen"),
        regional_pages=frozenset(),
        page_scope=Scope.NATIONAL,
        election=_("de Europese verkiezingen"),
        national_region=_("Nederland"),
        forward_to=_("de politieke partijen"),
        term_years=5,
    ),
    ElectionType.WATERSCHAP: ElectionLevel(
        scope=Scope.WATER_BOARD,
        heading=_("Wat kan het waterschap doen"),
        # The register knows no water boards: the national page only (module docstring).
        regional_pages=frozenset(),
        page_scope=Scope.NATIONAL,
        election=_("de waterschapsverkiezingen"),
        national_region=_("uw waterschap"),
        forward_to=_("de partijen in jouw waterschap"),
        term_years=4,
    ),
}
