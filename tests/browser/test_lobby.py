"""The lobby follow-through in a real browser: the staff dashboard and the public section.

The parties are test data (the seeds name none); the recommendations are GR2026's own.
Screenshots at phone and desktop width go to var/test-artifacts/.
"""

import datetime

import pytest

from campaigns.models import Campaign
from manifestos.models import Adoption, Recommendation
from regions.models import Municipality, Province
from tests.browser.conftest import superuser_log_in
from tests.factories import AdoptionFactory, DistrictFactory, PartyFactory


@pytest.fixture
def follow_through(site):
    """Parties in three Zuid-Holland municipalities, at different stages; switched on."""
    district = DistrictFactory(name="Zuid-West")
    Province.objects.filter(cbs_code__in=["PV28", "PV29"]).update(district=district)
    gr2026 = Campaign.objects.get(slug="gr2026")
    Campaign.objects.filter(pk=gr2026.pk).update(party_results_public=True)
    recommendations = list(
        Recommendation.objects.filter(
            theme__edition__campaign=gr2026, theme__edition__municipality=None
        ).order_by("theme__position", "position")[:3]
    )
    towns = Municipality.objects.filter(cbs_code__in=["GM0518", "GM0599", "GM0546"])
    for town in towns:
        PartyFactory(campaign=gr2026, municipality=town, sent_on=datetime.date(2026, 2, 2))
    den_haag = towns.get(cbs_code="GM0518")
    party = PartyFactory(
        campaign=gr2026,
        municipality=den_haag,
        name="Haagse Testpartij",
        website="https://haagse-testpartij.example",
        sent_on=datetime.date(2026, 2, 2),
        reaction_on=datetime.date(2026, 2, 16),
    )
    AdoptionFactory(
        party=party,
        recommendation=recommendations[0],
        evidence_quote="Wij zorgen dat vakmensen hier blijven werken.",
        evidence_link="https://haagse-testpartij.example/programma#banen",
    )
    AdoptionFactory(
        party=party,
        recommendation=recommendations[1],
        evidence_link="https://haagse-testpartij.example/programma#duurzaam",
    )
    AdoptionFactory(
        party=party,
        recommendation=recommendations[0],
        stage=Adoption.Stage.COALITION,
        adopted_on=datetime.date(2026, 5, 12),
        evidence_link="https://haagse-testpartij.example/coalitieakkoord.pdf",
    )
    return site


def test_the_public_section_reads_well_and_is_accessible(
    follow_through, page, viewport, screenshot, axe
):
    page.goto(follow_through.url + "/gr2026/gemeente/s-gravenhage/")
    section = page.locator(".party-results")

    assert section.get_by_role("heading", name="Wat deden de partijen?").is_visible()
    assert section.locator(".party-result").count() == 1
    assert section.locator(".party-result__adoption").count() == 3
    section.scroll_into_view_if_needed()
    screenshot("lobby-public-section")
    assert axe() == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_dashboard_shows_the_reach_as_charts_and_a_table(
    follow_through, page, viewport, screenshot
):
    superuser_log_in(page, follow_through.url)

    page.goto(follow_through.url + "/admin/manifestos/party/bereik/?campagne=gr2026")

    assert page.locator("#reach-stages svg").is_visible()
    assert page.locator("#reach-top svg").is_visible()
    row = page.locator("#reach-table tr", has_text="Zuid-Holland")
    assert row.locator("td").all_inner_texts()[1:] == ["3", "1", "1", "1"]
    screenshot("lobby-dashboard")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
