"""The public manifesto pages, as a visitor sees them.

Tests about the real content use the `demo_content` fixture (the shipped
register plus the five real campaigns); tests about the rules build exactly
the data they need with factories.
"""

import datetime
import re

import pytest
from django.test.html import parse_html

from tests.factories import (
    CampaignFactory,
    ContactFactory,
    DistrictFactory,
    EditionFactory,
    FigureRowFactory,
    KeyFigureFactory,
    MunicipalityFactory,
    ProvinceFactory,
    RecommendationFactory,
    RegionalFiguresFactory,
    ThemeFactory,
)
from tests.html import find, find_all, h1, hrefs, parse_page, text, without_site_images
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_LINK = '<a href="javascript:alert(1)">klik</a>'


# --- reading a page -------------------------------------------------------------------


def contact_card(response):
    return find(parse_page(response), "section", "contact-card")


def figures_box(response):
    return find(parse_page(response), "section", "figures")


def edition_title(response):
    return text(find(parse_page(response), "h2", "edition__title"))


def theme_titles(response):
    """Top-level theme titles without their number, in page order."""
    titles = []
    for heading in find_all(parse_page(response), "h2", "theme__title"):
        number = text(find(heading, "span", "theme__number"))
        titles.append(text(heading).removeprefix(number).strip())
    return titles


def recommendation_texts(response):
    return [text(item) for item in find_all(parse_page(response), "li", "recommendation")]


def municipality_links(response, campaign_slug):
    prefix = f"/{campaign_slug}/gemeente/"
    return [href for href in hrefs(parse_page(response)) if href and href.startswith(prefix)]


# --- the home page --------------------------------------------------------------------


class TestHome:
    def test_lists_current_campaigns_and_the_archive(self, client, demo_content):
        response = client.get("/")

        assert response.status_code == 200
        page = parse_page(response)
        current, archive = find_all(page, "ul", "campaign-list")
        assert hrefs(current) == ["/gr2026/", "/tk2025/"]
        assert "Gemeenteraadsverkiezingen 2026" in text(current)
        assert "Tweede Kamerverkiezingen 2025" in text(current)
        assert hrefs(archive) == ["/ps2023/", "/gr2022/", "/tk2021/"]

    def test_draft_and_scheduled_campaigns_are_not_listed_and_not_found(self, client, db):
        CampaignFactory(slug="gr2030", name="Gemeenteraadsverkiezingen 2030", draft=True)
        CampaignFactory(slug="ps2031", name="Provinciale Statenverkiezingen 2031", scheduled=True)
        CampaignFactory(slug="gr2026", name="Gemeenteraadsverkiezingen 2026")

        response = client.get("/")

        assert hrefs(find(parse_page(response), "ul", "campaign-list")) == ["/gr2026/"]
        assert b"2030" not in response.content
        assert b"2031" not in response.content
        assert client.get("/gr2030/").status_code == 404
        assert client.get("/ps2031/").status_code == 404
        assert client.get("/gr2026/").status_code == 200


# --- GR2026: the national edition on every municipality page ---------------------------

GR2026_RECOMMENDATIONS = [
    "Investeer in de regionale opleidings",
    "Zet regionaal in op vernieuwende leeromgevingen",
    "Ontwikkel, samen met werkgevers en onderwijs",
    "Zet binnen arbeidsmarktregio",
    "Kom in samenspraak met de regio",
    "Faciliteer een smart grid",
    "Circulair ondernemen vraagt meer ruimte",
    "Breng met het bedrijfsleven in kaart",
    "Efficiënter en circulair ruimtegebruik",
    "Snij fors in de regeldruk",
    "Onderken het belang van de MKB-maakindustrie",
    "Bij elke ruimtelijke ontwikkeling",
    "Ondersteun als gemeente samenwerkingsverbanden",
    "Biedt concrete ondersteuning",
    "Ondersteun mogelijkheden om bedrijven contact",
    "Zet instrumenten en netwerken",
    "Betrek bij aanbestedingen de hele keten",
]
GR2026_THEMES = [
    "Een gemeente met voldoende banen voor vakmensen",
    "Een duurzaam ondernemende gemeente",
    "Een ondernemende en aantrekkelijke gemeente",
    "Een innovatieve gemeente",
]


