"""Pages only for the regions a campaign covers, and a short pointer at every other
regional address (campaigns/coverage.py, manifestos.views._pointer).

The sitemap, the API and the municipality finder list exactly the pages that exist; the
other addresses of a campaign answer a 404 that says which edition did appear and where
the region's current manifesto is, with nothing to print, download, share or send.
"""

import re

import pytest

from campaigns.models import Campaign
from regions.finder import MunicipalityFinder
from regions.models import Municipality, Province
from tests.factories import (
    CampaignFactory,
    EditionFactory,
    MunicipalityFactory,
    ProvinceFactory,
)
from tests.html import find, find_all, h1, hrefs, parse_page, text
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
REGIONAL_PAGE = re.compile(r"^/[\w-]+/(provincie|gemeente)/[\w-]+/$")


def regional_paths(urls):
    """The regional page paths among absolute or relative URLs."""
    paths = {url.removeprefix(SITE) for url in urls}
    return {path for path in paths if REGIONAL_PAGE.match(path)}


# --- the three lists of pages ---------------------------------------------------------


def sitemap_pages(client):
    content = client.get("/sitemap.xml").content.decode()
    return regional_paths(re.findall(r"<loc>([^<]+)</loc>", content))


def _api_list(client, path):
    items, url = [], f"{path}?page_size=100"
    while url:
        data = client.get(url).json()
        items += data["results"]
        url = data["next"]
    return items


def api_pages(client):
    """The `pages` of every province and municipality, as the API lists them."""
    pages = set()
    for kind in ("provinces", "municipalities"):
        for region in _api_list(client, f"/api/v1/{kind}/"):
            detail = client.get(f"/api/v1/{kind}/{region['code']}/").json()
            for page in detail["pages"]:
                assert client.get(page["url"].removeprefix(SITE)).status_code == 200
                pages.add(page["html_url"])
    return regional_paths(pages)


def finder_pages():
    """Every link the municipality finder gives, searching each municipality's name in
    every public campaign with municipality pages."""
    campaigns = [
        campaign
        for campaign in Campaign.objects.public().with_coverage()
        if campaign.level.has_municipality_pages
    ]
    finder = MunicipalityFinder.from_database()
    links = set()
    for municipality in Municipality.objects.all():
        search = finder.search(municipality.name, campaigns=campaigns, limit=1000)
        links |= {link.url for result in search.results for link in result.links}
    return links


class TestTheDemoCampaigns:
    def test_sitemap_api_and_finder_agree_and_every_other_address_is_a_pointer(
        self, client, demo_content, settings
    ):
        settings.API_RATE_LIMIT = 100_000

        sitemap = sitemap_pages(client)
        api = api_pages(client)
        finder = finder_pages()

        assert sitemap == api
        assert {path for path in sitemap if "/gemeente/" in path} == finder
        # GR2026 (national edition): all 12 provinces and 342 municipalities; PS2023 and
        # GR2022 (one provincial edition each): that province and its municipalities.
        per_campaign = {
            slug: len([path for path in sitemap if path.startswith(f"/{slug}/")])
            for slug in ("gr2026", "ps2023", "gr2022", "tk2025", "tk2021")
        }
        assert per_campaign == {"gr2026": 354, "ps2023": 45, "gr2022": 52, "tk2025": 0, "tk2021": 0}

        for path in sorted(sitemap):
            assert client.get(path).status_code == 200, path
        for campaign in Campaign.objects.public().regional():
            regions = [
                *(f"/{campaign.slug}/provincie/{p.slug}/" for p in Province.objects.all()),
                *(
                    f"/{campaign.slug}/gemeente/{m.slug}/"
                    for m in Municipality.objects.valid_on(campaign.election_date)
                ),
            ]
            for path in regions:
                if path in sitemap:
                    continue
                response = client.get(path)
                assert response.status_code == 404, path
                assert find_all(parse_page(response), "section", "pointer"), path


# --- the pointer ----------------------------------------------------------------------

# Print, PDF, letter kit, the share e-mail (no recipient), the share picture.
ACTIONS = ("/print/", "/pdf/", "/brief/", "mailto:?", "deelafbeelding")


