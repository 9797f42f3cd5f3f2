"""Which regions a campaign has pages for (campaigns/coverage.py): decided by its editions."""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import Campaign, ElectionType
from tests.factories import (
    CampaignFactory,
    EditionFactory,
    MunicipalityFactory,
    ProvinceFactory,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions():
    """Two provinces with two municipalities each."""
    gelderland, utrecht = ProvinceFactory(name="Gelderland"), ProvinceFactory(name="Utrecht")
    return {
        "gelderland": gelderland,
        "utrecht": utrecht,
        "arnhem": MunicipalityFactory(name="Arnhem", province=gelderland),
        "ede": MunicipalityFactory(name="Ede", province=gelderland),
        "houten": MunicipalityFactory(name="Houten", province=utrecht),
        "zeist": MunicipalityFactory(name="Zeist", province=utrecht),
    }


def coverage_of(campaign, **options):
    return Campaign.objects.with_coverage(**options).get(pk=campaign.pk).coverage


def covered(coverage, regions):
    """The names of the regions covered, provinces and municipalities alike."""
    return {
        name
        for name, region in regions.items()
        if (
            coverage.covers_municipality(region)
            if hasattr(region, "province_id")
            else coverage.covers_province(region)
        )
    }


def test_a_national_edition_covers_every_region(regions):
    campaign = CampaignFactory(national_edition=True)

    coverage = coverage_of(campaign)

    assert coverage.is_complete
    assert covered(coverage, regions) == set(regions)


def test_a_provincial_edition_covers_its_province_and_its_municipalities(regions):
    campaign = CampaignFactory()
    EditionFactory(campaign=campaign, province=regions["gelderland"])

    coverage = coverage_of(campaign)

    assert not coverage.is_complete
    assert covered(coverage, regions) == {"gelderland", "arnhem", "ede"}


def test_a_municipal_edition_covers_its_municipality_only(regions):
    campaign = CampaignFactory()
    EditionFactory(campaign=campaign, municipality=regions["houten"])

    assert covered(coverage_of(campaign), regions) == {"houten"}


def test_no_edition_covers_nothing(regions):
    assert covered(coverage_of(CampaignFactory()), regions) == set()


def test_a_provincial_election_covers_the_same_way(regions):
    campaign = CampaignFactory(election_type=ElectionType.PROVINCIALE_STATEN)
    EditionFactory(campaign=campaign, province=regions["utrecht"])

    assert covered(coverage_of(campaign), regions) == {"utrecht", "houten", "zeist"}


@pytest.mark.parametrize(
    "election_type",
    [ElectionType.TWEEDE_KAMER, ElectionType.EUROPEES_PARLEMENT, ElectionType.WATERSCHAP],
)
def test_a_level_without_regional_pages_covers_no_region(regions, election_type):
    campaign = CampaignFactory(election_type=election_type, national_edition=True)

    assert covered(coverage_of(campaign), regions) == set()


def test_only_visible_editions_count_and_the_preview_counts_them_all(regions):
    campaign = CampaignFactory()
    EditionFactory(campaign=campaign, province=regions["gelderland"], status=Campaign.Status.DRAFT)
    EditionFactory(
        campaign=campaign,
        province=regions["utrecht"],
        published_at=timezone.now() + datetime.timedelta(days=1),
    )

    assert covered(coverage_of(campaign), regions) == set()
    assert covered(coverage_of(campaign, preview=True), regions) == set(regions)


def test_read_in_the_campaigns_own_query(regions):
    for _ in range(3):
        campaign = CampaignFactory()
        EditionFactory(campaign=campaign, province=regions["gelderland"])
        EditionFactory(campaign=campaign, municipality=regions["houten"])

    with page_queries() as queries:
        coverages = [campaign.coverage for campaign in Campaign.objects.with_coverage()]

    assert len(queries) == 1
    assert [covered(coverage, regions) for coverage in coverages] == [
        {"gelderland", "arnhem", "ede", "houten"}
    ] * 3


def test_a_campaign_read_without_it_says_how_to_read_it():
    campaign = CampaignFactory()

    with pytest.raises(AttributeError, match="with_coverage"):
        campaign.coverage  # noqa: B018