class TestGR2026MunicipalityPage:
    @pytest.mark.parametrize(
        ("slug", "name"),
        [
            ("voorne-aan-zee", "Voorne aan Zee"),
            ("s-gravenhage", "'s-Gravenhage"),
            ("sudwest-fryslan", "Súdwest-Fryslân"),
        ],
    )
    def test_shows_the_whole_national_manifesto(self, client, demo_content, slug, name):
        response = client.get(f"/gr2026/gemeente/{slug}/")

        assert response.status_code == 200
        assert h1(response) == f"Gemeente {name}"
        assert "Wat kan uw gemeente doen" in text(
            find(parse_page(response), "h3", "theme__heading")
        )
        assert edition_title(response) == "De MKB-maakindustrie brengt je gemeente vooruit"
        assert theme_titles(response) == GR2026_THEMES
        shown = recommendation_texts(response)
        assert len(shown) == len(GR2026_RECOMMENDATIONS) == 17
        for position, (rendered, phrase) in enumerate(
            zip(shown, GR2026_RECOMMENDATIONS, strict=True), start=1
        ):
            assert rendered.startswith(phrase), f"recommendation {position}: {rendered[:60]!r}"

    def test_recommendations_appear_in_document_order_in_the_html(self, client, demo_content):
        html = client.get("/gr2026/gemeente/voorne-aan-zee/").content.decode()

        positions = [html.index(phrase) for phrase in GR2026_RECOMMENDATIONS]
        assert positions == sorted(positions)

    def test_contact_falls_back_to_the_association_address(self, client, demo_content):
        response = client.get("/gr2026/gemeente/voorne-aan-zee/")

        card = text(contact_card(response))
        assert "Einsteinbaan 1" in card
        assert "info@metaalunie.nl" in card
        assert "Wijnand van Zanten" not in card

    def test_campaign_page_shows_the_letter_and_the_manifesto(self, client, demo_content):
        response = client.get("/gr2026/")

        assert response.status_code == 200
        assert h1(response) == "Gemeenteraadsverkiezingen 2026"
        assert "Samen aan de slag met de ondernemers in je gemeente" in text(
            find(parse_page(response), "header", "page-header")
        )
        # After election day: the follow-up introduction (tests/manifestos/test_web_copy.py).
        assert "Bedrijven in onder andere metaalbewerking" in text(
            find(parse_page(response), "section", "letter")
        )
        assert theme_titles(response) == GR2026_THEMES
        assert len(recommendation_texts(response)) == 17


# --- fallbacks: edition, figures, contact ----------------------------------------------


def _edition_with(campaign, marker, **scope):
    edition = EditionFactory(campaign=campaign, title=f"Editie {marker}", **scope)
    RecommendationFactory(theme=ThemeFactory(edition=edition), body=f"Aanbeveling {marker}.")
    return edition


class TestEditionFallback:
    @pytest.fixture
    def setup(self, db):
        campaign = CampaignFactory()
        province = ProvinceFactory(name="Gelderland-test")
        own = MunicipalityFactory(name="Eigenstad", province=province)
        sibling = MunicipalityFactory(name="Buurdorp", province=province)
        elsewhere = MunicipalityFactory(name="Verweg")
        _edition_with(campaign, "landelijk")
        _edition_with(campaign, "provinciaal", province=province)
        _edition_with(campaign, "gemeentelijk", municipality=own)
        return campaign, province, own, sibling, elsewhere

    def test_a_municipality_with_its_own_edition_shows_it(self, client, setup):
        campaign, _province, own, _sibling, _elsewhere = setup

        response = client.get(f"/{campaign.slug}/gemeente/{own.slug}/")

        assert edition_title(response) == "Editie gemeentelijk"
        assert recommendation_texts(response) == ["Aanbeveling gemeentelijk."]
        assert b"Aanbeveling provinciaal" not in response.content
        assert b"Aanbeveling landelijk" not in response.content
        assert find_all(parse_page(response), "p", "edition__note") == []

    def test_its_neighbour_gets_the_province_edition(self, client, setup):
        campaign, province, _own, sibling, _elsewhere = setup

        response = client.get(f"/{campaign.slug}/gemeente/{sibling.slug}/")

        assert edition_title(response) == "Editie provinciaal"
        assert recommendation_texts(response) == ["Aanbeveling provinciaal."]
        # The page says which edition it is, not which one is missing.
        kicker = text(find(parse_page(response), "p", "edition__kicker"))
        assert kicker == f"Editie provincie {province.name}"
        assert find_all(parse_page(response), "p", "staff-note") == []

    def test_a_municipality_elsewhere_gets_the_national_edition(self, client, setup):
        campaign, _province, _own, _sibling, elsewhere = setup

        response = client.get(f"/{campaign.slug}/gemeente/{elsewhere.slug}/")

        assert edition_title(response) == "Editie landelijk"
        assert recommendation_texts(response) == ["Aanbeveling landelijk."]
        assert text(find(parse_page(response), "p", "edition__kicker")) == "Landelijke editie"
        assert b"geen eigen editie" not in response.content

    def test_staff_see_in_the_preview_which_edition_stands_in(self, admin_client, setup):
        campaign, province, _own, sibling, elsewhere = setup

        neighbour = admin_client.get(f"/voorbeeld/{campaign.slug}/gemeente/{sibling.slug}/")
        far = admin_client.get(f"/voorbeeld/{campaign.slug}/gemeente/{elsewhere.slug}/")

        note = text(find(parse_page(neighbour), "p", "staff-note"))
        assert "geen eigen editie voor deze gemeente" in note
        assert f"editie voor de provincie {province.name}" in note
        assert "landelijke editie" in text(find(parse_page(far), "p", "staff-note"))

    def test_the_province_page_shows_the_province_edition(self, client, setup):
        campaign, province, *_ = setup

        response = client.get(f"/{campaign.slug}/provincie/{province.slug}/")

        assert response.status_code == 200
        assert h1(response) == f"Provincie {province.name}"
        assert edition_title(response) == "Editie provinciaal"
        assert find_all(parse_page(response), "p", "edition__note") == []

    def test_the_province_page_lists_its_municipalities(self, client, setup):
        campaign, province, own, sibling, elsewhere = setup

        response = client.get(f"/{campaign.slug}/provincie/{province.slug}/")

        links = municipality_links(response, campaign.slug)
        assert f"/{campaign.slug}/gemeente/{own.slug}/" in links
        assert f"/{campaign.slug}/gemeente/{sibling.slug}/" in links
        assert f"/{campaign.slug}/gemeente/{elsewhere.slug}/" not in links


