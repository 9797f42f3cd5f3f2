"""Find your municipality: by part of its name, an alias or a former name.

Tests about real names use the `register` fixture (the shipped CBS register with
its aliases and mergers); campaigns are built with factories.
"""

import datetime

import pytest

from campaigns.models import ElectionType
from regions.finder import MAX_QUERY_LENGTH, clean_query, normalise
from tests.factories import (
    CampaignFactory,
    MunicipalityAliasFactory,
    MunicipalityFactory,
    ProvinceFactory,
)
from tests.html import find, find_all, parse_page, text
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

PAGE = "/gemeenten/zoeken/"
JSON = "/gemeenten/zoeken.json"
GR2026 = datetime.date(2026, 3, 18)
GR2022 = datetime.date(2022, 3, 16)


# --- reading a page -------------------------------------------------------------------


def results(response):
    """[(name, province, note, href)] of the results (or suggestions) on the results page."""
    found = []
    for item in find_all(parse_page(response), "li", "finder-results__item"):
        link = find_all(item, "a", "finder-results__name")[0]
        notes = find_all(item, "span", "finder-results__note")
        found.append(
            (
                text(link),
                text(find_all(item, "span", "finder-results__province")[0]).strip("()"),
                text(notes[0]) if notes else "",
                dict(link.attributes)["href"],
            )
        )
    return found


def message(response):
    return text(find_all(parse_page(response), "p", "finder-results__message")[0])


def finder_forms(response):
    return find_all(parse_page(response), "form", "finder")


@pytest.fixture
def gr2026(register):
    return CampaignFactory(
        slug="gr2026",
        name="Gemeenteraadsverkiezingen 2026",
        election_date=GR2026,
        national_edition=True,
    )


@pytest.fixture
def gr2022(register):
    return CampaignFactory(
        slug="gr2022",
        name="Gemeenteraadsverkiezingen 2022",
        election_date=GR2022,
        archived=True,
        national_edition=True,
    )


# --- normalisation --------------------------------------------------------------------


class TestNormalise:
    @pytest.mark.parametrize(
        ("typed", "official"),
        [
            ("s gravenhage", "'s-Gravenhage"),
            ("S-GRAVENHAGE", "'s-Gravenhage"),
            ("’s Gravenhage", "'s-Gravenhage"),
            ("sudwest fryslan", "Súdwest-Fryslân"),
            ("Sudwest-Fryslan", "Súdwest-Fryslân"),
            ("bergen nh", "Bergen (NH.)"),
            ("Bergen NH.", "Bergen (NH.)"),
            ("ĳsselstein", "IJsselstein"),
            ("  noardeast   fryslan ", "Noardeast-Fryslân"),
        ],
    )
    def test_typed_and_official_spelling_are_the_same(self, typed, official):
        assert normalise(typed) == normalise(official)

    def test_the_normal_form_is_lower_case_words_without_accents_or_punctuation(self):
        assert normalise("'s-Gravenhage") == "s gravenhage"
        assert normalise("Súdwest-Fryslân") == "sudwest fryslan"
        assert normalise("Bergen (NH.)") == "bergen nh"

    def test_den_haag_is_not_a_spelling_of_s_gravenhage_but_an_alias(self):
        assert normalise("Den Haag") != normalise("'s-Gravenhage")

    def test_a_query_is_cleaned_before_it_is_echoed(self):
        assert clean_query("  Den\x00 \tHaag\u202e ") == "Den Haag"
        assert len(clean_query("a" * 10_000)) == MAX_QUERY_LENGTH


# --- the results page -----------------------------------------------------------------


