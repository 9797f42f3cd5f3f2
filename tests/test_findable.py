"""Being found: the sitemap, robots.txt, titles and descriptions, breadcrumbs, the 404 page."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from config import page_cache
from regions.models import Municipality, Province
from tests.factories import (
    CampaignFactory,
    EditionFactory,
    MunicipalityFactory,
    ProvinceFactory,
)
from tests.html import find_all, parse_page, text
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
DEFAULT_TITLE = "Verkiezingen · Koninklijke Metaalunie"
DEFAULT_DESCRIPTION = (
    "De verkiezingsmanifesten van Koninklijke Metaalunie, de ondernemersorganisatie voor het "
    "mkb-metaal: wat de mkb-maakindustrie vraagt van gemeente, provincie en Den Haag."
)


def _sitemap(client):
    """{location: lastmod} of every URL in the sitemap; fails on invalid XML."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{NS['s']}}}urlset"
    entries = {}
    for url in root.findall("s:url", NS):
        location = url.findtext("s:loc", namespaces=NS)
        assert location not in entries, f"{location} twice"
        entries[location] = url.findtext("s:lastmod", namespaces=NS)
    return entries


# --- sitemap.xml --------------------------------------------------------------------------


class TestSitemapOfTheRealContent:
    def test_lists_the_pages_that_exist_on_each_election_date(self, client, demo_content):
        urls = _sitemap(client)

        assert f"{SITE}/" in urls
        for slug in ["gr2026", "tk2025", "ps2023", "gr2022", "tk2021"]:
            assert f"{SITE}/{slug}/" in urls
        assert f"{SITE}/gr2026/gemeente/voorne-aan-zee/" in urls
        assert f"{SITE}/gr2026/gemeente/brielle/" not in urls
        assert f"{SITE}/gr2026/gemeente/s-gravenhage/" in urls
        assert f"{SITE}/gr2026/provincie/fryslan/" in urls
        # GR2022 and PS2023 had one provincial edition each: pages for that province and
        # its municipalities only.
        assert f"{SITE}/gr2022/provincie/gelderland/" in urls
        assert f"{SITE}/gr2022/gemeente/arnhem/" in urls
        assert f"{SITE}/gr2022/gemeente/utrecht/" not in urls
        assert f"{SITE}/gr2022/provincie/utrecht/" not in urls
        assert f"{SITE}/ps2023/provincie/noord-holland/" in urls
        assert f"{SITE}/ps2023/gemeente/alkmaar/" in urls
        assert f"{SITE}/ps2023/provincie/zuid-holland/" not in urls
        assert f"{SITE}/ps2023/gemeente/s-gravenhage/" not in urls

    def test_national_elections_have_no_regional_urls(self, client, demo_content):
        urls = _sitemap(client)

        regional = [url for url in urls if re.match(rf"{SITE}/tk20\d\d/.+", url)]
        assert not [url for url in regional if not url.endswith("/agenda/")]

    def test_one_url_per_public_page(self, client, demo_content):
        urls = _sitemap(client)

        campaigns = list(Campaign.objects.public())
        agendas = [c for c in campaigns if c.events.exists()]
        assert len(agendas) == len(campaigns) == 5
        gelderland_2022 = Municipality.objects.valid_on(datetime.date(2022, 3, 16)).filter(
            province__slug="gelderland"
        )
        noord_holland_2023 = Municipality.objects.valid_on(datetime.date(2023, 3, 15)).filter(
            province__slug="noord-holland"
        )
        regional = (
            (Province.objects.count() + 342)  # GR2026: a national edition covers all
            + (1 + noord_holland_2023.count())  # PS2023: Noord-Holland
            + (1 + gelderland_2022.count())  # GR2022: Gelderland
        )
        pages_about_the_site = 3  # over-deze-site, privacy, contact
        assert len(urls) == 1 + pages_about_the_site + len(campaigns) + len(agendas) + regional

    def test_every_url_is_absolute_and_has_a_lastmod(self, client, demo_content):
        urls = _sitemap(client)

        assert all(url.startswith(f"{SITE}/") for url in urls)
        assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", lastmod or "") for lastmod in urls.values())

    def test_sampled_urls_are_pages_that_exist(self, client, demo_content):
        urls = sorted(_sitemap(client))

        for url in urls[:: max(1, len(urls) // 40)]:
            assert client.get(url.removeprefix(SITE)).status_code == 200, url


class TestSitemapRules:
    def test_drafts_and_scheduled_campaigns_are_left_out(self, client):
        province = ProvinceFactory(slug="utrecht")
        MunicipalityFactory(slug="houten", province=province)
        CampaignFactory(slug="openbaar", national_edition=True)
        CampaignFactory(slug="concept", draft=True, national_edition=True)
        CampaignFactory(slug="straks", scheduled=True, national_edition=True)
        CampaignFactory(slug="archief", archived=True, national_edition=True)

        urls = _sitemap(client)

        assert f"{SITE}/openbaar/gemeente/houten/" in urls
        assert f"{SITE}/archief/gemeente/houten/" in urls
        assert not [url for url in urls if "/concept/" in url or "/straks/" in url]

    def test_lastmod_is_when_the_shown_content_last_changed(self, client):
        province = ProvinceFactory(slug="gelderland")
        arnhem = MunicipalityFactory(slug="arnhem", province=province)
        MunicipalityFactory(slug="ede", province=province)
        MunicipalityFactory(slug="assen", province=ProvinceFactory(slug="drenthe"))
        campaign = CampaignFactory(slug="gr2022")
        national = EditionFactory(campaign=campaign)
        provincial = EditionFactory(campaign=campaign, province=province)
        own = EditionFactory(campaign=campaign, municipality=arnhem)

        def changed(obj, day):
            moment = datetime.datetime(2025, 1, day, 12, tzinfo=datetime.UTC)
            # update() keeps auto_now from resetting the date, and sends no signal.
            type(obj).objects.filter(pk=obj.pk).update(updated_at=moment)
            page_cache.content_changed()

        changed(campaign, 1)
        changed(national, 2)
        changed(provincial, 3)
        changed(own, 4)

        urls = _sitemap(client)

        assert urls[f"{SITE}/gr2022/gemeente/arnhem/"] == "2025-01-04"
        assert urls[f"{SITE}/gr2022/gemeente/ede/"] == "2025-01-03"
        assert urls[f"{SITE}/gr2022/provincie/gelderland/"] == "2025-01-03"
        assert urls[f"{SITE}/gr2022/gemeente/assen/"] == "2025-01-02"
        assert urls[f"{SITE}/gr2022/provincie/drenthe/"] == "2025-01-02"
        assert urls[f"{SITE}/gr2022/"] == "2025-01-02"

        changed(campaign, 20)
        assert _sitemap(client)[f"{SITE}/gr2022/gemeente/arnhem/"] == "2025-01-20"

    def test_costs_the_same_queries_however_many_pages(self, client):
        def add_content(campaigns, municipalities):
            province = ProvinceFactory()
            MunicipalityFactory.create_batch(municipalities, province=province)
            for campaign in CampaignFactory.create_batch(campaigns):
                EditionFactory(campaign=campaign)
                EditionFactory(campaign=campaign, province=province)

        def queries():
            with page_queries() as captured:
                _sitemap(client)
            return len(captured)

        add_content(campaigns=1, municipalities=2)
        CampaignFactory(election_type="TK")
        few = queries()
        add_content(campaigns=3, municipalities=40)
        many = queries()

        assert len(_sitemap(client)) > 100
        assert many == few
        assert few <= 12


# --- robots.txt ---------------------------------------------------------------------------


def test_robots_txt_allows_the_site_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /" not in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines


# --- titles and descriptions --------------------------------------------------------------


def _head(response):
    root = parse_page(response)
    title = text(find_all(root, "title")[0])
    descriptions = [
        dict(m.attributes)["content"]
        for m in find_all(root, "meta")
        if dict(m.attributes).get("name") == "description"
    ]
    assert len(descriptions) == 1
    return title, descriptions[0]


PAGES = {
    "home": ("/", 200),
    "campaign": ("/gr2026/", 200),
    "agenda": ("/gr2026/agenda/", 200),
    "national campaign": ("/tk2025/", 200),
    "province": ("/ps2023/provincie/noord-holland/", 200),
    "municipality": ("/gr2026/gemeente/voorne-aan-zee/", 200),
    "choice": ("/gr2026/gemeente/bergen/", 200),
    "municipality not found": ("/gr2026/gemeente/atlantis/", 404),
    "404": ("/deze/pagina/bestaat/niet/", 404),
}


def test_every_page_has_a_title_and_description_of_its_own(client, demo_content):
    heads = {}
    for name, (path, status) in PAGES.items():
        response = client.get(path)
        assert response.status_code == status, name
        heads[name] = _head(response)

    titles = [title for title, _ in heads.values()]
    assert len(set(titles)) == len(titles), titles
    assert DEFAULT_TITLE not in titles
    for name, (title, description) in heads.items():
        assert title.endswith(" · Koninklijke Metaalunie"), name
        assert 50 <= len(description) <= 300, (name, description)
        if name != "home":
            assert description != DEFAULT_DESCRIPTION, name
    assert "Voorne aan Zee" in heads["municipality"][0]
    assert "Voorne aan Zee" in heads["municipality"][1]
    assert "Noord-Holland" in heads["province"][0]
    assert "Gemeenteraadsverkiezingen 2026" in heads["choice"][0]


# --- breadcrumbs ----------------------------------------------------------------------------


def _json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json"(?: nonce="[\w-]+")?>(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


class TestBreadcrumbStructuredData:
    def test_follows_the_visible_breadcrumbs_with_absolute_urls(self, client, demo_content):
        response = client.get("/gr2026/gemeente/s-gravenhage/")

        data = _json_ld(response)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "BreadcrumbList"
        items = data["itemListElement"]
        assert [item["position"] for item in items] == [1, 2, 3, 4]
        assert [item["name"] for item in items[1:]] == [
            "Gemeenteraadsverkiezingen 2026",
            "Zuid-Holland",
            "'s-Gravenhage",
        ]
        assert [item["item"] for item in items] == [
            f"{SITE}/",
            f"{SITE}/gr2026/",
            f"{SITE}/gr2026/provincie/zuid-holland/",
            f"{SITE}/gr2026/gemeente/s-gravenhage/",
        ]
        nav = next(
            n
            for n in find_all(parse_page(response), "nav")
            if dict(n.attributes).get("class") == "breadcrumbs"
        )
        assert [text(li) for li in find_all(nav, "li")] == [item["name"] for item in items]

    def test_hostile_names_cannot_end_the_element(self, client):
        CampaignFactory(slug="gr2030", name="</script><script>alert(1)</script>")

        response = client.get("/gr2030/")

        assert "<script>alert(1)" not in response.content.decode()
        assert _json_ld(response)["itemListElement"][1]["name"] == (
            "</script><script>alert(1)</script>"
        )


# --- the 404 page ---------------------------------------------------------------------------


class TestNotFoundPage:
    def test_points_to_the_municipalities_and_the_search(self, client):
        CampaignFactory(slug="gr2026", name="Gemeenteraadsverkiezingen 2026")
        CampaignFactory(slug="tk2025", election_type="TK")
        CampaignFactory(slug="gr2022", archived=True)

        response = client.get("/bestaat/niet/")

        assert response.status_code == 404
        links = {dict(a.attributes)["href"]: text(a) for a in find_all(parse_page(response), "a")}
        assert links["/gr2026/#chooser-title"] == (
            "Alle gemeenten en provincies (Gemeenteraadsverkiezingen 2026)"
        )
        assert "/tk2025/#chooser-title" not in links
        assert "/gr2022/#chooser-title" not in links
        assert links[reverse("campaigns:municipality-search")] == "Vind uw gemeente"
        assert links[reverse("manifestos:search")] == "Zoeken in de manifesten"
        assert "/" in links

    def test_the_municipality_list_it_points_to_is_there(self, client):
        MunicipalityFactory(slug="houten")
        EditionFactory(campaign=CampaignFactory(slug="gr2026"))

        page = client.get("/gr2026/").content.decode()

        assert 'id="chooser-title"' in page
        assert "/gr2026/gemeente/houten/" in page

    def test_asks_not_to_be_indexed(self, client):
        html = client.get("/bestaat/niet/").content.decode()

        assert '<meta name="robots" content="noindex">' in html
        assert 'rel="canonical"' not in html