class TestGR2022Gelderland:
    def test_a_gelderland_municipality_reads_the_province_edition(self, client, demo_content):
        response = client.get("/gr2022/gemeente/arnhem/")

        assert response.status_code == 200
        assert h1(response) == "Gemeente Arnhem"
        assert edition_title(response) == "Verkiezingen Gemeenteraad 2022"
        assert theme_titles(response) == [
            "De ondernemende gemeente",
            "De innovatieve en duurzame gemeente",
            "De slimme gemeente",
        ]
        assert "Wat kan uw gemeente doen" in text(parse_page(response))

    def test_it_shows_the_gelderland_figures_with_their_source(self, client, demo_content):
        figures = text(figures_box(client.get("/gr2022/gemeente/arnhem/")))

        # As the manifesto prints them: "Aantal bedrijven in provincie Gelderland 2.029".
        assert figures.startswith("De mkb-maakindustrie in Gelderland")
        assert "Aantal bedrijven 2.029" in figures
        assert "Aantal medewerkers 24.041" in figures
        assert "Lidbedrijven" not in figures
        # This election's own manifesto printed them: its source, no origin to name.
        assert figures.endswith("Bron: CBS en Metaalunie")

    def test_a_municipality_outside_gelderland_gets_the_pointer(self, client, demo_content):
        response = client.get("/gr2022/gemeente/utrecht/")

        assert response.status_code == 404
        assert h1(response) == "Gemeente Utrecht"
        pointer = find(parse_page(response), "section", "pointer")
        assert text(find(pointer, "p", "pointer__lead")) == (
            "Bij de Gemeenteraadsverkiezingen 2022 verscheen het manifest van Metaalunie "
            "alleen in een editie voor de provincie Gelderland:"
        )
        assert hrefs(pointer) == [
            "/gr2022/provincie/gelderland/",
            "/gr2026/gemeente/utrecht/",
            "/gr2022/",
        ]
        assert find_all(parse_page(response), "li", "recommendation") == []


class TestFiguresFallback:
    @pytest.fixture
    def region(self, db):
        district = DistrictFactory(name="Oost-test")
        province = ProvinceFactory(name="Provincie-test", district=district)
        municipality = MunicipalityFactory(name="Gemeente-test", province=province)
        campaign = CampaignFactory()
        _edition_with(campaign, "landelijk")
        return campaign, district, province, municipality

    def _figures(self, client, campaign, municipality):
        return text(figures_box(client.get(f"/{campaign.slug}/gemeente/{municipality.slug}/")))

    def test_own_figures_first(self, client, region):
        campaign, district, province, municipality = region
        RegionalFiguresFactory(
            province=None, municipality=municipality, member_companies=111, source="Eigen bron"
        )
        RegionalFiguresFactory(province=province, member_companies=222)
        RegionalFiguresFactory(province=None, district=district, member_companies=333)

        shown = self._figures(client, campaign, municipality)

        assert "111" in shown
        assert "Eigen bron" in shown
        assert "222" not in shown
        assert "geen eigen cijfers" not in shown

    def test_then_the_province(self, client, region):
        campaign, district, province, municipality = region
        RegionalFiguresFactory(province=province, member_companies=222)
        RegionalFiguresFactory(province=None, district=district, member_companies=333)

        shown = self._figures(client, campaign, municipality)

        assert "222" in shown
        assert "333" not in shown
        assert shown.startswith("De mkb-maakindustrie in Provincie-test")
        assert "geen eigen cijfers" not in shown

    def test_then_the_district(self, client, region):
        campaign, district, _province, municipality = region
        RegionalFiguresFactory(province=None, district=district, member_companies=333)

        shown = self._figures(client, campaign, municipality)

        assert "333" in shown
        assert shown.startswith("De mkb-maakindustrie in Oost-test")

    def _no_figures(self, client, campaign, municipality):
        """No figures section, and no word about it: staff see that in the preview."""
        response = client.get(f"/{campaign.slug}/gemeente/{municipality.slug}/")
        assert find_all(parse_page(response), "section", "figures") == []
        assert b"cijfers beschikbaar" not in response.content
        return response.content.decode()

    def test_figures_of_another_region_are_never_used(self, client, region):
        campaign, _district, _province, municipality = region
        # Numbers no factory's name sequence reaches (a municipality named "… 444" did).
        RegionalFiguresFactory(member_companies=97_531)
        RegionalFiguresFactory(for_municipality=True, member_companies=86_420)

        shown = self._no_figures(client, campaign, municipality)

        assert not {"97531", "97.531", "86420", "86.420"} & set(re.findall(r"[\d.]+", shown))

    def test_staff_see_in_the_preview_that_a_region_has_no_figures(self, admin_client, region):
        campaign, _district, _province, municipality = region

        response = admin_client.get(f"/voorbeeld/{campaign.slug}/gemeente/{municipality.slug}/")

        note = text(find(figures_box(response), "p", "staff-note"))
        assert "Voor deze regio zijn geen cijfers; bezoekers zien dit blok niet." in note

    def test_figures_dated_after_the_election_are_not_used(self, client, region):
        campaign, _district, province, municipality = region
        RegionalFiguresFactory(
            province=province,
            member_companies=666,
            reference_date=campaign.election_date + datetime.timedelta(days=1),
        )

        assert "666" not in self._no_figures(client, campaign, municipality)


