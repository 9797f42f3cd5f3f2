"""The site search at /zoeken/, as a visitor sees it.

Every test runs on SQLite and on PostgreSQL. Where the two differ on purpose
(PostgreSQL stems Dutch words, SQLite finds exact words only) there is a test
for each, skipped on the other database, so each run asserts its own backend.
"""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from campaigns.models import Campaign
from config.page_cache import content_changed
from manifestos.models import Recommendation, Theme
from manifestos.search import PostgresSearch
from tests.factories import (
    CampaignFactory,
    EditionFactory,
    MunicipalityFactory,
    ProvinceFactory,
    RecommendationFactory,
    ThemeFactory,
)
from tests.html import find_all, parse_page, text_as_read, without_site_images
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

# --- reading the page -----------------------------------------------------------------


def search(client, query, **params):
    response = client.get("/zoeken/", {"q": query, **params})
    assert response.status_code == 200
    return response


def results(response):
    """One dict per result group (a theme): link, title, meta line, snippets, marked words."""
    found = []
    for item in find_all(parse_page(response), "li", "search-result"):
        title = find_all(item, "h3", "search-result__title")[0]
        snippets = find_all(item, "li", "search-result__snippet")
        found.append(
            {
                "href": dict(find_all(title, "a")[0].attributes)["href"],
                "title": text_as_read(title),
                "meta": text_as_read(find_all(item, "p", "search-result__meta")[0]),
                "snippets": [text_as_read(snippet) for snippet in snippets],
                "marked": [text_as_read(mark) for mark in find_all(item, "mark")],
                "elements": {
                    element.name for part in [title, *snippets] for element in find_all(part)
                },
                "more": text_as_read(more[0])
                if (more := find_all(item, "p", "search-result__more"))
                else "",
            }
        )
    return found


def snippet_count(response):
    return sum(len(result["snippets"]) for result in results(response))


def summary(response):
    return text_as_read(find_all(parse_page(response), "h2", "search-results__summary")[0])


def page_title(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.DOTALL).group(1)


def theme_url(theme):
    return f"{theme.edition.get_absolute_url()}#thema-{theme.slug}"


# --- the form -------------------------------------------------------------------------


class TestForm:
    def test_an_empty_query_shows_the_form_with_a_hint(self, client, db):
        RecommendationFactory(body="Los de netcongestie op.")

        response = client.get("/zoeken/")

        assert response.status_code == 200
        page = parse_page(response)
        form = find_all(page, "form", "search-form")[0]
        assert dict(form.attributes)["action"] == "/zoeken/"
        label = find_all(form, "label")[0]
        field = find_all(form, "input", "search-form__input")[0]
        assert dict(label.attributes)["for"] == dict(field.attributes)["id"] == "search-q"
        assert dict(field.attributes)["name"] == "q"
        assert "Zoek in de thema’s en aanbevelingen" in text_as_read(form)
        assert results(response) == []
        assert not find_all(page, "section", "search-results")
        assert page_title(response).startswith("Zoeken · ")

    def test_the_title_names_the_query_and_the_form_keeps_it(self, client, db):
        response = search(client, "regeldruk")

        assert page_title(response).startswith("Zoeken: regeldruk · ")
        field = find_all(parse_page(response), "input", "search-form__input")[0]
        assert dict(field.attributes)["value"] == "regeldruk"

    def test_every_page_has_a_search_form_in_the_header(self, client, db):
        page = parse_page(client.get("/"))

        header_form = find_all(page, "form", "site-search")[0]
        assert dict(header_form.attributes)["action"] == "/zoeken/"
        field = find_all(header_form, "input")[0]
        label = find_all(header_form, "label")[0]
        assert dict(field.attributes)["name"] == "q"
        assert dict(label.attributes)["for"] == dict(field.attributes)["id"]
        assert text_as_read(label)

    def test_no_results_suggests_what_to_do_and_the_current_campaigns(self, client, db):
        CampaignFactory(slug="gr2026", name="Gemeenteraadsverkiezingen 2026")
        CampaignFactory(slug="gr2030", name="Gemeenteraadsverkiezingen 2030", draft=True)

        response = search(client, "xyzzyqwerty")

        assert summary(response) == "Geen aanbevelingen gevonden voor ‘xyzzyqwerty’"
        content = response.content.decode()
        assert "minder woorden" in content
        assert 'href="/gr2026/"' in content
        assert "gr2030" not in content


