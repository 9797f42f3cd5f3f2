"""Pages say what is there, not what is missing.

No visitor reads a note about a missing edition, missing figures or a missing reference
date, on a page, its print version or its PDF; staff read them in the preview (and in
the publishing warnings, tests/manifestos/test_publishing.py). Figures are labelled as
their source prints them, and figures from an earlier manifesto say so.
"""

import datetime
import html
import re

import pytest

from tests.factories import (
    CampaignFactory,
    EditionFactory,
    MunicipalityFactory,
    RegionalFiguresFactory,
)
from tests.html import find, find_all, parse_page, text
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db

# What the pages used to tell visitors, and the preview now tells staff.
NOTES = [
    "geen eigen editie",
    "u leest de",
    "geen manifest verschenen",
    "geen cijfers",
    "geen eigen cijfers",
    "cijfers beschikbaar",
    "peildatum niet vermeld",
    "zonder peildatum",
    "geen peildatum",
    "alleen in het voorbeeld",
    "bezoekers",
]

# A sample of every demo campaign's pages: national editions standing in for a
# municipality's own, provincial ones on a provincial and a municipal election, figures of
# the province on a municipality's page, figures of an earlier manifesto, no figures.
PAGES = [
    "/gr2026/",
    "/gr2026/gemeente/arnhem/",
    "/gr2026/gemeente/s-gravenhage/",
    "/gr2026/gemeente/alkmaar/",
    "/gr2026/provincie/gelderland/",
    "/gr2026/provincie/utrecht/",
    "/gr2022/",
    "/gr2022/gemeente/arnhem/",
    "/gr2022/provincie/gelderland/",
    "/ps2023/",
    "/ps2023/gemeente/alkmaar/",
    "/ps2023/provincie/noord-holland/",
    "/tk2025/",
    "/tk2021/",
]
REGIONAL = [page for page in PAGES if page.count("/") > 2]
PDFS = ["/gr2026/gemeente/arnhem/pdf/", "/gr2026/gemeente/s-gravenhage/pdf/"]


def visible_text(response):
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


def notes_in(words):
    lowered = words.lower()
    return [note for note in NOTES if note in lowered]


class TestNoNotesForVisitors:
    def test_no_page_or_print_version_of_the_demo_content_carries_a_note(
        self, client, demo_content
    ):
        urls = PAGES + [f"{page}print/" for page in REGIONAL]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert notes_in(visible_text(response)) == [], url

    def test_no_pdf_carries_one(self, client, demo_content):
        for url in PDFS:
            response = client.get(url)
            assert response["Content-Type"] == "application/pdf"
            assert notes_in(pdf_text(response.content)) == [], url

    def test_staff_read_them_in_the_preview(self, admin_client, demo_content):
        arnhem = visible_text(admin_client.get("/voorbeeld/gr2026/gemeente/arnhem/"))
        the_hague = visible_text(admin_client.get("/voorbeeld/gr2026/gemeente/s-gravenhage/"))
        printed = visible_text(admin_client.get("/voorbeeld/gr2026/gemeente/arnhem/print/"))

        for shown in (arnhem, printed):
            assert (
                "Er is geen eigen editie voor deze regio; bezoekers lezen de landelijke " in shown
            )
            assert "Voor Arnhem zijn geen eigen cijfers; bezoekers zien die van Gelderland." in (
                shown
            )
            assert "De bron van deze cijfers noemt geen peildatum" in shown
        assert "Voor deze regio zijn geen cijfers; bezoekers zien dit blok niet." in the_hague

    def test_not_even_in_the_pdf_of_a_preview(self, admin_client, demo_content):
        # The PDF is the flyer as it will be printed.
        response = admin_client.get("/voorbeeld/gr2026/gemeente/arnhem/pdf/")

        assert notes_in(pdf_text(response.content)) == []


def figures_section(response):
    return find(parse_page(response), "section", "figures")


class TestFiguresSayWhatTheSourceSays:
    def test_labels_as_printed_and_the_manifesto_they_come_from(self, client, demo_content):
        # "Aantal bedrijven in provincie Gelderland 2.029", "Aantal medewerkers provincie
        # Gelderland 24.041" (GR2022, Gelderland), shown again for GR2026 with their origin.
        later = figures_section(client.get("/gr2026/gemeente/arnhem/"))
        own = figures_section(client.get("/gr2022/gemeente/arnhem/"))

        numbers = [text(item) for item in find_all(later, "div", "figures__number")]
        assert numbers == ["Aantal bedrijven 2.029", "Aantal medewerkers 24.041"]
        assert text(find(later, "h2")) == "De mkb-maakindustrie in Gelderland"
        assert text(find(later, "p", "figures__source")) == (
            "Bron: CBS en Metaalunie · uit het manifest van 2022"
        )
        assert text(find(own, "p", "figures__source")) == "Bron: CBS en Metaalunie"
        assert "Lidbedrijven" not in text(later)

    def test_the_noord_holland_chart_as_printed_with_its_origin(self, client, demo_content):
        later = figures_section(client.get("/gr2026/provincie/noord-holland/"))
        own = figures_section(client.get("/ps2023/provincie/noord-holland/"))

        for section in (later, own):
            assert text(find(section, "figcaption")) == (
                "Werkenden bij mkb-maakbedrijven naar opleidingsniveau"
            )
        assert text(find(later, "p", "figures__source")) == (
            "Bron: CBS en Metaalunie · uit het manifest van 2023"
        )
        assert text(find(own, "p", "figures__source")) == "Bron: CBS en Metaalunie"

    @pytest.fixture
    def town(self):
        municipality = MunicipalityFactory()
        campaign = CampaignFactory(election_date=datetime.date(2026, 3, 18))
        EditionFactory(campaign=campaign)
        return f"/{campaign.slug}/gemeente/{municipality.slug}/", municipality

    def test_figures_of_a_later_manifesto_are_not_shown(self, client, town):
        url, municipality = town
        RegionalFiguresFactory(
            province=municipality.province, reference_date=None, manifesto_year=2027
        )

        response = client.get(url)

        assert find_all(parse_page(response), "section", "figures") == []

    def test_dated_figures_show_their_reference_date(self, client, town):
        url, municipality = town
        RegionalFiguresFactory(
            province=municipality.province, reference_date=datetime.date(2025, 1, 1)
        )

        source = text(find(figures_section(client.get(url)), "p", "figures__source"))

        assert source == "Bron: CBS en Metaalunie · peildatum 1 januari 2025"

    def test_the_api_names_the_manifesto_too(self, client, demo_content):
        data = client.get("/api/v1/campaigns/gr2026/municipalities/GM0202/").json()

        assert data["figures"]["manifesto_year"] == 2022
        assert data["figures"]["member_companies"] == 2029
