"""Election levels (campaigns/levels.py): every election type says what its campaigns have."""

import datetime

import pytest
from django.utils.functional import Promise

from campaigns.forms import campaign_copy_initial
from campaigns.levels import LEVELS, REGIONAL_PAGE_SCOPES, ElectionLevel, Scope
from campaigns.models import Campaign, ElectionType
from tests.factories import CampaignFactory

EVERY_TYPE = pytest.mark.parametrize("election_type", list(ElectionType), ids=str)


def test_every_election_type_has_a_level_and_nothing_else_has_one():
    assert set(LEVELS) == set(ElectionType)


@EVERY_TYPE
def test_every_level_declares_everything(election_type):
    level = election_type.level

    assert isinstance(level, ElectionLevel)
    assert level.scope in Scope
    assert str(level.heading).startswith("Wat kan ")
    assert level.regional_pages <= REGIONAL_PAGE_SCOPES
    assert level.page_scope == Scope.NATIONAL or level.page_scope in level.regional_pages
    assert str(level.election).startswith("de ") and "verkiezingen" in str(level.election)
    assert isinstance(level.forward_to, Promise) and str(level.forward_to)
    assert 1 <= level.term_years <= 5
    if level.page_scope == Scope.NATIONAL:
        assert str(level.national_region)
    else:
        assert level.national_region is None


@EVERY_TYPE
def test_a_campaign_has_the_level_of_its_election_type(election_type):
    campaign = CampaignFactory.build(election_type=election_type)

    assert campaign.level is election_type.level
    assert campaign.recommendations_heading is election_type.level.heading
    assert campaign.is_national is election_type.level.national_only


@EVERY_TYPE
def test_national_only_means_no_regional_pages_and_a_national_letter(election_type):
    level = election_type.level

    regional = level.has_province_pages or level.has_municipality_pages
    assert level.national_only is not regional
    if level.national_only:
        assert level.page_scope == Scope.NATIONAL


def test_headings_per_level():
    headings = {election_type: str(election_type.level.heading) for election_type in ElectionType}

    assert headings == {
        ElectionType.TWEEDE_KAMER: "Wat kan de politiek doen",
        ElectionType.PROVINCIALE_STATEN: "Wat kan de provincie doen",
        ElectionType.GEMEENTERAAD: "Wat kan uw gemeente doen",
        ElectionType.EUROPEES_PARLEMENT: "Wat kan Europa doen",
        ElectionType.WATERSCHAP: "Wat kan het waterschap doen",
    }


def test_the_letter_is_per_page_of_the_level_own_scope():
    assert ElectionType.GEMEENTERAAD.level.page_scope == Scope.MUNICIPALITY
    assert ElectionType.PROVINCIALE_STATEN.level.page_scope == Scope.PROVINCE
    assert ElectionType.TWEEDE_KAMER.level.page_scope == Scope.NATIONAL
    assert ElectionType.EUROPEES_PARLEMENT.level.page_scope == Scope.NATIONAL
    assert ElectionType.WATERSCHAP.level.page_scope == Scope.NATIONAL


def test_tk_ep_and_waterschap_have_the_national_page_only():
    national_only = {t for t in ElectionType if t.level.national_only}

    assert national_only == {
        ElectionType.TWEEDE_KAMER,
        ElectionType.EUROPEES_PARLEMENT,
        ElectionType.WATERSCHAP,
    }
    # The water board is the government it chooses, though its page is national.
    assert ElectionType.WATERSCHAP.level.scope == Scope.WATER_BOARD
    assert str(ElectionType.WATERSCHAP.level.national_region) == "uw waterschap"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("election_type", "next_slug"),
    [(ElectionType.EUROPEES_PARLEMENT, "ep2029"), (ElectionType.WATERSCHAP, "ws2028")],
)
def test_the_next_campaign_is_one_term_later(election_type, next_slug):
    campaign = CampaignFactory(
        name="Verkiezingen 2024",
        election_type=election_type,
        election_date=datetime.date(2024, 6, 6),
    )

    assert campaign_copy_initial(campaign)["slug"] == next_slug


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"regional_pages": frozenset({Scope.WATER_BOARD})}, "provinces and municipalities"),
        ({"page_scope": Scope.PROVINCE, "national_region": None}, "national page or regional"),
        ({"national_region": None}, "national letter names its region"),
    ],
)
def test_an_inconsistent_level_is_refused(changes, message):
    fields = {
        "scope": Scope.NATIONAL,
        "heading": ElectionType.TWEEDE_KAMER.level.heading,
        "regional_pages": frozenset(),
        "page_scope": Scope.NATIONAL,
        "election": ElectionType.TWEEDE_KAMER.level.election,
        "national_region": ElectionType.TWEEDE_KAMER.level.national_region,
        "forward_to": ElectionType.TWEEDE_KAMER.level.forward_to,
        "term_years": 4,
    }

    with pytest.raises(ValueError, match=message):
        ElectionLevel(**(fields | changes))


@pytest.mark.django_db
def test_regional_campaigns_are_those_whose_level_has_regional_pages():
    campaigns = {
        election_type: CampaignFactory(election_type=election_type)
        for election_type in ElectionType
    }

    def types(queryset):
        return {
            election_type
            for election_type, campaign in campaigns.items()
            if campaign in set(queryset)
        }

    assert types(Campaign.objects.regional()) == {
        election_type for election_type in ElectionType if election_type.level.regional_pages
    }
    assert types(Campaign.objects.regional(Scope.MUNICIPALITY)) == {
        election_type
        for election_type in ElectionType
        if election_type.level.has_municipality_pages
    }
    assert types(Campaign.objects.regional(Scope.PROVINCE)) == {
        election_type for election_type in ElectionType if election_type.level.has_province_pages
    }