# --- a place name: the municipality's page above the recommendations -------------------


def place_links(response):
    """(link text, href) of the municipalities found by name, in page order."""
    return [
        (text_as_read(link), dict(link.attributes)["href"])
        for section in find_all(parse_page(response), "section", "place-results")
        for link in find_all(section, "a", "place-results__link")
    ]


class TestPlaceNames:
    def test_den_haag_leads_to_its_page_in_the_current_campaign(self, client, demo_content):
        response = search(client, "den haag")

        assert place_links(response) == [
            (
                "De gemeente Den Haag bij de Gemeenteraadsverkiezingen 2026",
                "/gr2026/gemeente/s-gravenhage/",
            )
        ]
        html = response.content.decode()
        assert html.index("place-results") < html.index('class="search-results"')
        # The place was found: no advice on how to search better.
        assert "minder woorden" not in html

    @pytest.mark.parametrize("query", ["'s-Gravenhage", "S GRAVENHAGE", "Den  Haag"])
    def test_the_official_name_and_other_spellings_find_it_too(self, client, demo_content, query):
        assert [href for _text, href in place_links(search(client, query))] == [
            "/gr2026/gemeente/s-gravenhage/"
        ]

    def test_a_dissolved_municipality_leads_to_its_successor(self, client, demo_content):
        response = search(client, "Weesp")

        assert place_links(response) == [
            (
                "De gemeente Amsterdam bij de Gemeenteraadsverkiezingen 2026",
                "/gr2026/gemeente/amsterdam/",
            )
        ]
        note = find_all(parse_page(response), "span", "place-results__note")
        assert text_as_read(note[0]) == "Voorheen de gemeente Weesp (opgeheven per 24 maart 2022)"

    def test_a_name_of_two_municipalities_lists_both(self, client, demo_content):
        assert [href for _text, href in place_links(search(client, "bergen"))] == [
            "/gr2026/gemeente/bergen-l/",
            "/gr2026/gemeente/bergen-nh/",
        ]

    @pytest.mark.parametrize("query", ["haag", "regeldruk", "gemeente", "den haag regeldruk"])
    def test_only_a_whole_name_is_a_place_name(self, client, demo_content, query):
        response = search(client, query)

        assert place_links(response) == []
        assert b"place-results" not in response.content

    def test_only_current_campaigns_with_municipality_pages_are_linked(self, client, db):
        MunicipalityFactory(name="Eigenstad", slug="eigenstad")
        for campaign in [
            CampaignFactory(slug="gr2030", name="Gemeenteraadsverkiezingen 2030", draft=True),
            CampaignFactory(slug="gr2022", archived=True),
            CampaignFactory(slug="tk2029", election_type="TK"),
            CampaignFactory(slug="gr2026", name="Gemeenteraadsverkiezingen 2026"),
        ]:
            EditionFactory(campaign=campaign)  # a national edition: a page per municipality

        assert [href for _text, href in place_links(search(client, "Eigenstad"))] == [
            "/gr2026/gemeente/eigenstad/"
        ]


# --- finding: both databases ----------------------------------------------------------


