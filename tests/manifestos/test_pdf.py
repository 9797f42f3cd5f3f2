"""The print page and the PDF flyer of a municipality's or province's manifesto."""

import io
import re
import socket
from unittest import mock

import pypdf
import pytest
import segno
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from config.richtext import plain_text
from manifestos import pdf
from manifestos.models import Recommendation
from tests.factories import (
    CampaignFactory,
    ContactFactory,
    DistrictFactory,
    EditionFactory,
    FigureRowFactory,
    MunicipalityFactory,
    ProvinceFactory,
    RecommendationFactory,
    RegionalFiguresFactory,
    ThemeFactory,
)
from tests.html import find_all, parse_page, text
from tests.pdfs import pdf_text
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts without cached PDFs, whatever ran before it."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def renders():
    """Counts how often WeasyPrint really renders a PDF."""
    with mock.patch("manifestos.pdf.html_to_pdf", wraps=pdf.html_to_pdf) as counted:
        yield counted


def squashed(value):
    return re.sub(r"\s+", " ", value).strip()


def pdf_links(content):
    reader = pypdf.PdfReader(io.BytesIO(content))
    links = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                links.add(str(action["/URI"]))
    return links


def qr_modules(svg_path):
    """The dark modules (row, column) drawn by a segno SVG path, without the quiet zone.

    segno draws each run of dark modules as a horizontal line: `M x y` and `m dx dy`
    move, `h n` draws n modules.
    """
    x = y = 0.0
    dark = set()
    for command, arguments in re.findall(r"([Mmh])([^Mmh]*)", svg_path):
        numbers = [float(n) for n in arguments.replace(",", " ").split()]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:
            dark.update((int(y), int(x) + i) for i in range(int(numbers[0])))
            x += numbers[0]
    top = min(row for row, _ in dark)
    left = min(column for _, column in dark)
    return {(row - top, column - left) for row, column in dark}


def segno_modules(url):
    matrix = segno.make(url, error=pdf.QR_ERROR_LEVEL).matrix
    return {(r, c) for r, row in enumerate(matrix) for c, dark in enumerate(row) if dark}


def first_recommendation(campaign_slug):
    recommendation = (
        Recommendation.objects.filter(theme__edition__campaign__slug=campaign_slug)
        .order_by("theme__edition__pk", "theme__position", "position")
        .first()
    )
    return " ".join(plain_text(recommendation.lead or recommendation.body).split()[:10])


# --- the PDF ----------------------------------------------------------------------------


class TestPdfDownload:
    def test_a_gr2026_municipality(self, client, demo_content):
        response = client.get("/gr2026/gemeente/voorne-aan-zee/pdf/")

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert response["Content-Disposition"] == (
            'attachment; filename="manifest-gr2026-voorne-aan-zee.pdf"'
        )
        document = pdf_text(response.content)
        assert "Gemeente Voorne aan Zee" in document
        assert "GEMEENTERAADSVERKIEZINGEN 2026" in document.upper()
        assert "De MKB-maakindustrie brengt je gemeente vooruit" in document
        assert first_recommendation("gr2026") in document
        # No district contact for GR2026: the card names the association.
        assert "Uw contactpersoon" in document
        assert "Einsteinbaan 1, 3439 NJ Nieuwegein" in document

    def test_the_contact_card_and_figures_of_a_noord_holland_municipality(
        self, client, demo_content
    ):
        response = client.get("/ps2023/gemeente/alkmaar/pdf/")

        document = pdf_text(response.content)
        assert "Monique van der Voort" in document
        assert "voort@metaalunie.nl" in document
        assert "mbo 2-4, havo/vwo" in document
        assert "55,6%" in document
        assert "Bron: CBS en Metaalunie" in document

    def test_a_province(self, client, demo_content):
        response = client.get("/ps2023/provincie/noord-holland/pdf/")

        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            'attachment; filename="manifest-ps2023-noord-holland.pdf"'
        )
        document = pdf_text(response.content)
        assert "Provincie Noord-Holland" in document
        assert "Waardevolle partners" in document
        # The province page lists its municipalities; the flyer does not.
        assert "Gemeenten in Noord-Holland" not in document

    def test_the_qr_code_leads_back_to_the_page(self, client, demo_content):
        page_url = "http://testserver/gr2026/gemeente/voorne-aan-zee/"

        print_page = parse_page(client.get("/gr2026/gemeente/voorne-aan-zee/print/"))
        (code,) = find_all(print_page, None, "print-qr__code")
        (path,) = find_all(code, "path", "qrline")

        assert qr_modules(dict(path.attributes)["d"]) == segno_modules(page_url)
        assert qr_modules(dict(path.attributes)["d"]) != segno_modules(page_url + "x")
        # In the PDF the code and the printed address are links to the page too.
        assert page_url in pdf_links(client.get("/gr2026/gemeente/voorne-aan-zee/pdf/").content)