class TestResultsPage:
    def test_den_haag_finds_s_gravenhage(self, client, gr2026):
        response = client.get(PAGE, {"q": "Den Haag"})

        assert response.status_code == 200
        assert results(response) == [
            (
                "'s-Gravenhage",
                "Zuid-Holland",
                "Ook bekend als Den Haag",
                "/gr2026/gemeente/s-gravenhage/",
            )
        ]

    @pytest.mark.parametrize("query", ["s gravenhage", "'s-Gravenhage", "sgravenhage", "HAAG"])
    def test_s_gravenhage_is_found_however_it_is_typed(self, client, gr2026, query):
        hrefs = [href for *_, href in results(client.get(PAGE, {"q": query}))]

        assert hrefs[0] == "/gr2026/gemeente/s-gravenhage/"

    def test_den_bosch_finds_s_hertogenbosch(self, client, gr2026):
        assert results(client.get(PAGE, {"q": "den bosch"})) == [
            (
                "'s-Hertogenbosch",
                "Noord-Brabant",
                "Ook bekend als Den Bosch",
                "/gr2026/gemeente/s-hertogenbosch/",
            )
        ]

    def test_without_accents_finds_sudwest_fryslan(self, client, gr2026):
        assert results(client.get(PAGE, {"q": "sudwest fryslan"})) == [
            ("Súdwest-Fryslân", "Fryslân", "", "/gr2026/gemeente/sudwest-fryslan/")
        ]

    def test_bergen_finds_both_bergens_first_each_with_its_province(self, client, gr2026):
        found = results(client.get(PAGE, {"q": "bergen"}))

        assert sorted(found[:2]) == [
            ("Bergen (L.)", "Limburg", "", "/gr2026/gemeente/bergen-l/"),
            ("Bergen (NH.)", "Noord-Holland", "", "/gr2026/gemeente/bergen-nh/"),
        ]
        assert "Bergen op Zoom" in [name for name, *_ in found[2:]]

    def test_part_of_a_name_is_enough(self, client, gr2026):
        names = [name for name, *_ in results(client.get(PAGE, {"q": "ordrecht"}))]

        assert names == ["Dordrecht"]

    def test_weesp_leads_to_amsterdam_after_the_merger(self, client, gr2026):
        assert results(client.get(PAGE, {"q": "Weesp"})) == [
            (
                "Amsterdam",
                "Noord-Holland",
                "Voorheen de gemeente Weesp (opgeheven per 24 maart 2022)",
                "/gr2026/gemeente/amsterdam/",
            )
        ]

    def test_weesp_still_existed_at_the_2022_election(self, client, gr2022):
        response = client.get(PAGE, {"q": "weesp", "campagne": "gr2022"})

        assert results(response) == [("Weesp", "Noord-Holland", "", "/gr2022/gemeente/weesp/")]

    def test_haaren_leads_to_its_four_successors(self, client, gr2026):
        found = results(client.get(PAGE, {"q": "Haaren"}))

        assert sorted((name, province, href) for name, province, _note, href in found) == [
            ("Boxtel", "Noord-Brabant", "/gr2026/gemeente/boxtel/"),
            ("Oisterwijk", "Noord-Brabant", "/gr2026/gemeente/oisterwijk/"),
            ("Tilburg", "Noord-Brabant", "/gr2026/gemeente/tilburg/"),
            ("Vught", "Noord-Brabant", "/gr2026/gemeente/vught/"),
        ]
        assert {note for *_, note, _href in found} == {
            "Voorheen deels de gemeente Haaren (opgeheven per 1 januari 2021)"
        }

    def test_a_municipality_that_did_not_exist_yet_leads_to_where_it_came_from(
        self, client, gr2022
    ):
        found = results(client.get(PAGE, {"q": "Voorne aan Zee", "campagne": "gr2022"}))

        assert sorted(href for *_, href in found) == [
            "/gr2022/gemeente/brielle/",
            "/gr2022/gemeente/hellevoetsluis/",
            "/gr2022/gemeente/westvoorne/",
        ]

    def test_a_typo_gets_the_closest_names(self, client, gr2026):
        response = client.get(PAGE, {"q": "amstrdam"})

        assert message(response) == "Geen gemeente gevonden voor ‘amstrdam’. Bedoelt u misschien:"
        assert results(response)[0] == (
            "Amsterdam",
            "Noord-Holland",
            "",
            "/gr2026/gemeente/amsterdam/",
        )

    def test_nothing_alike_still_gives_a_way_on(self, client, gr2026):
        response = client.get(PAGE, {"q": "qwxz"})

        assert response.status_code == 200
        assert results(response) == []
        assert message(response).startswith("Geen gemeente gevonden voor ‘qwxz’.")
        links = [
            dict(a.attributes)["href"]
            for a in find_all(find_all(parse_page(response), "main")[0], "a")
        ]
        assert "/gr2026/" in links

    def test_a_short_query_shows_the_first_fifty_and_says_so(self, client, gr2026):
        response = client.get(PAGE, {"q": "e"})

        assert len(results(response)) == 50
        assert "Hier staan de eerste 50; typ meer letters." in message(response)

    def test_an_empty_query_shows_the_form_with_a_hint(self, client, gr2026):
        response = client.get(PAGE, {"q": "   "})

        assert response.status_code == 200
        assert len(finder_forms(response)) == 1
        assert message(response) == "Typ (een deel van) de naam van uw gemeente."
        assert results(response) == []
        assert not find_all(parse_page(response), "section", "finder-results")

    def test_the_page_has_a_title_breadcrumbs_and_keeps_the_query(self, client, gr2026):
        response = client.get(PAGE, {"q": "Den Haag", "campagne": "gr2026"})
        html = response.content.decode()

        assert "<title>Gemeente zoeken: ‘Den Haag’ – Gemeenteraadsverkiezingen 2026" in html
        breadcrumbs = find_all(parse_page(response), "nav", "breadcrumbs")[0]
        assert text(breadcrumbs) == "Voorpagina Gemeenteraadsverkiezingen 2026 Gemeente zoeken"
        field = find_all(finder_forms(response)[0], "input", "finder__input")[0]
        assert dict(field.attributes)["value"] == "Den Haag"
        assert '<meta name="robots" content="noindex">' in html