class TestFinding:
    def test_exact_words_in_the_demo_content(self, client, demo_content):
        netcongestie = Recommendation.objects.get(body__contains="netcongestie tegen te gaan")
        regeldruk = Theme.objects.get(
            edition__campaign__slug="gr2022", title__startswith="Verminderen van regeldruk"
        )

        found = results(search(client, "netcongestie"))
        assert theme_url(netcongestie.theme) in [result["href"] for result in found]
        assert {word.lower() for result in found for word in result["marked"]} == {"netcongestie"}

        found = results(search(client, "Regeldruk"))
        hrefs = [result["href"] for result in found]
        assert f"/gr2022/provincie/gelderland/#thema-{regeldruk.slug}" in hrefs
        assert "/gr2026/#thema-" in " ".join(hrefs)
        gelderland = next(result for result in found if result["href"].startswith("/gr2022/"))
        assert gelderland["meta"].startswith(
            "Gemeenteraadsverkiezingen 2022 · editie provincie Gelderland"
        )
        assert gelderland["title"] == "Verminderen van regeldruk, think small first"
        assert "regeldruk" in [word.lower() for word in gelderland["marked"]]

    def test_a_result_link_leads_to_the_theme_on_its_page(self, client, demo_content):
        found = results(search(client, "regeldruk"))

        assert found
        for result in found:
            path, anchor = result["href"].split("#")
            page = client.get(path)
            assert page.status_code == 200, result["href"]
            assert f'id="{anchor}"' in page.content.decode(), result["href"]

    def test_words_are_found_whatever_their_case(self, client, db):
        recommendation = RecommendationFactory(body="Los de NETCONGESTIE op, samen met de regio.")

        found = results(search(client, "Netcongestie"))

        assert [result["href"] for result in found] == [theme_url(recommendation.theme)]
        assert found[0]["marked"] == ["NETCONGESTIE"]
        assert summary(search(client, "netcongestie")) == (
            "1 aanbeveling gevonden voor ‘netcongestie’"
        )

    def test_all_words_of_the_query_must_occur(self, client, db):
        both = RecommendationFactory(body="Verminder de regeldruk voor het mkb.")
        RecommendationFactory(body="Verminder de regeldruk voor gemeenten.")

        found = results(search(client, "regeldruk mkb"))

        assert [result["href"] for result in found] == [theme_url(both.theme)]
        assert sorted(word.lower() for word in found[0]["marked"]) == ["mkb", "regeldruk"]

    def test_the_theme_title_is_searched_too(self, client, db):
        theme = ThemeFactory(title="Minder regeldruk")
        RecommendationFactory(theme=theme, body="Betrek ondernemers vroeg bij nieuw beleid.")
        RecommendationFactory(theme=theme, body="Schrap een oude regel voor elke nieuwe.")

        found = results(search(client, "regeldruk"))

        assert len(found) == 1
        assert found[0]["href"] == theme_url(theme)
        assert found[0]["marked"] == ["regeldruk"]
        assert found[0]["title"] == "Minder regeldruk"
        assert len(found[0]["snippets"]) == 1
        assert found[0]["more"] == "En nog 1 aanbeveling in dit thema."

    def test_a_match_in_the_theme_title_ranks_above_one_in_the_text(self, client, db):
        older = CampaignFactory(election_date=datetime.date(2022, 3, 16))
        newer = CampaignFactory(election_date=datetime.date(2026, 3, 18))
        in_title = ThemeFactory(edition__campaign=older, title="Verminder de regeldruk")
        RecommendationFactory(theme=in_title, body="Schrap elke overbodige regel.")
        in_text = RecommendationFactory(
            theme__edition__campaign=newer, body="Zorg voor minder regeldruk."
        )

        found = results(search(client, "regeldruk"))

        assert [result["href"] for result in found] == [
            theme_url(in_title),
            theme_url(in_text.theme),
        ]

    def test_equally_good_hits_show_the_newest_campaign_first(self, client, db):
        body = "Zorg voor minder regeldruk voor het mkb."
        old = RecommendationFactory(
            theme__edition__campaign__election_date=datetime.date(2021, 3, 17), body=body
        )
        new = RecommendationFactory(
            theme__edition__campaign__election_date=datetime.date(2025, 10, 29), body=body
        )
        middle = RecommendationFactory(
            theme__edition__campaign__election_date=datetime.date(2023, 3, 15), body=body
        )

        found = results(search(client, "regeldruk"))

        assert [result["href"] for result in found] == [
            theme_url(new.theme),
            theme_url(middle.theme),
            theme_url(old.theme),
        ]

    def test_a_result_shows_the_campaign_the_scope_and_the_theme(self, client, db):
        campaign = CampaignFactory(slug="gr2030", name="Gemeenteraadsverkiezingen 2030")
        province = ProvinceFactory(name="Gelderland", slug="gelderland")
        municipality = MunicipalityFactory(name="Ede", slug="ede", province=province)
        national = RecommendationFactory(
            theme__edition__campaign=campaign, body="Landelijk: minder regeldruk."
        )
        provincial = RecommendationFactory(
            theme__edition=EditionFactory(campaign=campaign, province=province),
            body="Provinciaal: minder regeldruk.",
        )
        parent = ThemeFactory(
            edition=EditionFactory(campaign=campaign, municipality=municipality),
            title="De ondernemende gemeente",
        )
        local = RecommendationFactory(
            theme=ThemeFactory(parent=parent, title="Ruimte om te ondernemen"),
            body="Gemeentelijk: minder regeldruk.",
        )

        found = {result["href"]: result for result in results(search(client, "regeldruk"))}

        assert set(found) == {
            f"/gr2030/#thema-{national.theme.slug}",
            f"/gr2030/provincie/gelderland/#thema-{provincial.theme.slug}",
            f"/gr2030/gemeente/ede/#thema-{local.theme.slug}",
        }
        assert found[f"/gr2030/#thema-{national.theme.slug}"]["meta"] == (
            "Gemeenteraadsverkiezingen 2030 · landelijke editie"
        )
        assert found[f"/gr2030/provincie/gelderland/#thema-{provincial.theme.slug}"]["meta"] == (
            "Gemeenteraadsverkiezingen 2030 · editie provincie Gelderland"
        )
        municipal = found[f"/gr2030/gemeente/ede/#thema-{local.theme.slug}"]
        assert municipal["meta"] == (
            "Gemeenteraadsverkiezingen 2030 · editie gemeente Ede"
            " · onder ‘De ondernemende gemeente’"
        )
        assert municipal["title"] == "Ruimte om te ondernemen"
        assert municipal["snippets"] == ["Gemeentelijk: minder regeldruk."]