class TestPdfCache:
    @pytest.fixture
    def site(self, db):
        district = DistrictFactory()
        contact = ContactFactory(district=district, name="Eerste Contactpersoon")
        municipality = MunicipalityFactory(province=ProvinceFactory(district=district))
        campaign = CampaignFactory()
        theme = ThemeFactory(edition=EditionFactory(campaign=campaign))
        recommendation = RecommendationFactory(theme=theme, body="Bouw meer bedrijventerreinen.")
        figures = RegionalFiguresFactory(province=municipality.province, member_companies=100)
        url = f"/{campaign.slug}/gemeente/{municipality.slug}/pdf/"
        return url, {"recommendation": recommendation, "contact": contact, "figures": figures}

    def test_an_unchanged_page_is_rendered_once(self, client, site, renders):
        url, _ = site

        first = client.get(url)
        second = client.get(url)

        assert renders.call_count == 1
        assert second.content == first.content

    @pytest.mark.parametrize(
        ("thing", "field", "value", "shown"),
        [
            ("recommendation", "body", "Bouw nog veel meer bedrijventerreinen.", "nog veel meer"),
            ("contact", "name", "Nieuwe Contactpersoon", "Nieuwe Contactpersoon"),
            ("figures", "member_companies", 4321, "4.321"),
        ],
    )
    def test_a_change_gives_a_new_pdf_on_the_next_request(
        self, client, site, renders, thing, field, value, shown
    ):
        url, things = site
        before = client.get(url).content
        changed = things[thing]
        setattr(changed, field, value)
        changed.save()

        after = client.get(url).content

        assert renders.call_count == 2
        assert after != before
        assert shown in pdf_text(after)
        assert shown not in pdf_text(before)


class TestPdfRedirects:
    def test_a_dissolved_municipality_leads_to_its_successors_pdf(self, client, demo_content):
        response = client.get("/gr2026/gemeente/weesp/pdf/")

        assert response.status_code == 301
        assert response["Location"] == "/gr2026/gemeente/amsterdam/pdf/"

    def test_an_alias_leads_to_the_official_pdf_and_print_page(self, client, demo_content):
        assert client.get("/gr2026/gemeente/den-haag/pdf/")["Location"] == (
            "/gr2026/gemeente/s-gravenhage/pdf/"
        )
        assert client.get("/gr2026/gemeente/den-haag/print/")["Location"] == (
            "/gr2026/gemeente/s-gravenhage/print/"
        )

    @pytest.mark.parametrize(
        "url",
        [
            "/tk2025/gemeente/amsterdam/pdf/",
            "/tk2025/gemeente/amsterdam/print/",
            "/tk2025/provincie/noord-holland/pdf/",
            "/tk2025/provincie/noord-holland/print/",
        ],
    )
    def test_a_national_campaign_leads_to_its_own_page(self, client, demo_content, url):
        response = client.get(url)

        assert response.status_code == 301
        assert response["Location"] == "/tk2025/"

    @pytest.mark.parametrize("trait", ["draft", "scheduled"])
    @pytest.mark.parametrize("view", ["pdf", "print"])
    def test_an_unpublished_campaign_is_not_found(self, client, db, trait, view, renders):
        campaign = CampaignFactory(**{trait: True})
        municipality = MunicipalityFactory()
        EditionFactory(campaign=campaign)

        for url in [
            f"/{campaign.slug}/gemeente/{municipality.slug}/{view}/",
            f"/{campaign.slug}/provincie/{municipality.province.slug}/{view}/",
        ]:
            assert client.get(url).status_code == 404, url
        assert renders.call_count == 0

    def test_an_unknown_municipality_is_not_found(self, client, demo_content):
        assert client.get("/gr2026/gemeente/nergenshuizen/pdf/").status_code == 404


# --- the print page ---------------------------------------------------------------------


class TestPrintPage:
    def test_the_document_without_navigation_but_with_its_address(self, client, demo_content):
        response = client.get("/gr2026/gemeente/voorne-aan-zee/print/")

        assert response.status_code == 200
        html = response.content.decode()
        page = parse_page(response)
        assert text(find_all(page, "h1")[0]) == "Gemeente Voorne aan Zee"
        for absent in ("form", "script"):
            assert find_all(page, absent) == [], absent
        # Only the manifesto's own table of contents, which print.css hides.
        assert [
            nav for nav in find_all(page, "nav") if nav not in find_all(page, "nav", "toc")
        ] == []
        for absent in ("site-header", "breadcrumbs", "chooser", "share", "page-actions"):
            assert find_all(page, None, absent) == [], absent
        (header,) = find_all(page, "header", "print-header")
        assert "http://testserver/gr2026/gemeente/voorne-aan-zee/" in text(header)
        assert (
            '<link rel="canonical" href="http://testserver/gr2026/gemeente/voorne-aan-zee/">'
            in (html)
        )
        assert first_recommendation("gr2026") in text(page)
        assert " style=" not in html

    def test_the_province_print_page_has_the_chart_but_no_municipality_list(
        self, client, demo_content
    ):
        page = parse_page(client.get("/ps2023/provincie/noord-holland/print/"))

        assert text(find_all(page, "h1")[0]) == "Provincie Noord-Holland"
        assert len(find_all(page, "figure", "chart")) == 1
        assert "Gemeenten in Noord-Holland" not in text(page)

    def test_the_queries_do_not_grow_with_the_content(self, client, db):
        counts = []
        for size in (1, 6):
            campaign = CampaignFactory()
            municipality = MunicipalityFactory()
            edition = EditionFactory(campaign=campaign)
            for _ in range(size):
                theme = ThemeFactory(edition=edition)
                RecommendationFactory.create_batch(size, theme=theme)
                RecommendationFactory.create_batch(size, theme=ThemeFactory(parent=theme))
            figures = RegionalFiguresFactory(province=municipality.province)
            FigureRowFactory.create_batch(size, figures=figures)
            with page_queries() as queries:
                response = client.get(f"/{campaign.slug}/gemeente/{municipality.slug}/print/")
            assert response.status_code == 200
            counts.append(len(queries))

        assert counts[0] == counts[1]


