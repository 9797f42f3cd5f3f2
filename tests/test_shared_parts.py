"""What the pages of regions share, with the production cache: the edition a region shows
and its rendered themes and recommendations, the municipalities and the figures of a
province, read and rendered once per content version for every page that shows them
(manifestos/assembly.py, manifestos/templatetags/editions.py). Each region still shows its
own most specific edition and figures, and a save shows on the next page."""

import datetime
import threading

import pytest
from django.utils import timezone

from config import page_cache
from config.roles import EDITOR
from manifestos.models import Campaign, Recommendation
from manifestos.working_copies import working_copy_start
from regions.models import Municipality, MunicipalityAlias, Province
from tests.factories import (
    CampaignFactory,
    EditionFactory,
    MunicipalityFactory,
    ProvinceFactory,
    RecommendationFactory,
    RegionalFiguresFactory,
    ThemeFactory,
    UserFactory,
)
from tests.queries import page_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("machine_cache")]


def _edition_with(campaign, body, **scope):
    edition = EditionFactory(campaign=campaign, **scope)
    RecommendationFactory(theme=ThemeFactory(edition=edition), body=body)
    return edition


@pytest.fixture
def campaign():
    """A national edition, a provincial one for Zeeland and a municipal one for Goes."""
    campaign = CampaignFactory()
    zeeland = ProvinceFactory(name="Zeeland")
    goes = MunicipalityFactory(name="Goes", province=zeeland)
    _edition_with(campaign, "Landelijke aanbeveling.")
    _edition_with(campaign, "Zeeuwse aanbeveling.", province=zeeland)
    _edition_with(campaign, "Goese aanbeveling.", municipality=goes)
    return campaign