class TestOnlyPublicCampaigns:
    def test_drafts_and_scheduled_campaigns_are_never_found(self, client, db):
        body = "Een aanbeveling over zeldzaamheidswaarde."
        public = RecommendationFactory(body=body)
        archived = RecommendationFactory(theme__edition__campaign__archived=True, body=body)
        RecommendationFactory(theme__edition__campaign__draft=True, body=body)
        RecommendationFactory(theme__edition__campaign__scheduled=True, body=body)
        RecommendationFactory(
            theme__edition__campaign__status=Campaign.Status.ARCHIVED,
            theme__edition__campaign__published_at=timezone.now() + datetime.timedelta(hours=1),
            body=body,
        )

        response = search(client, "zeldzaamheidswaarde")

        assert {result["href"] for result in results(response)} == {
            theme_url(public.theme),
            theme_url(archived.theme),
        }
        assert summary(response) == "2 aanbevelingen gevonden voor ‘zeldzaamheidswaarde’"

    def test_a_campaign_cannot_take_the_address_of_the_search_page(self, client, db):
        campaign = CampaignFactory.build(slug="zoeken")
        with pytest.raises(ValidationError) as error:
            campaign.full_clean()
        assert "slug" in error.value.message_dict
        assert "zoeken" in error.value.message_dict["slug"][0]

        # Even one saved past validation does not hide the search page.
        CampaignFactory(slug="zoeken", name="Campagne met een verkeerd adres")
        response = client.get("/zoeken/")
        assert response.status_code == 200
        assert "Zoeken in de manifesten" in response.content.decode()
        assert "Campagne met een verkeerd adres" not in response.content.decode()


# --- Dutch stemming (PostgreSQL) and its fallback (SQLite) ------------------------------


class TestWordForms:
    @pytest.fixture
    def word_forms(self, db):
        return {
            "opleiding": RecommendationFactory(body="Maak een opleiding in deeltijd mogelijk."),
            "opleiden": RecommendationFactory(body="Werkgevers opleiden hun vakmensen zelf."),
            "opleidingen": RecommendationFactory(body="Technische opleidingen krijgen voorrang."),
            "other": RecommendationFactory(body="Zorg voor ruimte voor bedrijven."),
        }

    def test_a_word_finds_its_other_forms_on_postgresql_and_itself_on_sqlite(
        self, client, word_forms
    ):
        found = results(search(client, "Opleiding"))

        if connection.vendor == "postgresql":
            # Dutch stemming: opleiding, opleiden and opleidingen share a stem.
            assert {result["href"] for result in found} == {
                theme_url(word_forms[form].theme)
                for form in ("opleiding", "opleiden", "opleidingen")
            }
            assert sorted(word.lower() for result in found for word in result["marked"]) == [
                "opleiden",
                "opleiding",
                "opleidingen",
            ]
        else:
            # The SQLite fallback finds the exact word only, in any case.
            assert [result["href"] for result in found] == [
                theme_url(word_forms["opleiding"].theme)
            ]
            assert [word.lower() for word in found[0]["marked"]] == ["opleiding"]
            assert results(search(client, "opleid")) == []

    def test_opleiding_in_the_demo_content(self, client, demo_content):
        found = results(search(client, "opleiding"))
        marked = {word.lower() for result in found for word in result["marked"]}
        praktijkleren = Recommendation.objects.get(lead__startswith="Praktijkleren verdient")
        assert "opleiden" in praktijkleren.body
        hrefs = [result["href"] for result in found]

        if connection.vendor == "postgresql":
            assert {"opleiden", "opleidingen"} <= marked
            assert theme_url(praktijkleren.theme) in hrefs
        else:
            assert found
            assert marked == {"opleiding"}
            assert theme_url(praktijkleren.theme) not in hrefs