class TestContactFallback:
    @pytest.fixture
    def region(self, db):
        district = DistrictFactory()
        province = ProvinceFactory(district=district)
        municipality = MunicipalityFactory(province=province)
        return district, municipality

    def _card(self, client, campaign, municipality):
        return text(contact_card(client.get(f"/{campaign.slug}/gemeente/{municipality.slug}/")))

    def test_the_person_the_edition_names(self, client, region):
        district, municipality = region
        ContactFactory(name="Regio Manager", district=district)
        central = ContactFactory(name="Centrale Persoon", central=True)
        campaign = CampaignFactory(central_contact=central)
        named = ContactFactory(name="Genoemde Persoon", email="genoemd@metaalunie.nl")
        EditionFactory(campaign=campaign, contact=named)

        card = self._card(client, campaign, municipality)

        assert "Genoemde Persoon" in card
        assert "genoemd@metaalunie.nl" in card
        assert "Regio Manager" not in card
        assert "Centrale Persoon" not in card

    def test_else_the_district_contact(self, client, region):
        district, municipality = region
        ContactFactory(name="Regio Manager", district=district, phone="06 - 111 708 71")
        central = ContactFactory(name="Centrale Persoon", central=True)
        campaign = CampaignFactory(central_contact=central)
        EditionFactory(campaign=campaign)

        response = client.get(f"/{campaign.slug}/gemeente/{municipality.slug}/")

        card = contact_card(response)
        assert "Regio Manager" in text(card)
        assert "Centrale Persoon" not in text(card)
        assert "tel:+31611170871" in hrefs(card)

    def test_else_the_campaign_central_contact(self, client, region):
        _district, municipality = region
        ContactFactory(name="Andere Regio")  # a contact of another district
        central = ContactFactory(name="Centrale Persoon", central=True)
        campaign = CampaignFactory(central_contact=central)
        EditionFactory(campaign=campaign)

        card = self._card(client, campaign, municipality)

        assert "Centrale Persoon" in card
        assert "Andere Regio" not in card
        assert "Einsteinbaan" not in card

    def test_else_the_association_address(self, client, region):
        _district, municipality = region
        ContactFactory(name="Andere Regio")
        campaign = CampaignFactory(central_contact=None)
        EditionFactory(campaign=campaign)

        card = self._card(client, campaign, municipality)

        assert "Neem contact op met Koninklijke Metaalunie" in card
        assert "Einsteinbaan 1" in card
        assert "Andere Regio" not in card

    def test_a_province_without_district_uses_the_central_contact(self, client, db):
        municipality = MunicipalityFactory(province=ProvinceFactory(district=None))
        campaign = CampaignFactory(central_contact=ContactFactory(name="Centrale Persoon"))
        EditionFactory(campaign=campaign)

        assert "Centrale Persoon" in self._card(client, campaign, municipality)


# --- PS2023 and TK ---------------------------------------------------------------------


class TestPS2023NoordHolland:
    @pytest.mark.parametrize(
        ("url", "heading"),
        [
            ("/ps2023/provincie/noord-holland/", "Provincie Noord-Holland"),
            ("/ps2023/gemeente/alkmaar/", "Gemeente Alkmaar"),
        ],
    )
    def test_the_noord_holland_edition(self, client, demo_content, url, heading):
        response = client.get(url)

        assert response.status_code == 200
        assert h1(response) == heading
        assert edition_title(response) == (
            "Mkb-maakindustrie en provincie Noord-Holland: Waardevolle partners"
        )
        assert "Wat kan de provincie doen" in text(parse_page(response))
        assert "Wat kan uw gemeente doen" not in text(parse_page(response))
        card = contact_card(response)
        assert "Monique van der Voort" in text(card)
        assert "mailto:voort@metaalunie.nl" in hrefs(card)
        # For a provincial election the province edition is the proper one, not a fallback.
        assert find_all(parse_page(response), "p", "edition__note") == []

    @pytest.mark.parametrize(
        "url", ["/ps2023/provincie/noord-holland/", "/ps2023/gemeente/alkmaar/"]
    )
    def test_the_education_level_table(self, client, demo_content, url):
        table = find(figures_box(client.get(url)), "table", "figure-table")

        rows = [text(row) for row in find_all(table, "tr")]
        assert rows == [
            "basisonderwijs 6,7%",
            "vmbo, havo/vwo onderbouw, mbo 1 15,3%",
            "mbo 2-4, havo/vwo 55,6%",
            "hbo, wo 22,3%",
        ]
        assert "Bron: CBS en Metaalunie" in text(figures_box(client.get(url)))


