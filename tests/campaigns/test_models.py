import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns.models import Campaign, ElectionType, KeyFigure
from tests.factories import CampaignFactory, KeyFigureFactory

pytestmark = pytest.mark.django_db


class TestPublicCampaigns:
    def test_visitors_see_published_and_archived_campaigns_only(self):
        published = CampaignFactory()
        archived = CampaignFactory(archived=True)
        CampaignFactory(draft=True)
        CampaignFactory(scheduled=True)

        assert set(Campaign.objects.public()) == {published, archived}

    def test_a_scheduled_campaign_appears_at_its_publication_time(self):
        campaign = CampaignFactory(scheduled=True)
        moment = campaign.published_at

        assert campaign not in Campaign.objects.public(now=moment - datetime.timedelta(seconds=1))
        assert campaign in Campaign.objects.public(now=moment)

    def test_an_archived_campaign_with_a_future_date_stays_hidden(self):
        CampaignFactory(archived=True, scheduled=True)

        assert not Campaign.objects.public().exists()

    def test_current_and_archived(self):
        published = CampaignFactory()
        archived = CampaignFactory(archived=True)
        CampaignFactory(draft=True)
        CampaignFactory(scheduled=True)
        CampaignFactory(archived=True, scheduled=True)

        assert list(Campaign.objects.current()) == [published]
        assert list(Campaign.objects.archived()) == [archived]

    def test_newest_election_first(self):
        old = CampaignFactory(election_date=datetime.date(2022, 3, 16))
        new = CampaignFactory(election_date=datetime.date(2026, 3, 18))
        middle = CampaignFactory(election_date=datetime.date(2025, 10, 29))

        assert list(Campaign.objects.public()) == [new, middle, old]


class TestPublicationDateRule:
    @pytest.mark.parametrize("status", [Campaign.Status.PUBLISHED, Campaign.Status.ARCHIVED])
    def test_database_rejects_publication_without_moment(self, status):
        with pytest.raises(IntegrityError), transaction.atomic():
            CampaignFactory(status=status, published_at=None)

    def test_validation_explains_the_rule(self):
        campaign = CampaignFactory.build(published_at=None)

        with pytest.raises(ValidationError, match="publicatiemoment"):
            campaign.full_clean()

    def test_a_draft_needs_no_moment(self):
        campaign = CampaignFactory(draft=True)

        assert campaign.published_at is None
        campaign.full_clean()


class TestElectionType:
    @pytest.mark.parametrize(
        ("election_type", "heading"),
        [
            (ElectionType.GEMEENTERAAD, "Wat kan uw gemeente doen"),
            (ElectionType.PROVINCIALE_STATEN, "Wat kan de provincie doen"),
            (ElectionType.TWEEDE_KAMER, "Wat kan de politiek doen"),
        ],
    )
    def test_recommendations_heading_addresses_the_government(self, election_type, heading):
        campaign = CampaignFactory.build(election_type=election_type)

        assert str(campaign.recommendations_heading) == heading

    def test_every_election_type_has_a_heading_of_its_own(self):
        headings = [
            str(CampaignFactory.build(election_type=election_type).recommendations_heading)
            for election_type in ElectionType.values
        ]

        assert all(heading.startswith("Wat kan ") for heading in headings)
        assert len(set(headings)) == len(ElectionType.values)

    @pytest.mark.parametrize(
        ("election_type", "national"),
        [
            (ElectionType.TWEEDE_KAMER, True),
            (ElectionType.GEMEENTERAAD, False),
            (ElectionType.PROVINCIALE_STATEN, False),
        ],
    )
    def test_only_national_elections_have_no_regional_pages(self, election_type, national):
        assert CampaignFactory.build(election_type=election_type).is_national is national


class TestKeyFigures:
    def test_key_figures_in_their_order(self):
        campaign = CampaignFactory()
        third = KeyFigureFactory(campaign=campaign, position=3, value="200.000")
        first = KeyFigureFactory(campaign=campaign, position=1, value="ruim 15.000")
        second = KeyFigureFactory(campaign=campaign, position=2, value="35 miljard euro")

        assert list(campaign.key_figures.all()) == [first, second, third]

    def test_factory_numbers_key_figures_per_campaign(self):
        campaign, other = CampaignFactory(), CampaignFactory()

        figures = KeyFigureFactory.create_batch(3, campaign=campaign)
        elsewhere = KeyFigureFactory(campaign=other)

        assert [figure.position for figure in figures] == [1, 2, 3]
        assert elsewhere.position == 1

    def test_one_position_once_per_campaign(self):
        figure = KeyFigureFactory()

        with pytest.raises(IntegrityError), transaction.atomic():
            KeyFigureFactory(campaign=figure.campaign, position=figure.position)

        assert KeyFigure.objects.count() == 1

    def test_same_position_in_another_campaign_is_fine(self):
        figure = KeyFigureFactory(position=1)

        KeyFigureFactory(position=1)

        assert KeyFigure.objects.filter(position=figure.position).count() == 2


def test_published_at_defaults_to_the_past_in_the_factory():
    # Other test modules rely on CampaignFactory() giving a campaign visitors can see.
    campaign = CampaignFactory()

    assert campaign.published_at < timezone.now()
    assert campaign in Campaign.objects.public()