# --- safety -----------------------------------------------------------------------------

HOSTILE_QUERIES = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "x" * 5000,
    "regeldruk\x00",
    "\x00",
    "'\"",
    "&|!():*",
    "regeldruk & !mkb | (a:*) <-> b",
    "\\",
    "%_",
    '"regeldruk',
    "-regeldruk",
    "ö" * 300,
    "🙂 regeldruk",
    "<mark>regeldruk</mark>",
]


class TestHostileInput:
    @pytest.mark.parametrize("query", HOSTILE_QUERIES)
    def test_hostile_queries_are_answered_and_escaped(self, client, db, query):
        RecommendationFactory(body="Verminder de regeldruk voor het mkb.")

        response = search(client, query)

        content = response.content.decode()
        assert "<script>alert" not in content
        assert "<img src=x" not in content
        assert "\x00" not in content
        for result in results(response):
            assert result["elements"] <= {"a", "mark"}
        field = find_all(parse_page(response), "input", "search-form__input")[0]
        assert len(dict(field.attributes)["value"]) <= 200

    @pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1e9", "2\x00"])
    def test_a_bad_page_number_shows_a_page_of_results(self, client, db, page):
        RecommendationFactory(body="Verminder de regeldruk voor het mkb.")

        response = search(client, "regeldruk", pagina=page)

        assert len(results(response)) == 1

    def test_content_is_escaped_and_only_matches_are_marked(self, client, db):
        theme = ThemeFactory(title="Regeldruk & <b>bureaucratie</b>")
        RecommendationFactory(
            theme=theme,
            lead="Minder <em>regeldruk</em>",
            body=(
                "Schrap regels.<script>alert(1)</script> Ook &lt;script&gt; als tekst. "
                '<img src=x onerror="alert(2)"> <a href="javascript:alert(3)">regeldruk</a>'
            ),
        )

        response = search(client, "regeldruk")

        content = response.content.decode()
        assert "<script>" not in content
        assert "<img" not in without_site_images(content)
        assert "javascript:" not in content
        assert "&lt;b&gt;bureaucratie&lt;/b&gt;" in content
        (result,) = results(response)
        assert result["elements"] == {"a", "mark"}
        assert {word.lower() for word in result["marked"]} == {"regeldruk"}
        assert result["title"] == "Regeldruk & <b>bureaucratie</b>"
        assert "Ook <script> als tekst." in result["snippets"][0]

    def test_query_words_that_look_like_markup_do_not_break_the_text(self, client, db):
        # Stored as the editor writes it: <p>Investeer in R&amp;D … <a href="https://…">…
        RecommendationFactory(
            body="Investeer in R&D en in de <strong>regeldruk</strong>-aanpak "
            '(<a href="https://www.metaalunie.nl">site</a>).'
        )

        for query in ("amp", "lt", "mark", "quot", "p", "strong", "href", "https", "www"):
            response = search(client, query)
            assert results(response) == []
            assert "&amp;amp;" not in response.content.decode()


# --- pagination and cost ------------------------------------------------------------------


class TestPagination:
    def test_twenty_per_page_with_links_to_the_next_and_previous(self, client, db):
        edition = EditionFactory()
        for number in range(25):
            RecommendationFactory(
                theme=ThemeFactory(edition=edition, title=f"Thema {number}"),
                body=f"Aanbeveling {number} over netcongestie.",
            )

        first = search(client, "netcongestie")
        second = search(client, "netcongestie", pagina=2)

        assert summary(first) == "25 aanbevelingen gevonden voor ‘netcongestie’"
        assert snippet_count(first) == 20
        assert snippet_count(second) == 5
        first_links = {result["href"] for result in results(first)}
        second_links = {result["href"] for result in results(second)}
        assert not first_links & second_links
        assert len(first_links | second_links) == 25
        assert 'href="?q=netcongestie&amp;pagina=2"' in first.content.decode()
        assert "Pagina 1 van 2" in first.content.decode()
        assert 'href="?q=netcongestie&amp;pagina=1"' in second.content.decode()
        assert "pagina=3" not in second.content.decode()

    def test_the_query_in_page_links_is_encoded(self, client, db):
        edition = EditionFactory()
        for number in range(21):
            RecommendationFactory(
                theme=ThemeFactory(edition=edition), body=f"R&D nummer {number} over regeldruk."
            )

        content = search(client, "regeldruk & R&D").content.decode()

        assert 'href="?q=regeldruk%20%26%20R%26D&amp;pagina=2"' in content