class TestScope:
    """On a campaign page: that campaign. Elsewhere: every current campaign with
    pages per municipality."""

    def test_without_a_campaign_it_links_to_every_current_regional_campaign(self, client, register):
        CampaignFactory(slug="gr2026", election_date=GR2026, national_edition=True)
        CampaignFactory(
            slug="ps2027",
            name="Provinciale Statenverkiezingen 2027",
            election_type=ElectionType.PROVINCIALE_STATEN,
            election_date=datetime.date(2027, 3, 17),
            national_edition=True,
        )
        CampaignFactory(
            slug="tk2025", election_type=ElectionType.TWEEDE_KAMER, national_edition=True
        )
        CampaignFactory(slug="gr2022", election_date=GR2022, archived=True, national_edition=True)
        CampaignFactory(
            slug="gr2030",
            election_date=datetime.date(2030, 3, 20),
            draft=True,
            national_edition=True,
        )

        response = client.get(PAGE, {"q": "Den Haag"})
        item = find_all(parse_page(response), "li", "finder-results__item")[0]
        hrefs = {dict(a.attributes)["href"] for a in find_all(item, "a")}

        assert hrefs == {"/gr2026/gemeente/s-gravenhage/", "/ps2027/gemeente/s-gravenhage/"}
        assert "Provinciale Statenverkiezingen 2027" in text(item)

    def test_without_a_current_regional_campaign_it_says_so(self, client, register):
        CampaignFactory(slug="tk2025", election_type=ElectionType.TWEEDE_KAMER)
        CampaignFactory(slug="gr2022", election_date=GR2022, archived=True)

        response = client.get(PAGE, {"q": "Den Haag"})

        assert response.status_code == 200
        assert message(response) == (
            "Er is op dit moment geen campagne met een manifest per gemeente."
        )
        assert results(response) == []

    @pytest.mark.parametrize("trait", ["draft", "scheduled"])
    def test_an_unpublished_campaign_is_not_found(self, client, register, trait):
        CampaignFactory(slug="geheim", **{trait: True})

        assert client.get(PAGE, {"q": "Den Haag", "campagne": "geheim"}).status_code == 404
        response = client.get(JSON, {"q": "Den Haag", "campagne": "geheim"})
        assert response.status_code == 404
        assert "/geheim/" not in response.content.decode()

    def test_a_national_campaign_searches_the_current_regional_campaigns(self, client, gr2026):
        CampaignFactory(slug="tk2025", election_type=ElectionType.TWEEDE_KAMER)

        response = client.get(PAGE, {"q": "Den Haag", "campagne": "tk2025"})

        assert [href for *_, href in results(response)] == ["/gr2026/gemeente/s-gravenhage/"]