class TestTweedeKamer:
    def test_the_national_page(self, client, demo_content):
        response = client.get("/tk2025/")

        assert response.status_code == 200
        assert h1(response) == "Tweede Kamerverkiezingen 2025"
        assert "Wat kan de politiek doen" in text(
            find(parse_page(response), "h3", "theme__heading")
        )
        card = text(contact_card(response))
        assert "Wijnand van Zanten" in card
        assert "zanten@metaalunie.nl" in card
        assert municipality_links(response, "tk2025") == []

    @pytest.mark.parametrize("url", ["/tk2025/gemeente/utrecht/", "/tk2025/provincie/utrecht/"])
    def test_regional_urls_redirect_to_the_national_page(self, client, demo_content, url):
        response = client.get(url)

        assert response.status_code == 301
        assert response["Location"] == "/tk2025/"

    def test_regional_url_of_an_unknown_region_redirects_too(self, client, demo_content):
        response = client.get("/tk2025/gemeente/bestaat-niet/")

        assert response.status_code == 301
        assert response["Location"] == "/tk2025/"


# --- the municipal register's history -------------------------------------------------


class TestRegisterHistory:
    def test_a_merged_municipality_redirects_to_its_successor(self, client, demo_content):
        response = client.get("/gr2026/gemeente/weesp/")

        assert response.status_code == 301
        assert response["Location"] == "/gr2026/gemeente/amsterdam/?van=weesp"

    def test_the_successor_says_in_one_line_where_the_visitor_came_from(self, client, demo_content):
        response = client.get(client.get("/gr2026/gemeente/weesp/")["Location"])

        page = parse_page(response)
        assert h1(response) == "Gemeente Amsterdam"
        assert text(find(page, "p", "merger-notice")) == (
            "Weesp hoort sinds 24 maart 2022 bij Amsterdam."
        )
        # The page's own address stays the canonical and shared one.
        assert 'rel="canonical" href="http://testserver/gr2026/gemeente/amsterdam/"' in (
            response.content.decode()
        )
        assert text(find(page, "span", "share__url")) == (
            "http://testserver/gr2026/gemeente/amsterdam/"
        )

    def test_the_page_itself_has_no_such_line(self, client, demo_content):
        response = client.get("/gr2026/gemeente/amsterdam/")

        assert b"merger-notice" not in response.content

    def test_the_stored_pages_with_and_without_the_line_stay_apart(self, client, demo_content):
        """The page cache keys on the whole address, query string included."""
        for _round in range(2):
            plain = client.get("/gr2026/gemeente/amsterdam/")
            noted = client.get("/gr2026/gemeente/amsterdam/", {"van": "weesp"})

            assert b"merger-notice" not in plain.content
            assert b"merger-notice" in noted.content

    @pytest.mark.parametrize(
        "came_from",
        [
            "haarlem",  # exists: it merged into nothing
            "voorne-aan-zee",  # not Amsterdam's predecessor
            "brielle",  # dissolved, but into Voorne aan Zee
            "bestaat-niet",
            "weesp<script>",
        ],
    )
    def test_a_made_up_origin_shows_the_page_as_it_is(self, client, demo_content, came_from):
        response = client.get("/gr2026/gemeente/amsterdam/", {"van": came_from})

        assert response.status_code == 200
        assert b"merger-notice" not in response.content

    def test_no_line_before_the_merger(self, client, demo_content):
        """In March 2022 Weesp still existed: Amsterdam's page of then says nothing of it."""
        response = client.get("/gr2022/gemeente/amsterdam/", {"van": "weesp"})

        assert b"merger-notice" not in response.content

    def test_the_print_and_pdf_redirect_without_the_line(self, client, demo_content):
        response = client.get("/gr2026/gemeente/weesp/print/")

        assert response["Location"] == "/gr2026/gemeente/amsterdam/print/"

    def test_a_part_of_a_split_municipality_says_so(self, client, demo_content):
        choice = client.get("/gr2026/gemeente/haaren/")
        tilburg = next(href for href in hrefs(parse_page(choice)) if "tilburg" in href)

        response = client.get(tilburg)

        assert tilburg == "/gr2026/gemeente/tilburg/?van=haaren"
        assert text(find(parse_page(response), "p", "merger-notice")) == (
            "Een deel van Haaren hoort sinds 1 januari 2021 bij Tilburg."
        )

    def test_a_split_municipality_lists_its_successors(self, client, demo_content):
        response = client.get("/gr2026/gemeente/haaren/")

        assert response.status_code == 200
        assert h1(response) == "Haaren is opgeheven"
        choices = find(parse_page(response), "ul", "choice-list")
        assert [text(a) for a in find_all(choices, "a")] == [
            "Boxtel",
            "Oisterwijk",
            "Tilburg",
            "Vught",
        ]
        assert hrefs(choices) == [
            "/gr2026/gemeente/boxtel/?van=haaren",
            "/gr2026/gemeente/oisterwijk/?van=haaren",
            "/gr2026/gemeente/tilburg/?van=haaren",
            "/gr2026/gemeente/vught/?van=haaren",
        ]

    def test_weesp_still_existed_in_march_2022(self, client, demo_content):
        # Not sent on to Amsterdam: the address answers for Weesp itself, which GR2022
        # (a Gelderland edition only) has no page for; its pointer leads to what Weesp
        # became by the current elections.
        response = client.get("/gr2022/gemeente/weesp/")

        assert response.status_code == 404
        assert h1(response) == "Gemeente Weesp"
        current = find(parse_page(response), "p", "pointer__current")
        assert hrefs(current) == ["/gr2026/gemeente/amsterdam/"]
        assert "Lees het manifest voor de gemeente Amsterdam" in text(current)

    def test_a_new_municipality_points_to_its_predecessors(self, client, demo_content):
        # GR2022 covers Gelderland only: Voorne aan Zee's predecessors (Zuid-Holland) have
        # no page there, so its address answers the pointer at once.
        response = client.get("/gr2022/gemeente/voorne-aan-zee/")

        assert response.status_code == 404
        assert h1(response) == "Gemeente Voorne aan Zee"
        assert "/gr2026/gemeente/voorne-aan-zee/" in hrefs(parse_page(response))

    def test_gr2022_lists_its_gelderland_municipalities(self, client, demo_content):
        links = municipality_links(client.get("/gr2022/"), "gr2022")

        assert "/gr2022/gemeente/arnhem/" in links
        assert "/gr2022/gemeente/brielle/" not in links
        assert "/gr2022/gemeente/weesp/" not in links
        assert len(links) == len(set(links)) == 51

    def test_gr2026_lists_the_342_municipalities_of_2026(self, client, demo_content):
        links = municipality_links(client.get("/gr2026/"), "gr2026")

        assert "/gr2026/gemeente/voorne-aan-zee/" in links
        assert "/gr2026/gemeente/brielle/" not in links
        assert "/gr2026/gemeente/weesp/" not in links
        assert len(links) == len(set(links)) == 342

    def test_an_alias_redirects_to_the_official_name(self, client, demo_content):
        response = client.get("/gr2026/gemeente/den-haag/")

        assert response.status_code == 301
        assert response["Location"] == "/gr2026/gemeente/s-gravenhage/"

    def test_an_ambiguous_alias_offers_both_municipalities(self, client, demo_content):
        response = client.get("/gr2026/gemeente/bergen/")

        assert response.status_code == 200
        choices = find(parse_page(response), "ul", "choice-list")
        assert [text(item) for item in find_all(choices, "li")] == [
            "Bergen (L.) (Limburg)",
            "Bergen (NH.) (Noord-Holland)",
        ]
        assert hrefs(choices) == ["/gr2026/gemeente/bergen-l/", "/gr2026/gemeente/bergen-nh/"]


