"""Who stands for a municipality on a date: one rule, and the finder, the page and the API
that all follow it."""

import datetime

import pytest
from django.urls import reverse

from regions.mergers import (
    PREDECESSOR,
    SAME,
    SUCCESSOR,
    Merger,
    municipality_merger,
    municipality_stand_in,
)
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


def test_a_merger_two_steps_deep_dates_from_the_step_that_reached_the_successor(chain):
    """Oudstad's area belongs to Nieuwstad since Middenstad merged into it, not since 2020."""
    oud, _midden, nieuw = chain

    assert municipality_merger(oud, nieuw, ELECTION) == Merger(
        oud, nieuw, datetime.date(2024, 1, 1), partly=False
    )


def test_no_merger_where_the_successor_does_not_stand_for_it(chain):
    oud, midden, nieuw = chain
    elsewhere = MunicipalityFactory(name="Elders")

    assert municipality_merger(oud, elsewhere, ELECTION) is None
    # In 2022 Oudstad belonged to Middenstad, not yet to Nieuwstad.
    assert municipality_merger(oud, nieuw, datetime.date(2022, 3, 16)) is None
    assert municipality_merger(oud, midden, datetime.date(2022, 3, 16)).since == (
        datetime.date(2020, 1, 1)
    )
    # A municipality that still exists belongs to nobody.
    assert municipality_merger(nieuw, nieuw, ELECTION) is None


def test_a_split_on_the_way_makes_it_partly():
    noord, zuid = MunicipalityFactory(name="Noordstad"), MunicipalityFactory(name="Zuidstad")
    gedeeld = MunicipalityFactory(
        name="Gedeeld", valid_until=datetime.date(2021, 1, 1), successors=[noord, zuid]
    )

    merger = municipality_merger(gedeeld, zuid, ELECTION)

    assert (merger.since, merger.partly) == (datetime.date(2021, 1, 1), True)


def test_the_finder_the_page_and_the_api_agree_on_a_two_step_merger(client, chain):
    oud, _midden, nieuw = chain
    campaign = CampaignFactory(slug="gr2099", election_date=ELECTION)
    EditionFactory(campaign=campaign)

    page = client.get(
        reverse("manifestos:municipality-detail", kwargs={"campaign": "gr2099", "slug": oud.slug})
    )
    assert page.status_code == 301
    assert page["Location"].endswith(f"/gr2099/gemeente/{nieuw.slug}/?van={oud.slug}")

    found = client.get(reverse("campaigns:municipality-search-json"), {"q": "Oudstad"}).json()
    assert [result["name"] for result in found["results"]] == ["Nieuwstad"]

    api = client.get(f"/api/v1/campaigns/gr2099/municipalities/{oud.cbs_code}/")
    assert api.status_code == 404
    assert api.json()["fout"].endswith(f"Opgegaan in: Nieuwstad ({nieuw.cbs_code}).")