class TestPageLinks:
    def _links(self, response):
        page = parse_page(response)
        return {text(a): dict(a.attributes)["href"] for a in find_all(page, "a")}

    def test_a_municipality_page_offers_print_and_pdf(self, client, demo_content):
        links = self._links(client.get("/gr2026/gemeente/voorne-aan-zee/"))

        assert links["Afdrukken"] == "/gr2026/gemeente/voorne-aan-zee/print/"
        assert links["Download als pdf"] == "/gr2026/gemeente/voorne-aan-zee/pdf/"
        # The GR2026 flyer is where the member e-mail links it, not uploaded.
        assert links["Download de flyer (pdf)"].startswith("https://mcusercontent.com/")

    def test_no_flyer_where_the_campaign_has_none(self, client, demo_content):
        assert "Download de flyer (pdf)" not in self._links(client.get("/gr2022/gemeente/arnhem/"))

    def test_a_province_page_offers_print_and_pdf(self, client, demo_content):
        links = self._links(client.get("/ps2023/provincie/noord-holland/"))

        assert links["Afdrukken"] == "/ps2023/provincie/noord-holland/print/"
        assert links["Download als pdf"] == "/ps2023/provincie/noord-holland/pdf/"

    def test_the_campaign_flyer_is_offered_where_there_is_one(self, client, db):
        campaign = CampaignFactory(flyer="flyers/gr2026.pdf")
        municipality = MunicipalityFactory()
        EditionFactory(campaign=campaign)

        for url in [f"/{campaign.slug}/", f"/{campaign.slug}/gemeente/{municipality.slug}/"]:
            links = self._links(client.get(url))
            assert links["Download de flyer (pdf)"] == "/media/flyers/gr2026.pdf", url


# --- WeasyPrint never goes on the network ----------------------------------------------------


class TestNoNetwork:
    def test_static_files_come_from_disk_on_any_host(self):
        fetcher = pdf.StaticFilesFetcher()

        response = fetcher.fetch("https://elders.example/static/css/print.css")

        assert response.content_type == "text/css"
        assert b"@page" in response.read()

    def test_data_uris_are_decoded(self):
        response = pdf.StaticFilesFetcher().fetch("data:text/plain;base64,aGFsbG8=")

        assert response.read() == b"hallo"

    @pytest.mark.parametrize(
        "url",
        [
            "https://elders.example/plaatje.png",
            "http://testserver/media/%2e%2e/%2e%2e/etc/passwd",
            "http://testserver/media//etc/passwd",
            "file:///etc/passwd",
            "http://testserver/static/../../../etc/passwd",
            "http://testserver/static/%2e%2e/%2e%2e/etc/passwd",
            "ftp://elders.example/bestand",
        ],
    )
    def test_everything_else_is_refused(self, url):
        with pytest.raises(ValueError):
            pdf.StaticFilesFetcher().fetch(url)

    def test_uploads_come_from_the_media_storage_and_a_missing_one_is_not_invented(self):
        name = default_storage.save("contacts/foto.jpg", ContentFile(b"\x89PNG fake"))

        response = pdf.StaticFilesFetcher().fetch(f"https://elders.example/media/{name}")

        assert response.read() == b"\x89PNG fake"
        default_storage.delete(name)
        with pytest.raises(FileNotFoundError):
            pdf.StaticFilesFetcher().fetch(f"http://testserver/media/{name}")

    def test_rendering_opens_no_connection(self):
        opened = []

        def refuse(*args, **kwargs):
            opened.append(args)
            raise OSError("no network in this test")

        html = (
            '<html lang="nl"><link rel="stylesheet" href="https://elders.example/font.css">'
            '<link rel="stylesheet" href="/static/css/print.css">'
            '<img src="https://elders.example/plaatje.png" alt="">'
            "<p>Hallo</p>"
        )
        with (
            mock.patch.object(socket.socket, "connect", refuse),
            mock.patch.object(socket, "create_connection", refuse),
        ):
            document = pdf.html_to_pdf(html, base_url="http://testserver/")

        assert document.startswith(b"%PDF")
        assert opened == []