# --- not found ------------------------------------------------------------------------


class TestNotFound:
    def test_unknown_campaign(self, client, demo_content):
        response = client.get("/gr2030/")

        assert response.status_code == 404
        assert "Deze pagina bestaat niet" in text(parse_page(response))

    def test_unknown_municipality_suggests_close_names(self, client, demo_content):
        response = client.get("/gr2026/gemeente/amstrdam/")

        assert response.status_code == 404
        assert h1(response) == "Gemeente niet gevonden"
        suggestions = hrefs(find(parse_page(response), "ul", "choice-list"))
        assert suggestions[0] == "/gr2026/gemeente/amsterdam/"

    def test_unknown_municipality_suggests_only_municipalities_of_the_campaign(
        self, client, demo_content
    ):
        response = client.get("/gr2022/gemeente/voorne-aan-ze/")

        assert response.status_code == 404
        assert h1(response) == "Gemeente niet gevonden"
        suggestions = [
            href
            for lst in find_all(parse_page(response), "ul", "choice-list")
            for href in hrefs(lst)
        ]
        assert "/gr2022/gemeente/voorne-aan-zee/" not in suggestions

    def test_unknown_province(self, client, demo_content):
        response = client.get("/gr2026/provincie/atlantis/")

        assert response.status_code == 404
        assert "Deze pagina bestaat niet" in text(parse_page(response))

    @pytest.mark.parametrize("trait", ["draft", "scheduled"])
    def test_an_unpublished_campaign_is_invisible_on_every_page(self, client, db, trait):
        campaign = CampaignFactory(slug="geheim", **{trait: True})
        municipality = MunicipalityFactory()
        _edition_with(campaign, "landelijk")
        urls = [
            "/geheim/",
            f"/geheim/provincie/{municipality.province.slug}/",
            f"/geheim/gemeente/{municipality.slug}/",
        ]

        assert [client.get(url).status_code for url in urls] == [404, 404, 404]
        assert b"Editie landelijk" not in client.get(urls[2]).content

        # The same pages exist as soon as the campaign is published.
        campaign.status = campaign.Status.PUBLISHED
        campaign.published_at = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
        campaign.save()
        assert [client.get(url).status_code for url in urls] == [200, 200, 200]


