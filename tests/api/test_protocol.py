"""How the API behaves as HTTP: pages of results, filters, errors, caching (ETag and
304), CORS, rate limiting, its query counts, and the documentation page."""

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import validate_campaign_slug
from tests.factories import (
    CampaignFactory,
    ContactFactory,
    EditionFactory,
    FigureRowFactory,
    KeyFigureFactory,
    MunicipalityAliasFactory,
    MunicipalityFactory,
    ProvinceFactory,
    RecommendationFactory,
    RegionalFiguresFactory,
    ThemeFactory,
)
from tests.html import hrefs, parse_page
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


def codes(response):
    return [item["code"] for item in response.json()["results"]]


# --- pages of results -----------------------------------------------------------------


class TestPagination:
    def test_pages_link_to_each_other_and_count_everything(self, client, db):
        province = ProvinceFactory(cbs_code="PV90")
        MunicipalityFactory.create_batch(5, province=province)

        first = client.get("/api/v1/municipalities/?page_size=2").json()
        second = client.get(first["next"]).json()
        last = client.get(second["next"]).json()

        assert (first["count"], first["pages"], first["page_size"]) == (5, 3, 2)
        assert first["previous"] is None
        assert first["next"] == "http://testserver/api/v1/municipalities/?page=2&page_size=2"
        assert second["page"] == 2
        assert client.get(second["previous"]).json() == first
        assert last["next"] is None
        assert len(last["results"]) == 1
        every = [item["code"] for page in (first, second, last) for item in page["results"]]
        assert every == sorted(every)
        assert len(set(every)) == 5

    def test_the_page_size_is_bounded(self, client, db):
        response = client.get("/api/v1/municipalities/?page_size=101")

        assert response.status_code == 400
        assert response.json() == {
            "fout": "Parameter ‘page_size’ moet een geheel getal van 1 tot en met 100 zijn."
        }

    @pytest.mark.parametrize("page", ["0", "-1", "twee", "1.5", "9" * 40, ""])
    def test_a_page_that_is_no_number_is_a_bad_request(self, client, db, page):
        response = client.get(f"/api/v1/campaigns/?page={page}")

        assert response.status_code == 400
        assert "‘page’" in response.json()["fout"]

    def test_a_page_beyond_the_last_is_not_found(self, client, db):
        CampaignFactory()

        response = client.get("/api/v1/campaigns/?page=2")

        assert response.status_code == 404
        assert response.json() == {"fout": "Pagina 2 bestaat niet: er zijn 1 pagina's."}

    def test_an_empty_list_has_one_empty_page(self, client, db):
        data = client.get("/api/v1/contacts/").json()

        assert (data["count"], data["pages"], data["results"]) == (0, 1, [])


# --- filters --------------------------------------------------------------------------


@pytest.fixture
def two_campaigns(db):
    holland = ProvinceFactory(cbs_code="PV91")
    utrecht = ProvinceFactory(cbs_code="PV92")
    old = MunicipalityFactory(province=holland, cbs_code="GM2001", valid_until="2024-01-01")
    new = MunicipalityFactory(province=holland, cbs_code="GM2002", valid_from="2024-01-01")
    elsewhere = MunicipalityFactory(province=utrecht, cbs_code="GM2003")
    gr = CampaignFactory(slug="gr2030", election_date="2030-03-20")
    tk = CampaignFactory(slug="tk2029", election_type="TK", election_date="2029-10-29")
    return {
        "gr_national": EditionFactory(campaign=gr),
        "gr_holland": EditionFactory(campaign=gr, province=holland),
        "gr_new": EditionFactory(campaign=gr, municipality=new),
        "gr_elsewhere": EditionFactory(campaign=gr, municipality=elsewhere),
        "tk_national": EditionFactory(campaign=tk),
        "old": old,
    }