class TestQueries:
    def test_the_number_of_queries_does_not_grow_with_the_results(self, client, db):
        campaign = CampaignFactory()
        RecommendationFactory(theme__edition__campaign=campaign, body="Minder regeldruk.")

        with page_queries() as few:
            response = search(client, "regeldruk")
        assert snippet_count(response) == 1

        province = ProvinceFactory()
        for edition in (
            EditionFactory(campaign=CampaignFactory(), province=province),
            EditionFactory(campaign=campaign, municipality=MunicipalityFactory()),
            EditionFactory(campaign=CampaignFactory(archived=True)),
        ):
            parent = ThemeFactory(edition=edition)
            for theme in (parent, ThemeFactory(parent=parent)):
                RecommendationFactory.create_batch(3, theme=theme, body="Minder regeldruk.")

        with page_queries() as many:
            response = search(client, "regeldruk")
        assert snippet_count(response) == 19

        assert len(many) == len(few)
        # The hits (count, page) and the place names: the current campaigns with municipality
        # pages and the register (municipalities, mergers, aliases), whatever the query.
        assert len(few) <= 6


class TestTheSearchFollowsEveryWrite:
    """PostgreSQL searches a stored vector kept by triggers; whichever way the text
    changes, the next search sees it (on SQLite the text is searched directly).
    `content_changed()` stands for the write request, which moves the page cache on."""

    def test_a_renamed_theme_is_found_by_its_new_title_only(self, client, db):
        theme = ThemeFactory(title="Ruimte om te ondernemen")
        RecommendationFactory(theme=theme, body="Betrek ondernemers vroeg bij nieuw beleid.")
        assert results(search(client, "bedrijventerreinen")) == []

        Theme.objects.filter(pk=theme.pk).update(title="Voldoende bedrijventerreinen")
        content_changed()

        assert [r["title"] for r in results(search(client, "bedrijventerreinen"))] == [
            "Voldoende bedrijventerreinen"
        ]
        assert results(search(client, "ondernemen")) == []

    def test_bulk_created_and_bulk_updated_text_is_found(self, client, db):
        theme = ThemeFactory(title="Onderwijs")
        Recommendation.objects.bulk_create(
            [Recommendation(theme=theme, position=1, body="Investeer in vakmanschap.")]
        )
        content_changed()
        assert len(results(search(client, "vakmanschap"))) == 1

        Recommendation.objects.filter(theme=theme).update(body="Investeer in techniekonderwijs.")
        content_changed()

        assert results(search(client, "vakmanschap")) == []
        assert len(results(search(client, "techniekonderwijs"))) == 1

    def test_a_recommendation_moved_to_another_theme_carries_its_new_title(self, client, db):
        recommendation = RecommendationFactory(
            theme__title="Energie", body="Netcongestie oplossen."
        )
        other = ThemeFactory(edition=recommendation.theme.edition, title="Arbeidsmarkt")

        recommendation.theme = other
        recommendation.save()

        assert [r["title"] for r in results(search(client, "arbeidsmarkt"))] == ["Arbeidsmarkt"]
        assert results(search(client, "energie")) == []


def test_one_match_among_many_rows_is_found_on_postgresql_through_the_index(client, db):
    theme = ThemeFactory()
    Recommendation.objects.bulk_create(
        Recommendation(theme=theme, position=number, body=f"Investeer in vakmanschap {number}.")
        for number in range(1, 2001)
    )
    RecommendationFactory(theme=theme, body="Minder regeldruk voor het mkb.")
    content_changed()

    assert snippet_count(search(client, "regeldruk")) == 1

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does after a large insert: statistics, and new entries
            # moved from the index's pending list into the index proper.
            cursor.execute("ANALYZE manifestos_recommendation")
            cursor.execute("SELECT gin_clean_pending_list('manifestos_recommendation_search')")
        plan = PostgresSearch("regeldruk").recommendations().explain()
        assert "Index Scan on manifestos_recommendation_search" in plan