def page(client, campaign, municipality):
    response = client.get(f"/{campaign.slug}/gemeente/{municipality.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def shown(html):
    return [
        body
        for body in ("Landelijke aanbeveling.", "Zeeuwse aanbeveling.", "Goese aanbeveling.")
        if body in html
    ]


def test_every_region_shows_its_own_most_specific_edition_whichever_came_first(client, campaign):
    zeeland = Province.objects.get(name="Zeeland")
    goes = Municipality.objects.get(name="Goes")
    vlissingen = MunicipalityFactory(name="Vlissingen", province=zeeland)
    utrecht = MunicipalityFactory(name="Utrecht")
    amersfoort = MunicipalityFactory(name="Amersfoort", province=utrecht.province)

    assert shown(page(client, campaign, goes)) == ["Goese aanbeveling."]
    assert shown(page(client, campaign, vlissingen)) == ["Zeeuwse aanbeveling."]
    assert shown(page(client, campaign, utrecht)) == ["Landelijke aanbeveling."]
    assert shown(page(client, campaign, amersfoort)) == ["Landelijke aanbeveling."]
    province_page = client.get(f"/{campaign.slug}/provincie/{zeeland.slug}/").content.decode()
    assert shown(province_page) == ["Zeeuwse aanbeveling."]


def test_the_next_page_in_the_same_province_costs_no_query(client, campaign):
    utrecht = MunicipalityFactory(name="Utrecht")
    amersfoort = MunicipalityFactory(name="Amersfoort", province=utrecht.province)
    RegionalFiguresFactory(province=utrecht.province, member_companies=4321)
    page(client, campaign, utrecht)

    with page_queries() as queries:
        html = page(client, campaign, amersfoort)

    assert "Gemeente Amersfoort" in html
    assert shown(html) == ["Landelijke aanbeveling."]
    assert "4.321" in html
    # The campaign, the municipality, the edition with its themes and recommendations and
    # the province's figures were read for Utrecht's page.
    assert len(queries) == 0


def test_each_page_shows_the_figures_of_its_own_region_else_of_the_province(client, campaign):
    utrecht = MunicipalityFactory(name="Utrecht")
    amersfoort = MunicipalityFactory(name="Amersfoort", province=utrecht.province)
    RegionalFiguresFactory(province=utrecht.province, member_companies=4321)
    RegionalFiguresFactory(province=None, municipality=amersfoort, member_companies=765)
    elsewhere = MunicipalityFactory(name="Zwolle")
    RegionalFiguresFactory(province=elsewhere.province, member_companies=1111)

    assert "4.321" in page(client, campaign, utrecht)
    amersfoort_page = page(client, campaign, amersfoort)
    assert "765" in amersfoort_page
    assert "4.321" not in amersfoort_page
    zwolle_page = page(client, campaign, elsewhere)
    assert "1.111" in zwolle_page
    assert "765" not in zwolle_page
    assert "4.321" not in zwolle_page


def test_a_new_municipality_and_new_figures_show_on_the_next_page(client, campaign):
    utrecht = MunicipalityFactory(name="Utrecht")
    page(client, campaign, utrecht)

    newcomer = MunicipalityFactory(name="Nieuwegein", province=utrecht.province)
    RegionalFiguresFactory(province=None, municipality=utrecht, member_companies=987)

    assert "Gemeente Nieuwegein" in page(client, campaign, newcomer)
    assert "987" in page(client, campaign, utrecht)


def test_a_changed_recommendation_shows_on_the_next_page_of_every_region(client, campaign):
    utrecht = MunicipalityFactory(name="Utrecht")
    amersfoort = MunicipalityFactory(name="Amersfoort", province=utrecht.province)
    page(client, campaign, utrecht)
    page(client, campaign, amersfoort)
    national = campaign.editions.get(province=None, municipality=None)
    recommendation = national.themes.get().recommendations.get()

    recommendation.body = "Landelijke aanbeveling, herschreven."
    recommendation.save()

    for municipality in (amersfoort, utrecht):
        html = page(client, campaign, municipality)
        assert "Landelijke aanbeveling, herschreven." in html
        assert "Landelijke aanbeveling." not in html


def test_a_draft_edition_in_a_preview_never_reaches_the_public_pages(client, campaign):
    utrecht = MunicipalityFactory(name="Utrecht")
    _edition_with(
        campaign, "Concept voor Utrecht.", municipality=utrecht, status=Campaign.Status.DRAFT
    )
    page(client, campaign, MunicipalityFactory(name="Amersfoort", province=utrecht.province))
    client.force_login(UserFactory(staff=True, role=EDITOR))

    preview = client.get(f"/voorbeeld/{campaign.slug}/gemeente/{utrecht.slug}/")
    assert "Concept voor Utrecht." in preview.content.decode()
    client.logout()

    assert shown(page(client, campaign, utrecht)) == ["Landelijke aanbeveling."]
    assert "Concept voor Utrecht." not in page(client, campaign, utrecht)


def test_threads_that_ask_at_once_wait_for_the_one_computing_it():
    """Right after a save every thread of a worker asks for the same parts at once."""
    computed = []
    release = threading.Event()

    def compute():
        computed.append(threading.get_ident())
        if len(computed) == 1:
            release.wait(timeout=10)
        return len(computed)

    results = []

    def ask():
        results.append(page_cache.shared_per_version("gedeeld", compute))

    first = threading.Thread(target=ask)
    first.start()
    while not computed:
        threading.Event().wait(0.001)
    others = [threading.Thread(target=ask) for _ in range(3)]
    for thread in others:
        thread.start()
    for thread in others:
        thread.join(timeout=0.5)
    waiting = sum(thread.is_alive() for thread in others)
    release.set()
    for thread in [first, *others]:
        thread.join(timeout=10)

    assert waiting == 3
    assert results == [1, 1, 1, 1]
    assert len(computed) == 1


def test_a_scheduled_working_copy_shows_on_every_region_s_page_from_its_moment(
    client, campaign, clock
):
    """Changes to the national edition prepared in a working copy (manifestos/
    working_copies.py) and scheduled: the regions that share the edition show the published
    text until the moment and the copy's from then on, with no save in between."""
    national = campaign.editions.get(province=None, municipality=None)
    utrecht = MunicipalityFactory(name="Utrecht")
    amersfoort = MunicipalityFactory(name="Amersfoort", province=utrecht.province)
    now = clock.set(timezone.now())
    copy = working_copy_start(edition=national)
    Recommendation.objects.filter(theme__edition=copy).update(body="Nieuwe landelijke aanbeveling.")
    copy.status, copy.published_at = Campaign.Status.PUBLISHED, now + datetime.timedelta(hours=1)
    copy.save()

    before = [page(client, campaign, region) for region in (utrecht, amersfoort)]
    clock.set(now + datetime.timedelta(hours=1))
    after = [page(client, campaign, region) for region in (amersfoort, utrecht)]

    assert all(shown(html) == ["Landelijke aanbeveling."] for html in before)
    assert all("Nieuwe landelijke aanbeveling." in html for html in after)
    assert not any("Landelijke aanbeveling." in shown(html) for html in after)


def test_searches_read_the_register_once_and_see_a_new_alias_at_once(client, campaign):
    """A search for a place reads every municipality, alias and merger (regions/finder.py):
    once per content version for all searches, and again after a save."""
    goes = Municipality.objects.get(name="Goes")
    client.get("/zoeken/?q=goes")
    with page_queries() as queries:
        response = client.get("/zoeken/?q=goes&pagina=1")
    assert not [q for q in queries if "regions_municipalityalias" in q["sql"]]
    assert f"/gemeente/{goes.slug}/" in response.content.decode()

    MunicipalityAlias.objects.create(municipality=goes, name="Ter Goes", slug="ter-goes")

    found = client.get("/zoeken/?q=ter+goes").content.decode()
    assert f"/{campaign.slug}/gemeente/{goes.slug}/" in found
