"""Editions have a publication status of their own, decided by the clock on every request."""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import Campaign
from tests.factories import (
    CampaignFactory,
    EditionFactory,
    MunicipalityFactory,
    RecommendationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipal_setup():
    campaign = CampaignFactory(election_type="GR")
    municipality = MunicipalityFactory()
    national = EditionFactory(campaign=campaign, title="Landelijke tekst")
    RecommendationFactory(theme=ThemeFactory(edition=national), body="Landelijke aanbeveling.")
    own = EditionFactory(campaign=campaign, municipality=municipality, title="Eigen tekst")
    RecommendationFactory(theme=ThemeFactory(edition=own), body="Lokale aanbeveling.")
    url = f"/{campaign.slug}/gemeente/{municipality.slug}/"
    return own, url


def test_a_published_municipal_edition_is_shown(client, municipal_setup):
    _, url = municipal_setup

    html = client.get(url).content.decode()

    assert "Lokale aanbeveling." in html
    assert "Landelijke aanbeveling." not in html


def test_a_draft_edition_is_invisible_and_the_page_falls_back(client, municipal_setup):
    own, url = municipal_setup
    own.status = Campaign.Status.DRAFT
    own.save()

    html = client.get(url).content.decode()

    assert "Lokale aanbeveling." not in html
    assert "Landelijke aanbeveling." in html


def test_a_scheduled_edition_appears_when_its_time_has_come(client, municipal_setup):
    own, url = municipal_setup
    own.published_at = timezone.now() + datetime.timedelta(minutes=5)
    own.save()

    assert "Lokale aanbeveling." not in client.get(url).content.decode()

    own.published_at = timezone.now() - datetime.timedelta(seconds=1)
    own.save()
    assert "Lokale aanbeveling." in client.get(url).content.decode()


def test_draft_editions_are_not_found_by_the_search(client, municipal_setup):
    own, _ = municipal_setup
    own.status = Campaign.Status.DRAFT
    own.save()

    html = client.get("/zoeken/", {"q": "Lokale"}).content.decode()

    assert "Lokale aanbeveling" not in html


def test_a_draft_national_edition_leaves_the_campaign_page_without_manifest(client):
    campaign = CampaignFactory(election_type="TK")
    edition = EditionFactory(campaign=campaign, status=Campaign.Status.DRAFT)
    RecommendationFactory(theme=ThemeFactory(edition=edition), body="Nog geheim.")

    response = client.get(f"/{campaign.slug}/")

    assert response.status_code == 200
    assert "Nog geheim." not in response.content.decode()