# --- hostile content -----------------------------------------------------------------


# The page's own scripts: a deferred file from static/js/, or structured data (JSON-LD,
# never executed) whose text holds no "<" that could end the element.
OWN_SCRIPT = re.compile(
    r'<script src="/static/js/[\w.-]+\.js" defer></script>'
    r'|<script type="application/ld\+json"(?: nonce="[\w-]+")?>[^<]*</script>'
)


def _without_own_scripts(html):
    return without_site_images(OWN_SCRIPT.sub("", html))


def _executable_markup(response):
    """Every script element (but the page's own), event-handler attribute and javascript: URL."""
    found = []
    for element in find_all(parse_html(_without_own_scripts(response.content.decode()))):
        if element.name in {"script", "img", "iframe", "object", "embed"}:
            found.append(f"<{element.name}>")
        for name, value in element.attributes:
            if name.startswith("on"):
                found.append(f"{element.name} {name}=")
            if value and value.replace(" ", "").lower().startswith("javascript:"):
                found.append(f"{element.name} {name}={value}")
    return found


class TestHostileContent:
    @pytest.fixture
    def hostile(self, db):
        district = DistrictFactory()
        province = ProvinceFactory(district=district)
        municipality = MunicipalityFactory(province=province)
        evil = f"{SCRIPT}{IMG}"
        contact = ContactFactory(
            district=district, name=f"Evil {SCRIPT}", bio=f"<strong>Bio</strong>{evil}"
        )
        campaign = CampaignFactory(
            tagline=f"Slogan {evil}",
            intro_letter=f"<strong>Brief</strong> {evil} {JS_LINK}",
            foreword=f"Voorwoord {evil}",
            about=f"Over ons {evil}",
            central_contact=contact,
        )
        KeyFigureFactory(campaign=campaign, value=f"15.000 {SCRIPT}", label=f"leden {IMG}")
        edition = EditionFactory(
            campaign=campaign,
            title=f"Editie {evil}",
            intro=f"<strong>Inleiding</strong> {evil}",
            closing=f"Slot {evil}",
        )
        theme = ThemeFactory(
            edition=edition,
            title=f"Thema {evil}",
            intro=f"Toelichting {evil}",
            facts_title=f"Feiten {evil}",
            facts=f"<ul><li>Feit {evil}</li></ul>",
            quote=f"Citaat {evil}",
            quote_author=f"Auteur {SCRIPT}",
        )
        ThemeFactory(parent=theme, title=f"Subthema {evil}")
        RecommendationFactory(
            theme=theme,
            lead=f"<strong>Kernzin</strong> {evil}",
            body=f"<strong>Vetgedrukt</strong> tekst {evil} {JS_LINK}",
            points=f"Punt <em>een</em> {evil}\nPunt twee {IMG}",
            conclusion=f"Conclusie {evil}",
        )
        RegionalFiguresFactory(province=province, source=f"Bron {SCRIPT}")
        return campaign, province, municipality

    def _urls(self, campaign, province, municipality):
        return {
            "campaign": f"/{campaign.slug}/",
            "province": f"/{campaign.slug}/provincie/{province.slug}/",
            "municipality": f"/{campaign.slug}/gemeente/{municipality.slug}/",
        }

    @pytest.mark.parametrize("page", ["campaign", "province", "municipality"])
    def test_no_executable_markup_reaches_the_page(self, client, hostile, page):
        url = self._urls(*hostile)[page]

        response = client.get(url)

        assert response.status_code == 200
        html = _without_own_scripts(response.content.decode())
        assert "<script" not in html.lower()
        assert "<img" not in html.lower()
        assert _executable_markup(response) == []
        # What is left of the attack is escaped text ("&lt;img … onerror=…&gt;"), never markup.
        assert "onerror" not in re.sub(r"&lt;.*?&gt;", "", html)

    def test_allowed_formatting_is_kept(self, client, hostile):
        campaign, _province, municipality = hostile

        response = client.get(f"/{campaign.slug}/gemeente/{municipality.slug}/")

        page = parse_page(response)
        recommendation = find(page, "li", "recommendation")
        assert [text(s) for s in find_all(recommendation, "strong")] == ["Kernzin", "Vetgedrukt"]
        assert [text(e) for e in find_all(recommendation, "em")] == ["een"]
        assert "Inleiding" in [text(s) for s in find_all(page, "strong")]
        assert "klik" in text(recommendation)

    def test_plain_text_fields_are_shown_as_text(self, client, hostile):
        campaign, _province, municipality = hostile

        response = client.get(f"/{campaign.slug}/gemeente/{municipality.slug}/")

        # Plain-text fields (titles, tagline) are escaped, so the reader sees what was typed.
        assert "Thema <script>alert(1)</script>" in text(
            find(parse_page(response), "h2", "theme__title")
        )
        assert b"&lt;script&gt;" in response.content


