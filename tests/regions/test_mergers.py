"""Who stands for a municipality on a date: one rule, and the finder, the page and the API
that all follow it."""

import datetime

import pytest
from django.urls import reverse

from regions.mergers import PREDECESSOR, SAME, SUCCESSOR, municipality_stand_in
from tests.factories import CampaignFactory, EditionFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

ELECTION = datetime.date(2026, 3, 18)


@pytest.fixture
def chain():
    """Oud merged into Midden in 2020, Midden into Nieuw in 2024: a merger two steps deep."""
    nieuw = MunicipalityFactory(name="Nieuwstad", valid_from=datetime.date(2024, 1, 1))
    midden = MunicipalityFactory(
        name="Middenstad",
        valid_from=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2024, 1, 1),
        successors=[nieuw],
    )
    oud = MunicipalityFactory(
        name="Oudstad", valid_until=datetime.date(2020, 1, 1), successors=[midden]
    )
    return oud, midden, nieuw


def test_a_municipality_valid_on_the_date_stands_for_itself(chain):
    _oud, _midden, nieuw = chain
    stand_in = municipality_stand_in(nieuw, ELECTION)
    assert (stand_in.relation, stand_in.municipalities) == (SAME, [nieuw])


def test_a_dissolved_municipality_is_followed_through_every_merger(chain):
    oud, _midden, nieuw = chain
    stand_in = municipality_stand_in(oud, ELECTION)
    assert (stand_in.relation, stand_in.municipalities) == (SUCCESSOR, [nieuw])


def test_a_municipality_that_did_not_exist_yet_points_back(chain):
    oud, _midden, nieuw = chain
    stand_in = municipality_stand_in(nieuw, datetime.date(2019, 3, 20))
    assert (stand_in.relation, stand_in.municipalities) == (PREDECESSOR, [oud])


def test_the_finder_the_page_and_the_api_agree_on_a_two_step_merger(client, chain):
    oud, _midden, nieuw = chain
    campaign = CampaignFactory(slug="gr2099", election_date=ELECTION)
    EditionFactory(campaign=campaign)

    page = client.get(
        reverse("manifestos:municipality-detail", kwargs={"campaign": "gr2099", "slug": oud.slug})
    )
    assert page.status_code == 301
    assert page["Location"].endswith(f"/gr2099/gemeente/{nieuw.slug}/")

    found = client.get(reverse("campaigns:municipality-search-json"), {"q": "Oudstad"}).json()
    assert [result["name"] for result in found["results"]] == ["Nieuwstad"]

    api = client.get(f"/api/v1/campaigns/gr2099/municipalities/{oud.cbs_code}/")
    assert api.status_code == 404
    assert api.json()["fout"].endswith(f"Opgegaan in: Nieuwstad ({nieuw.cbs_code}).")