# --- the form on the home and campaign pages ------------------------------------------


class TestForm:
    def _form(self, response):
        forms = finder_forms(response)
        assert len(forms) == 1
        return forms[0]

    def test_the_home_page_has_the_finder_for_all_current_campaigns(self, client, gr2026):
        form = self._form(client.get("/"))
        attributes = dict(form.attributes)

        assert attributes["action"] == PAGE
        assert attributes["method"] == "get"
        assert attributes["data-finder-endpoint"] == JSON
        names = [dict(i.attributes).get("name") for i in find_all(form, "input")]
        assert names == ["q"]
        label = find_all(form, "label")[0]
        assert dict(label.attributes)["for"] == "finder-query"
        assert text(label) == "Vind uw gemeente"

    def test_a_campaign_page_searches_in_that_campaign(self, client, gr2022):
        form = self._form(client.get("/gr2022/"))

        hidden = [
            dict(i.attributes) for i in find_all(form, "input") if "type" in dict(i.attributes)
        ]
        assert {"type": "hidden", "name": "campagne", "value": "gr2022"} in hidden

    def test_a_national_campaign_page_searches_the_regional_campaigns(self, client, register):
        CampaignFactory(slug="tk2025", election_type=ElectionType.TWEEDE_KAMER)
        CampaignFactory(slug="gr2026", name="Gemeenteraadsverkiezingen 2026")

        form = self._form(client.get("/tk2025/"))

        assert "campagne" not in [dict(i.attributes).get("name") for i in find_all(form, "input")]
        assert "bij de Gemeenteraadsverkiezingen 2026" in text(find(form, "p", "finder__hint"))

    def test_the_script_is_an_external_deferred_file(self, client, gr2026):
        for url in ["/", "/gr2026/", PAGE]:
            html = client.get(url).content.decode()
            assert '<script src="/static/js/municipality-finder.js" defer></script>' in html


# --- the JSON endpoint ----------------------------------------------------------------


class TestJson:
    def test_the_shape_of_an_answer(self, client, gr2026):
        response = client.get(JSON, {"q": "den haag", "campagne": "gr2026"})

        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response.json() == {
            "campaign": "gr2026",
            "query": "den haag",
            "message": "1 gemeente gevonden.",
            "count": 1,
            "results": [
                {
                    "name": "'s-Gravenhage",
                    "province": "Zuid-Holland",
                    "note": "Ook bekend als Den Haag",
                    "url": "/gr2026/gemeente/s-gravenhage/",
                    "links": [
                        {
                            "campaign": "Gemeenteraadsverkiezingen 2026",
                            "url": "/gr2026/gemeente/s-gravenhage/",
                        }
                    ],
                }
            ],
            "suggestions": [],
        }

    def test_it_may_be_cached_briefly(self, client, gr2026):
        cache_control = client.get(JSON, {"q": "weesp"})["Cache-Control"]

        assert set(cache_control.replace(" ", "").split(",")) == {
            "public",
            "max-age=0",
            "s-maxage=60",
            "stale-while-revalidate=300",
        }

    def test_it_gives_at_most_ten_results_and_counts_them_all(self, client, gr2026):
        data = client.get(JSON, {"q": "e"}).json()

        assert len(data["results"]) == 10
        assert data["count"] > 100
        assert data["message"].startswith(f"{data['count']} gemeenten gevonden.")

    def test_suggestions_when_nothing_matches(self, client, gr2026):
        data = client.get(JSON, {"q": "amstrdam"}).json()

        assert data["results"] == []
        assert data["suggestions"][0]["url"] == "/gr2026/gemeente/amsterdam/"

    def test_it_never_links_to_an_unpublished_campaign(self, client, gr2026):
        for trait in ("draft", "scheduled"):
            CampaignFactory(
                slug=f"verborgen-{trait}",
                election_date=GR2026,
                national_edition=True,
                **{trait: True},
            )

        body = client.get(JSON, {"q": "a"}).content.decode()

        assert "/gr2026/" in body
        assert "verborgen" not in body

    def test_an_empty_query_gives_a_hint_and_no_results(self, client, gr2026):
        data = client.get(JSON).json()

        assert data["results"] == data["suggestions"] == []
        assert data["message"] == "Typ (een deel van) de naam van uw gemeente."