def assert_is_the_pointer(response, heading):
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert response["X-Robots-Tag"] == "noindex"
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert '<link rel="canonical"' not in html
    assert h1(response) == heading
    page = parse_page(response)
    assert find_all(page, "ul", "page-actions") == []
    assert find_all(page, "section", "share") == []
    assert find_all(page, "li", "recommendation") == []
    assert not [href for href in hrefs(page) if any(action in href for action in ACTIONS)]


class TestThePointer:
    def test_a_municipality_of_gr2022_outside_gelderland(self, client, demo_content):
        response = client.get("/gr2022/gemeente/utrecht/")

        assert_is_the_pointer(response, "Gemeente Utrecht")
        pointer = find(parse_page(response), "section", "pointer")
        assert "alleen in een editie voor de provincie Gelderland" in text(pointer)
        current = find(pointer, "p", "pointer__current")
        assert text(current) == (
            "Het actuele manifest voor de gemeente Utrecht, bij de Gemeenteraadsverkiezingen "
            "2026: Lees het manifest voor de gemeente Utrecht"
        )
        assert hrefs(current) == ["/gr2026/gemeente/utrecht/"]

    def test_a_province_of_ps2023_other_than_noord_holland(self, client, demo_content):
        response = client.get("/ps2023/provincie/zuid-holland/")

        assert_is_the_pointer(response, "Provincie Zuid-Holland")
        pointer = find(parse_page(response), "section", "pointer")
        assert text(find(pointer, "p", "pointer__lead")) == (
            "Bij de Provinciale Statenverkiezingen 2023 verscheen het manifest van Metaalunie "
            "alleen in een editie voor de provincie Noord-Holland:"
        )
        # No current campaign of Provinciale Staten: no link to one (GR2026 is another
        # election), the campaign's own page instead.
        assert find_all(pointer, "p", "pointer__current") == []
        assert hrefs(pointer) == ["/ps2023/provincie/noord-holland/", "/ps2023/"]

    def test_several_editions_are_listed(self, client, db):
        campaign = CampaignFactory(archived=True, name="Gemeenteraadsverkiezingen 2022")
        for name in ("Gelderland", "Overijssel"):
            province = ProvinceFactory(name=name)
            EditionFactory(campaign=campaign, province=province, title=f"Manifest {name}")
        town = MunicipalityFactory(name="Houten")

        response = client.get(f"/{campaign.slug}/gemeente/{town.slug}/")

        assert_is_the_pointer(response, "Gemeente Houten")
        pointer = find(parse_page(response), "section", "pointer")
        assert "verscheen het manifest van Metaalunie in deze edities:" in text(pointer)
        assert [text(item) for item in find_all(pointer, "li")] == [
            "Manifest Gelderland (provincie Gelderland)",
            "Manifest Overijssel (provincie Overijssel)",
        ]

    def test_it_links_to_the_current_campaign_of_the_same_election_only_if_it_covers_it(
        self, client, db
    ):
        gelderland, utrecht = ProvinceFactory(name="Gelderland"), ProvinceFactory(name="Utrecht")
        town = MunicipalityFactory(name="Houten", province=utrecht)
        old = CampaignFactory(archived=True)
        EditionFactory(campaign=old, province=gelderland)
        current = CampaignFactory()
        EditionFactory(campaign=current, province=gelderland)
        CampaignFactory(election_type="PS", national_edition=True)

        response = client.get(f"/{old.slug}/gemeente/{town.slug}/")

        assert find_all(parse_page(response), "p", "pointer__current") == []
        EditionFactory(campaign=current, province=utrecht)
        response = client.get(f"/{old.slug}/gemeente/{town.slug}/")
        current_link = find(parse_page(response), "p", "pointer__current")
        assert hrefs(current_link) == [f"/{current.slug}/gemeente/{town.slug}/"]

    @pytest.mark.parametrize("view", ["print/", "pdf/", "brief/"])
    def test_print_pdf_and_letter_kit_of_an_uncovered_region_are_the_pointer(
        self, client, demo_content, view
    ):
        response = client.get(f"/gr2022/gemeente/utrecht/{view}")

        assert_is_the_pointer(response, "Gemeente Utrecht")

    @pytest.mark.parametrize(
        "path",
        [
            "/ps2023/provincie/zuid-holland/print/",
            "/ps2023/provincie/zuid-holland/pdf/",
            "/ps2023/provincie/zuid-holland/brief/",
            # A provincial election's letter is per province: for a municipality it leads
            # there, but not for one outside the province with an edition.
            "/ps2023/gemeente/s-gravenhage/brief/",
        ],
    )
    def test_and_so_are_those_of_an_uncovered_province(self, client, demo_content, path):
        response = client.get(path)

        heading = "Gemeente 's-Gravenhage" if "/gemeente/" in path else "Provincie Zuid-Holland"
        assert_is_the_pointer(response, heading)

    @pytest.mark.parametrize(
        "path", ["/gr2022/gemeente/utrecht/brief/pdf/", "/ps2023/provincie/zuid-holland/brief/pdf/"]
    )
    def test_no_letter_pdf_of_nothing(self, client, demo_content, path):
        response = client.post(path, {"name": "Anna de Smid", "company": "De Smid B.V."})

        assert response.status_code == 404
        assert not response["Content-Type"].startswith("application/pdf")

    def test_the_campaign_page_offers_only_the_regions_it_has(self, client, demo_content):
        page = parse_page(client.get("/gr2022/"))

        chooser = find(page, "section", "chooser")
        assert [text(summary) for summary in find_all(chooser, "summary")] == ["Gelderland (51)"]
        assert "/gr2022/provincie/gelderland/" in hrefs(chooser)

    def test_an_unknown_address_suggests_only_pages_that_exist(self, client, demo_content):
        response = client.get("/gr2022/gemeente/arnhm/")

        assert response.status_code == 404
        assert hrefs(find(parse_page(response), "ul", "choice-list")) == [
            "/gr2022/gemeente/arnhem/"
        ]

    def test_the_staff_preview_shows_the_pointer_too(self, admin_client, db):
        campaign = CampaignFactory(draft=True)
        EditionFactory(campaign=campaign, for_province=True, status=Campaign.Status.DRAFT)
        town = MunicipalityFactory(name="Houten")

        response = admin_client.get(f"/voorbeeld/{campaign.slug}/gemeente/{town.slug}/")

        assert response.status_code == 404
        assert h1(response) == "Gemeente Houten"
        assert "Voorbeeld" in text(find(parse_page(response), "section", "preview-banner"))

    def test_costs_a_few_queries(self, client, demo_content):
        with page_queries() as queries:
            response = client.get("/gr2022/gemeente/utrecht/")

        assert response.status_code == 404
        # The campaign (with its coverage), the municipality, the campaign's editions and
        # the current campaigns of its type (with theirs).
        assert len(queries) == 4