class TestFilters:
    def keys(self, client, query):
        response = client.get(f"/api/v1/editions/?{query}")
        assert response.status_code == 200, response.content
        return {(item["campaign"], item["key"]) for item in response.json()["results"]}

    @pytest.mark.usefixtures("two_campaigns")
    def test_editions_by_campaign_election_type_province_and_municipality(self, client):
        assert self.keys(client, "campaign=tk2029") == {("tk2029", "national")}
        assert self.keys(client, "election_type=GR") == {
            ("gr2030", "national"),
            ("gr2030", "PV91"),
            ("gr2030", "GM2002"),
            ("gr2030", "GM2003"),
        }
        assert self.keys(client, "province=PV91") == {("gr2030", "PV91"), ("gr2030", "GM2002")}
        assert self.keys(client, "municipality=GM2003") == {("gr2030", "GM2003")}
        assert self.keys(client, "campaign=tk2029&province=PV91") == set()

    def test_municipalities_of_a_campaign_are_those_of_its_election_date(
        self, client, two_campaigns
    ):
        response = client.get("/api/v1/municipalities/?campaign=gr2030&province=PV91")

        assert codes(response) == ["GM2002"]
        assert codes(client.get("/api/v1/municipalities/?province=PV91")) == ["GM2001", "GM2002"]

    def test_campaigns_by_election_type(self, client, two_campaigns):
        data = client.get("/api/v1/campaigns/?election_type=TK").json()

        assert [item["slug"] for item in data["results"]] == ["tk2029"]

    @pytest.mark.parametrize(
        ("query", "status", "message"),
        [
            ("election_type=XX", 400, "Parameter ‘election_type’ is een van TK, PS, GR, EP, WS."),
            (
                "province=Holland",
                400,
                "Parameter ‘province’ heeft een ongeldige waarde: ‘Holland’.",
            ),
            ("municipality=gm0518", 400, "Parameter ‘municipality’ heeft een ongeldige waarde"),
            ("campaign=%00", 400, "Parameter ‘campaign’ heeft een ongeldige waarde"),
            ("campaign=gr2062", 404, "Er is geen openbare campagne ‘gr2062’."),
            ("province=PV99", 404, "Er is geen provincie met CBS-code PV99."),
        ],
    )
    def test_a_bad_filter_is_explained_in_dutch(
        self, client, two_campaigns, query, status, message
    ):
        response = client.get(f"/api/v1/editions/?{query}")

        assert response.status_code == status
        assert response.json()["fout"].startswith(message)


# --- errors and methods ---------------------------------------------------------------


class TestErrors:
    @pytest.mark.parametrize(
        ("url", "message"),
        [
            ("/api/v1/campaigns/gr2062/", "Er is geen openbare campagne ‘gr2062’."),
            ("/api/v1/municipalities/GM9999/", "Er is geen gemeente met CBS-code GM9999."),
            ("/api/v1/provinces/PV99/", "Er is geen provincie met CBS-code PV99."),
            ("/api/v1/contacts/niemand/", "Er is geen contactpersoon ‘niemand’."),
            ("/api/v1/editions/99999999999999999999999/", "Er is geen openbare editie"),
            ("/api/v1/editions/gr2062/national/", "Er is geen openbare editie ‘national’"),
            ("/api/v1/editions/gr2026/GM0518/", "Er is geen openbare editie ‘GM0518’"),
            ("/api/v1/editions/gr2026/landelijk/", "Dit adres bestaat niet in de API."),
            ("/api/v1/municipalities/den-haag/", "Dit adres bestaat niet in de API."),
            ("/api/v1/onbekend/pad/", "Dit adres bestaat niet in de API."),
            ("/api/v1/campaigns/%0A/provinces/PV20/", "Dit adres bestaat niet in de API."),
        ],
    )
    def test_unknown_resources_are_a_json_404_in_dutch(self, client, db, url, message):
        response = client.get(url)

        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["fout"].startswith(message)

    def test_an_address_without_its_slash_is_sent_to_it(self, client, db):
        response = client.get("/api/v1/campaigns")

        assert response.status_code == 301
        assert response["Location"] == "/api/v1/campaigns/"

    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_the_api_cannot_be_written_to(self, client, db, method):
        campaign = CampaignFactory()

        response = getattr(client, method)(f"/api/v1/campaigns/{campaign.slug}/")

        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert "alleen gelezen" in response.json()["fout"]
        campaign.refresh_from_db()

    def test_head_answers_like_get(self, client, db):
        CampaignFactory()

        assert client.head("/api/v1/campaigns/").status_code == 200