# --- hostile input --------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "a" * 5000,
    "\x00",
    "Weesp\x00<b>",
    "%00",
    "北京 🏠 Zürich",
    "\u202eesreveR",
    "' OR 1=1 --",
    "\\",
]


class TestHostileInput:
    @pytest.mark.parametrize("query", HOSTILE)
    @pytest.mark.parametrize("url", [PAGE, JSON])
    def test_any_query_is_harmless(self, client, gr2026, url, query):
        response = client.get(url, {"q": query, "campagne": "gr2026"})

        assert response.status_code == 200
        body = response.content.decode()
        assert "<script>alert" not in body
        assert "<img src=x" not in body
        assert "\x00" not in body

    def test_markup_in_a_query_comes_back_as_typed_in_json(self, client, gr2026):
        response = client.get(JSON, {"q": "<b>Weesp</b> & co"})

        assert "<b>" not in response.content.decode()
        assert response.json()["query"] == "<b>Weesp</b> & co"

    def test_markup_in_a_query_is_shown_as_typed(self, client, gr2026):
        response = client.get(PAGE, {"q": "<script>alert(1)</script>"})

        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()
        assert message(response).startswith("Geen gemeente gevonden voor ‘<script>alert(1)")

    def test_a_very_long_query_is_cut_short(self, client, gr2026):
        response = client.get(PAGE, {"q": "Weesp" + "x" * 5000})
        field = find_all(finder_forms(response)[0], "input", "finder__input")[0]

        assert len(dict(field.attributes)["value"]) == MAX_QUERY_LENGTH

    @pytest.mark.parametrize("campaign", ["<script>", "\x00", "gr2026\x00", "a" * 500, "../"])
    @pytest.mark.parametrize("url", [PAGE, JSON])
    def test_a_hostile_campaign_is_not_found(self, client, gr2026, url, campaign):
        assert client.get(url, {"q": "weesp", "campagne": campaign}).status_code == 404

    def test_only_get_is_allowed(self, client, gr2026):
        assert client.post(PAGE, {"q": "weesp"}).status_code == 405


# --- a constant number of queries ----------------------------------------------------

# The campaign(s); municipalities with their province; aliases; mergers.
SEARCH_QUERIES = 4


def _grow_register(size):
    province = ProvinceFactory()
    towns = MunicipalityFactory.create_batch(size, province=province)
    for town in towns:
        MunicipalityAliasFactory(municipality=town)
    MunicipalityFactory.create_batch(
        size, province=province, valid_until=datetime.date(2024, 1, 1), successors=towns[:2]
    )


class TestQueryCount:
    @pytest.mark.parametrize("url", [PAGE, JSON])
    @pytest.mark.parametrize("campaign", ["", "gr2026"])
    def test_the_same_small_number_however_large_the_register(self, client, gr2026, url, campaign):
        counts = []
        for size in (1, 40):
            _grow_register(size)
            with page_queries() as queries:
                response = client.get(url, {"q": "gemeente", "campagne": campaign})
            assert response.status_code == 200
            counts.append(len(queries))

        assert counts == [SEARCH_QUERIES, SEARCH_QUERIES]

    def test_an_empty_query_does_not_read_the_register(self, client, gr2026):
        with page_queries() as queries:
            client.get(PAGE)

        assert len(queries) == 1
