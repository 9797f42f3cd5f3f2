"""The public "wat deden de partijen" section of a municipality page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import Campaign
from manifestos.models import Adoption
from tests.factories import AdoptionFactory, PartyFactory

pytestmark = pytest.mark.django_db


def page_url(lobby, municipality=None):
    municipality = municipality or lobby["noord"].municipalities[0]
    return f"/{lobby['campaign'].slug}/gemeente/{municipality.slug}/"


def switch_on(lobby):
    Campaign.objects.filter(pk=lobby["campaign"].pk).update(party_results_public=True)


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_nothing_is_shown_until_staff_switch_it_on(client, lobby):
    AdoptionFactory(party=lobby["own"], recommendation=lobby["recommendations"][0])

    page, _count = get(client, page_url(lobby))

    assert "Wat deden de partijen?" not in page
    assert "Noordpartij" not in page


def test_switched_on_it_shows_each_partys_evidenced_adoptions(client, lobby):
    recs = lobby["recommendations"]
    own = lobby["own"]
    own.website = "https://noordpartij.example"
    own.save()
    AdoptionFactory(
        party=own,
        recommendation=recs[0],
        evidence_link="https://noordpartij.example/programma#p4",
        evidence_quote="Wij zorgen voor bedrijventerreinen.",
    )
    AdoptionFactory(
        party=own,
        recommendation=recs[1],
        stage=Adoption.Stage.COALITION,
        adopted_on=datetime.date(2026, 5, 1),
        evidence_link="https://gemeente.example/akkoord.pdf",
    )
    switch_on(lobby)

    page, _count = get(client, page_url(lobby))

    assert "Wat deden de partijen?" in page
    assert "Noordpartij" in page
    assert 'href="https://noordpartij.example/programma#p4"' in page
    assert "Wij zorgen voor bedrijventerreinen." in page
    assert "In het coalitieakkoord" in page
    assert 'href="https://gemeente.example/akkoord.pdf"' in page


def test_nothing_without_an_evidence_link_is_shown(client, lobby):
    AdoptionFactory(
        party=lobby["own"],
        recommendation=lobby["recommendations"][0],
        evidence_link="",
        evidence_quote="Alleen telefonisch gehoord.",
    )
    PartyFactory(
        campaign=lobby["campaign"],
        municipality=lobby["noord"].municipalities[0],
        name="Stille Partij",
        sent_on=datetime.date(2026, 1, 10),
    )
    switch_on(lobby)

    page, _count = get(client, page_url(lobby))

    assert "Alleen telefonisch gehoord." not in page
    assert "Noordpartij" not in page
    assert "Stille Partij" not in page
    assert "Wat deden de partijen?" not in page


def test_another_municipalitys_parties_are_not_shown(client, lobby):
    AdoptionFactory(party=lobby["other"], recommendation=lobby["recommendations"][0])
    switch_on(lobby)

    page, _count = get(client, page_url(lobby))

    assert "Zuidpartij" not in page


def test_a_script_link_cannot_be_stored_and_text_is_escaped(client, lobby):
    adoption = AdoptionFactory.build(
        party=lobby["own"],
        recommendation=lobby["recommendations"][0],
        evidence_link="javascript:alert(1)",
    )
    with pytest.raises(ValidationError):
        adoption.full_clean()

    AdoptionFactory(
        party=lobby["own"],
        recommendation=lobby["recommendations"][0],
        evidence_quote="<script>alert(1)</script>",
    )
    switch_on(lobby)
    page, _count = get(client, page_url(lobby))

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_it_costs_no_query_when_off_and_one_when_on_whatever_the_amount(client, lobby):
    url = page_url(lobby)
    _page, off = get(client, url)

    switch_on(lobby)
    counts = []
    for parties in (1, 6):
        for _ in range(parties):
            party = PartyFactory(
                campaign=lobby["campaign"], municipality=lobby["noord"].municipalities[0]
            )
            for recommendation in lobby["recommendations"]:
                AdoptionFactory(party=party, recommendation=recommendation)
        page, count = get(client, url)
        assert page.count('class="party-result"') >= parties
        counts.append(count)

    assert counts == [off + 1, off + 1]