# --- caching, CORS, rate limiting -----------------------------------------------------


class TestConditionalRequests:
    def test_an_unchanged_answer_is_a_304_and_a_change_a_new_etag(self, client, db):
        campaign = CampaignFactory(name="Eerste naam")
        url = f"/api/v1/campaigns/{campaign.slug}/"
        first = client.get(url)
        etag, modified = first["ETag"], first["Last-Modified"]

        assert first["Cache-Control"].startswith("public")
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304

        campaign.name = "Tweede naam"
        campaign.save()
        changed = client.get(url, HTTP_IF_NONE_MATCH=etag)

        assert changed.status_code == 200
        assert changed.json()["name"] == "Tweede naam"
        assert changed["ETag"] != etag


class TestCors:
    @pytest.mark.parametrize(
        "url", ["/api/v1/", "/api/v1/campaigns/", "/api/v1/campaigns/gr2062/", "/api/v1/x/"]
    )
    def test_any_site_may_read_every_answer_without_credentials(self, client, db, url):
        response = client.get(url, HTTP_ORIGIN="https://krant.example")

        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response
        assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
        assert "ETag" in response["Access-Control-Expose-Headers"]

    def test_a_preflight_is_answered_with_the_allowed_methods(self, client, db):
        response = client.options(
            "/api/v1/campaigns/",
            HTTP_ORIGIN="https://krant.example",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        )

        assert response.status_code == 204
        assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
        assert response["Access-Control-Allow-Origin"] == "*"

    def test_the_rest_of_the_site_stays_same_origin(self, client, db):
        response = client.get("/api/")

        assert "Access-Control-Allow-Origin" not in response
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"


class TestRateLimit:
    def test_requests_beyond_the_limit_wait_also_when_served_from_the_page_cache(
        self, client, db, settings
    ):
        settings.API_RATE_LIMIT = 3
        settings.API_RATE_LIMIT_WINDOW = 60
        CampaignFactory()

        assert client.get("/api/v1/campaigns/").status_code == 200
        with page_queries() as queries:
            cached = [client.get("/api/v1/campaigns/") for _ in range(2)]
        assert [response.status_code for response in cached] == [200, 200]
        assert len(queries) == 0  # Both came from the page cache.
        refused = client.get("/api/v1/campaigns/")

        assert refused.status_code == 429
        assert 1 <= int(refused["Retry-After"]) <= 60
        assert refused["Access-Control-Allow-Origin"] == "*"
        assert refused["Cache-Control"] == "no-store"
        assert refused.json()["fout"].startswith("Te veel verzoeken: hoogstens 3 per 60 seconden.")
        assert cached[-1]["X-RateLimit-Remaining"] == "0"

    def test_the_limit_is_per_client_address(self, client, db, settings):
        settings.API_RATE_LIMIT = 1

        assert client.get("/api/v1/", REMOTE_ADDR="192.0.2.1").status_code == 200
        assert client.get("/api/v1/", REMOTE_ADDR="192.0.2.1").status_code == 429
        assert client.get("/api/v1/", REMOTE_ADDR="192.0.2.2").status_code == 200

    def test_pages_outside_the_api_are_not_counted(self, client, db, settings):
        settings.API_RATE_LIMIT = 1

        for _ in range(3):
            assert client.get("/api/").status_code == 200
        assert client.get("/api/v1/").status_code == 200