# --- a constant number of queries ----------------------------------------------------

# Measured on SQLite and PostgreSQL alike. Lists are read inside their parent's query
# (config/json_rows.py). The campaign (with its key figures); the municipality (with
# province, district and the district's contacts); the most specific edition (with themes
# and recommendations); the figures (with their region and breakdown rows). This is the
# issue's budget for a municipality page rendered from the database: at most 4.
MUNICIPALITY_PAGE_QUERIES = 4
# Campaign; province (with its district's contacts); edition; figures; municipalities.
PROVINCE_PAGE_QUERIES = 5
# Campaign; national edition; municipalities.
CAMPAIGN_PAGE_QUERIES = 3


def _site(*, themes, subthemes, recommendations, municipalities, figure_rows, campaigns):
    """A published campaign with a national edition of the given size and its region."""
    district = DistrictFactory()
    ContactFactory(district=district)
    province = ProvinceFactory(district=district)
    towns = MunicipalityFactory.create_batch(municipalities, province=province)
    MunicipalityFactory.create_batch(municipalities, province=ProvinceFactory())
    campaign = CampaignFactory()
    KeyFigureFactory.create_batch(3, campaign=campaign)
    edition = EditionFactory(campaign=campaign)
    for _ in range(themes):
        theme = ThemeFactory(edition=edition)
        RecommendationFactory.create_batch(recommendations, theme=theme)
        for _ in range(subthemes):
            subtheme = ThemeFactory(parent=theme)
            RecommendationFactory.create_batch(recommendations, theme=subtheme)
    figures = RegionalFiguresFactory(province=province)
    FigureRowFactory.create_batch(figure_rows, figures=figures)
    FigureRowFactory.create_batch(
        figure_rows, figures=figures, kind="company_type", unit="count", value=1234
    )
    for _ in range(campaigns - 1):
        other = CampaignFactory()
        RecommendationFactory(theme=ThemeFactory(edition=EditionFactory(campaign=other)))
        EditionFactory(campaign=other, province=province)
    return campaign, province, towns[0]


SMALL = {
    "themes": 1,
    "subthemes": 0,
    "recommendations": 1,
    "municipalities": 1,
    "figure_rows": 1,
    "campaigns": 1,
}
LARGE = {
    "themes": 8,
    "subthemes": 2,
    "recommendations": 6,
    "municipalities": 40,
    "figure_rows": 12,
    "campaigns": 4,
}


def _queries(client, url):
    with page_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


class TestQueryCount:
    @pytest.mark.parametrize(
        ("page", "limit"),
        [
            ("municipality", MUNICIPALITY_PAGE_QUERIES),
            ("province", PROVINCE_PAGE_QUERIES),
            ("campaign", CAMPAIGN_PAGE_QUERIES),
        ],
    )
    def test_the_same_small_number_for_a_small_and_a_large_edition(self, client, db, page, limit):
        counts = []
        for size in (SMALL, LARGE):
            campaign, province, municipality = _site(**size)
            url = {
                "municipality": f"/{campaign.slug}/gemeente/{municipality.slug}/",
                "province": f"/{campaign.slug}/provincie/{province.slug}/",
                "campaign": f"/{campaign.slug}/",
            }[page]
            count, response = _queries(client, url)
            expected = size["themes"] * (1 + size["subthemes"]) * size["recommendations"]
            assert len(recommendation_texts(response)) == expected
            counts.append(count)

        small, large = counts
        assert small == large, f"{page} page: {small} queries when small, {large} when large"
        assert large == limit, f"{page} page: {large} queries, expected {limit}"

    def test_the_pointer_lists_the_editions_in_constant_queries(self, client, db):
        counts = []
        for editions in (1, 10):
            campaign = CampaignFactory()
            for province in ProvinceFactory.create_batch(editions):
                EditionFactory(campaign=campaign, province=province)
            municipality = MunicipalityFactory()
            with page_queries() as queries:
                response = client.get(f"/{campaign.slug}/gemeente/{municipality.slug}/")
            assert response.status_code == 404
            editions_list = find(parse_page(response), "ul", "pointer__editions")
            assert len(hrefs(editions_list)) == editions
            counts.append(len(queries))

        assert counts[0] == counts[1], f"{counts[0]} queries for 1 edition, {counts[1]} for 10"
