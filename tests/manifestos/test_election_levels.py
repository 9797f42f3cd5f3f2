"""Every election type's pages, letter, sitemap and API entries follow its election level.

Parametrized over `ElectionType`: a new type is checked as soon as it exists, against
what its level (campaigns/levels.py) declares rather than against a list kept here.
"""

import datetime
import xml.etree.ElementTree as ET

import pytest

from campaigns.levels import Scope
from campaigns.models import ElectionType
from tests.factories import (
    CampaignFactory,
    EditionFactory,
    MunicipalityFactory,
    RecommendationFactory,
)
from tests.html import find_all, hrefs, parse_page, text

pytestmark = pytest.mark.django_db

EVERY_TYPE = pytest.mark.parametrize("election_type", list(ElectionType), ids=str)
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def setting(election_type, clock):
    # Before election day (the factories' 18 March 2026), while the letter kit is offered.
    clock.set_dutch(datetime.date(2026, 2, 1))
    campaign = CampaignFactory(slug="verkiezing", election_type=election_type)
    RecommendationFactory(theme__edition=EditionFactory(campaign=campaign))
    municipality = MunicipalityFactory(name="Ede", slug="ede")
    return campaign, municipality


def _sitemap(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {url.findtext("s:loc", namespaces=NS) for url in root.findall("s:url", NS)}


@EVERY_TYPE
def test_the_campaign_page_has_the_level_heading(client, setting, election_type):
    response = client.get("/verkiezing/")

    assert response.status_code == 200
    headings = find_all(parse_page(response), "h3", "theme__heading")
    assert [text(heading) for heading in headings] == [str(election_type.level.heading)]


@EVERY_TYPE
@pytest.mark.parametrize("suffix", ["", "print/", "pdf/"])
def test_regional_pages_exist_as_the_level_says(client, setting, election_type, suffix):
    _campaign, municipality = setting
    level = election_type.level

    for scope, path in [
        (Scope.MUNICIPALITY, f"/verkiezing/gemeente/ede/{suffix}"),
        (Scope.PROVINCE, f"/verkiezing/provincie/{municipality.province.slug}/{suffix}"),
    ]:
        response = client.get(path)
        if scope in level.regional_pages:
            assert response.status_code == 200, path
        else:
            assert response.status_code == 301, path
            assert response["Location"] == "/verkiezing/"


@EVERY_TYPE
def test_the_letter_kit_is_where_the_level_says(client, setting, election_type):
    _campaign, municipality = setting
    letters = {
        Scope.NATIONAL: "/verkiezing/brief/",
        Scope.PROVINCE: f"/verkiezing/provincie/{municipality.province.slug}/brief/",
        Scope.MUNICIPALITY: "/verkiezing/gemeente/ede/brief/",
    }
    own = letters[election_type.level.page_scope]

    kit = client.get(own)

    assert kit.status_code == 200
    assert str(election_type.level.election) in kit.content.decode()
    if election_type.level.page_scope == Scope.NATIONAL:
        assert own in hrefs(parse_page(client.get("/verkiezing/")))
        assert client.get("/verkiezing/gemeente/ede/brief/")["Location"] == own
    else:
        assert client.get("/verkiezing/brief/")["Location"] == "/verkiezing/"


@EVERY_TYPE
def test_sitemap_and_api_list_the_pages_the_level_has(client, setting, election_type):
    _campaign, municipality = setting
    level = election_type.level
    urls = _sitemap(client)

    assert "http://testserver/verkiezing/" in urls
    assert ("http://testserver/verkiezing/gemeente/ede/" in urls) is level.has_municipality_pages
    province_url = f"http://testserver/verkiezing/provincie/{municipality.province.slug}/"
    assert (province_url in urls) is level.has_province_pages

    summary = client.get("/api/v1/campaigns/verkiezing/").json()
    assert summary["regional_pages"] is not level.national_only
    assert summary["recommendations_heading"] == str(level.heading)
    page = client.get(f"/api/v1/campaigns/verkiezing/municipalities/{municipality.cbs_code}/")
    assert page.status_code == (200 if level.has_municipality_pages else 404)
    pages = client.get(f"/api/v1/municipalities/{municipality.cbs_code}/").json()["pages"]
    assert bool(pages) is level.has_municipality_pages


@EVERY_TYPE
def test_the_finder_searches_a_campaign_only_when_it_has_municipality_pages(
    client, setting, election_type
):
    found = client.get("/gemeenten/zoeken.json", {"q": "Ede", "campagne": "verkiezing"}).json()

    if election_type.level.has_municipality_pages:
        assert found["campaign"] == "verkiezing"
        assert [result["url"] for result in found["results"]] == ["/verkiezing/gemeente/ede/"]
    else:
        assert found["campaign"] is None
        assert found["results"] == []