# --- query counts ---------------------------------------------------------------------


@pytest.fixture
def world(db):
    province = ProvinceFactory(cbs_code="PV93")
    municipality = MunicipalityFactory(province=province, cbs_code="GM2010")
    campaign = CampaignFactory(slug="gr2030", central_contact=ContactFactory(central=True))
    world = {
        "province": province,
        "municipality": municipality,
        "campaign": campaign,
        "national": EditionFactory(campaign=campaign),
        "municipal": EditionFactory(campaign=campaign, municipality=municipality),
    }
    grow(world, times=1)
    return world


def grow(world, times):
    """More of everything an answer lists: themes, recommendations, editions, figures,
    breakdowns, contacts, municipalities, aliases, key figures and campaigns."""
    province, municipality = world["province"], world["municipality"]
    for edition in (world["national"], world["municipal"]):
        for _ in range(times):
            theme = ThemeFactory(edition=edition)
            ThemeFactory(edition=edition, parent=theme)
            RecommendationFactory.create_batch(3, theme=theme)
    for region in ({"province": province}, {"municipality": municipality, "province": None}):
        figures = RegionalFiguresFactory(**region)
        FigureRowFactory.create_batch(times, figures=figures)
    others = MunicipalityFactory.create_batch(times, province=province)
    for other in others:
        EditionFactory(campaign=world["campaign"], municipality=other)
        other.successors.add(municipality)
    MunicipalityAliasFactory.create_batch(times, municipality=municipality)
    ContactFactory.create_batch(times, district=province.district)
    KeyFigureFactory.create_batch(times, campaign=world["campaign"])
    CampaignFactory.create_batch(times)


URLS = [
    "/api/v1/",
    "/api/v1/openapi.json",
    "/api/v1/campaigns/",
    "/api/v1/campaigns/gr2030/",
    "/api/v1/campaigns/gr2030/municipalities/GM2010/",
    "/api/v1/campaigns/gr2030/provinces/PV93/",
    "/api/v1/editions/?campaign=gr2030",
    "/api/v1/editions/gr2030/national/",
    "/api/v1/editions/gr2030/GM2010/",
    "/api/v1/editions/{national}/",
    "/api/v1/provinces/",
    "/api/v1/provinces/PV93/",
    "/api/v1/municipalities/?province=PV93",
    "/api/v1/municipalities/GM2010/",
    "/api/v1/contacts/?province=PV93",
]


def test_every_answer_costs_the_same_queries_with_more_content(client, world):
    def measure():
        counts = {}
        for url in URLS:
            url = url.format(national=world["national"].pk)
            with page_queries() as queries:
                response = client.get(url)
            expected = 301 if url.endswith(f"/{world['national'].pk}/") else 200
            assert response.status_code == expected, (url, response.content)
            counts[url] = len(queries)
        return counts

    before = measure()
    grow(world, times=4)
    after = measure()

    assert after == before
    assert max(before.values()) <= 10


# --- the documentation page -----------------------------------------------------------


class TestDocumentation:
    def test_explains_the_api_with_a_curl_example_in_the_house_look(self, client, settings):
        settings.API_RATE_LIMIT = 90
        response = client.get("/api/")

        assert response.status_code == 200
        page = response.content.decode()
        assert "<title>Open data: de API · Koninklijke Metaalunie</title>" in page
        assert "curl http://testserver/api/v1/campaigns/gr2026/municipalities/GM0518/" in page
        assert "http://testserver/api/v1/openapi.json" in hrefs(parse_page(response))
        assert 'class="site-header"' in page
        assert "hoogstens 90 verzoeken per 60 seconden" in page

    def test_every_page_links_to_it_in_the_footer(self, client, db):
        response = client.get("/")

        assert "/api/" in hrefs(parse_page(response))

    def test_api_is_no_campaign_address(self):
        with pytest.raises(ValidationError):
            validate_campaign_slug("api")