# --- the finder -----------------------------------------------------------------------


class TestTheFinder:
    def test_on_a_campaign_with_one_provincial_edition_it_finds_that_province_only(
        self, client, demo_content
    ):
        found = client.get("/gemeenten/zoeken.json", {"q": "arnhem", "campagne": "gr2022"})
        elsewhere = client.get("/gemeenten/zoeken.json", {"q": "utrecht", "campagne": "gr2022"})

        assert [result["url"] for result in found.json()["results"]] == ["/gr2022/gemeente/arnhem/"]
        assert elsewhere.json()["results"] == elsewhere.json()["suggestions"] == []
        assert elsewhere.json()["message"] == (
            "Bij de Gemeenteraadsverkiezingen 2022 verscheen geen manifest voor Utrecht en "
            "Utrechtse Heuvelrug. Kies uw gemeente in het overzicht."
        )

    def test_without_a_campaign_it_links_only_to_pages_that_exist(self, client, db):
        utrecht = ProvinceFactory(name="Utrecht")
        MunicipalityFactory(name="Houten", slug="houten", province=utrecht)
        everywhere = CampaignFactory(slug="gr2026", national_edition=True)
        partial = CampaignFactory(slug="ps2027", election_type="PS")
        EditionFactory(campaign=partial, for_province=True)

        data = client.get("/gemeenten/zoeken.json", {"q": "houten"}).json()

        [result] = data["results"]
        assert [link["url"] for link in result["links"]] == [f"/{everywhere.slug}/gemeente/houten/"]
