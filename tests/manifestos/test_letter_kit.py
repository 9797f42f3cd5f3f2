"""The member letter kit: a ready letter to the parties, as text, e-mail and A4 PDF."""

import datetime
import io
import logging
import re
from urllib.parse import parse_qs, urlsplit

import pypdf
import pypdfium2
import pytest
import zxingcpp
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from campaigns.models import Campaign, ElectionType
from manifestos.transfer.demo import demo_content_load
from tests.factories import (
    CampaignFactory,
    ContactFactory,
    EditionFactory,
    MunicipalityFactory,
    ProvinceFactory,
)
from tests.html import find, find_all, hrefs, parse_page, text
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _before_the_elections(clock):
    """The kit belongs to the campaign: these tests run before their elections (the
    factories' 18 March 2026, and 29 October 2025); after election day it is withdrawn
    (tests/manifestos/test_lifecycle_pages.py)."""
    clock.set_dutch(datetime.date(2025, 9, 1))


MEMBER = {
    "name": "Anna de Smid",
    "company": "De Smid Plaatwerk B.V.",
    "role": "Directeur",
    "town": "Hellevoetsluis",
}


@pytest.fixture
def region():
    """A GR campaign with a municipality whose district has a regiomanager."""
    campaign = CampaignFactory(slug="gr2026", name="Gemeenteraadsverkiezingen 2026")
    EditionFactory(campaign=campaign)
    municipality = MunicipalityFactory(name="Voorne aan Zee", slug="voorne-aan-zee")
    contact = ContactFactory(
        name="Monique van der Voort",
        role="Regiomanager",
        email="m.vandervoort@metaalunie.nl",
        phone="06 - 123 456 78",
        district=municipality.province.district,
    )
    return campaign, municipality, contact


KIT = "/gr2026/gemeente/voorne-aan-zee/brief/"
PDF = "/gr2026/gemeente/voorne-aan-zee/brief/pdf/"
PAGE_URL = "http://testserver/gr2026/gemeente/voorne-aan-zee/"


def letter_text(response):
    return text(find(parse_page(response), "textarea", "letter-kit__text"))


def mailto(response):
    link = find(parse_page(response), "a", "share__button--email")
    return dict(link.attributes)["href"]


def csrf_client():
    """A browser that gets the kit page first, and so has the form's CSRF token."""
    client = Client(enforce_csrf_checks=True)
    response = client.get(KIT)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
    return client, token


def pdf_pages(content):
    return pypdf.PdfReader(io.BytesIO(content)).pages


def qr_codes(content):
    document = pypdfium2.PdfDocument(content)
    found = []
    for page in document:
        image = page.render(scale=3).to_pil()
        found.extend(result.text for result in zxingcpp.read_barcodes(image))
    return found


# --- the letter -------------------------------------------------------------------------


def test_letter_names_municipality_manifesto_page_and_regiomanager(client, region):
    response = client.get(KIT)

    assert response.status_code == 200
    letter = letter_text(response)
    assert "de gemeente Voorne aan Zee" in letter
    assert "woensdag 18 maart 2026" in letter
    assert "gemeenteraadsverkiezingen" in letter
    assert PAGE_URL in letter
    assert "Monique van der Voort, Regiomanager van Koninklijke Metaalunie" in letter
    assert "m.vandervoort@metaalunie.nl, 06 - 123 456 78" in letter
    # Until the member fills in their details, the signature says what belongs there.
    assert letter.endswith("Met vriendelijke groet, [Uw naam] [Uw bedrijf]")
    # The regiomanager's card, as on the municipality page.
    assert "Monique van der Voort" in text(find(parse_page(response), "section", "contact-card"))


def test_letter_without_a_regiomanager_names_the_association(client):
    campaign = CampaignFactory(slug="gr2026")
    EditionFactory(campaign=campaign)
    MunicipalityFactory(name="Voorne aan Zee", slug="voorne-aan-zee")

    letter = letter_text(client.get(KIT))

    assert "contact op met Koninklijke Metaalunie: info@metaalunie.nl, 030 - 605 33 44." in letter


def test_mailto_carries_subject_and_letter_encoded(client, region):
    link = mailto(client.get(KIT))

    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    assert parts.path == ""  # the member chooses the parties' addresses
    # Spaces as %20 and line breaks as CRLF (RFC 6068), never "+".
    assert "+" not in parts.query
    assert "%0D%0A%0D%0AOp%20woensdag" in parts.query
    query = parse_qs(parts.query)
    assert query["subject"] == [
        "Manifest van Koninklijke Metaalunie voor de gemeente Voorne aan Zee: neem de "
        "MKB-maakindustrie op in uw verkiezingsprogramma"
    ]
    body = query["body"][0]
    assert body.startswith("Geachte heer, mevrouw,\r\n\r\n")
    assert PAGE_URL in body
    assert "Monique van der Voort" in body
    assert body.endswith("Met vriendelijke groet,\r\n\r\n[Uw naam]\r\n[Uw bedrijf]")


def test_municipality_page_links_the_kit(client, region):
    page = client.get("/gr2026/gemeente/voorne-aan-zee/")

    assert KIT in hrefs(parse_page(page))


def test_archived_campaign_offers_no_letter_link(client):
    campaign = CampaignFactory(slug="gr2022", archived=True)
    EditionFactory(campaign=campaign)
    MunicipalityFactory(slug="ede")

    page = client.get("/gr2022/gemeente/ede/")

    assert not [href for href in hrefs(parse_page(page)) if href.endswith("/brief/")]


def test_provincial_election_letter_goes_to_the_province(client):
    campaign = CampaignFactory(
        slug="ps2023", election_type=ElectionType.PROVINCIALE_STATEN, name="PS 2023"
    )
    province = ProvinceFactory(name="Noord-Holland", slug="noord-holland")
    EditionFactory(campaign=campaign, province=province)
    MunicipalityFactory(slug="haarlem", province=province)

    from_municipality = client.get("/ps2023/gemeente/haarlem/brief/")
    kit = client.get("/ps2023/provincie/noord-holland/brief/")

    assert from_municipality.status_code == 302
    assert from_municipality["Location"] == "/ps2023/provincie/noord-holland/brief/"
    assert "de provincie Noord-Holland" in letter_text(kit)
    assert "Provinciale Statenverkiezingen" in letter_text(kit)
    assert "http://testserver/ps2023/provincie/noord-holland/" in letter_text(kit)
    province_page = client.get("/ps2023/provincie/noord-holland/")
    assert "/ps2023/provincie/noord-holland/brief/" in hrefs(parse_page(province_page))


def test_municipal_election_has_no_province_letter(client, region):
    _campaign, municipality, _contact = region

    response = client.get(f"/gr2026/provincie/{municipality.province.slug}/brief/")

    assert response.status_code == 404


def test_national_election_has_one_letter_for_the_country(client):
    contact = ContactFactory(central=True, name="Wijnand van Zanten", role="Manager public affairs")
    campaign = CampaignFactory(
        slug="tk2025",
        name="Tweede Kamerverkiezingen 2025",
        election_type=ElectionType.TWEEDE_KAMER,
        election_date=datetime.date(2025, 10, 29),
        central_contact=contact,
    )
    EditionFactory(campaign=campaign)
    MunicipalityFactory(slug="ede")

    from_municipality = client.get("/tk2025/gemeente/ede/brief/")
    kit = client.get("/tk2025/brief/")

    assert from_municipality.status_code == 302
    assert from_municipality["Location"] == "/tk2025/brief/"
    letter = letter_text(kit)
    assert "Op woensdag 29 oktober 2025 gaat Nederland naar de stembus" in letter
    assert "de Tweede Kamerverkiezingen" in letter
    assert "http://testserver/tk2025/" in letter
    assert "Wijnand van Zanten, Manager public affairs van Koninklijke Metaalunie" in letter
    assert "/tk2025/brief/" in hrefs(parse_page(client.get("/tk2025/")))


def test_national_letter_pdf(client):
    CampaignFactory(slug="tk2025", election_type=ElectionType.TWEEDE_KAMER)

    response = client.post("/tk2025/brief/pdf/", MEMBER)

    assert response["Content-Disposition"] == 'attachment; filename="brief-tk2025.pdf"'
    assert qr_codes(response.content) == ["http://testserver/tk2025/"]


def test_regional_election_has_no_letter_for_the_country(client, region):
    response = client.get("/gr2026/brief/")

    assert response.status_code == 302
    assert response["Location"] == "/gr2026/"


def test_unknown_and_unpublished_are_not_found(client, region):
    CampaignFactory(slug="gr2030", draft=True)

    assert client.get("/gr2026/gemeente/nergens/brief/").status_code == 404
    assert client.get("/gr2030/gemeente/voorne-aan-zee/brief/").status_code == 404


def test_kit_page_is_private_and_costs_few_queries(client, region):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(KIT)

    # The form's CSRF token is per visitor: no shared cache may keep the page.
    assert response["Cache-Control"] == "private, no-store"
    assert len(queries) <= 8


# --- the PDF ----------------------------------------------------------------------------


def test_pdf_is_an_a4_letter_with_the_member_and_a_qr_code_to_the_manifesto(region):
    client, token = csrf_client()

    response = client.post(PDF, {**MEMBER, "csrfmiddlewaretoken": token})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="brief-gr2026-voorne-aan-zee.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")
    pages = pdf_pages(response.content)
    assert len(pages) == 1
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)
    content = pdf_text(response.content)
    for value in MEMBER.values():
        assert value in content
    assert "Aan de politieke partijen in de gemeente Voorne aan Zee" in content
    assert "Monique van der Voort" in content
    assert qr_codes(response.content) == [PAGE_URL]


def test_member_input_is_never_stored(region, caplog):
    client, token = csrf_client()
    cache.clear()
    secret = "Zeldzame Naam Xq7"

    with CaptureQueriesContext(connection) as queries, caplog.at_level(logging.DEBUG):
        response = client.post(PDF, {**MEMBER, "name": secret, "csrfmiddlewaretoken": token})

    assert response.status_code == 200
    assert secret in pdf_text(response.content)
    # Only reads: no row written, and nothing in the cache, the session or the logs.
    assert all(query["sql"].lstrip().upper().startswith("SELECT") for query in queries)
    assert not any(secret in query["sql"] for query in queries)
    # The test cache is local memory: its values are the pickled bytes it keeps.
    assert not any(secret.encode() in value for value in cache._cache.values())
    assert secret not in caplog.text
    assert "sessionid" not in response.cookies


def test_pdf_requires_csrf_token(region):
    client = Client(enforce_csrf_checks=True)

    response = client.post(PDF, MEMBER)

    assert response.status_code == 403


def test_pdf_only_by_post(client, region):
    assert client.get(PDF).status_code == 405


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Vul uw naam in."),
        ({"company": "  "}, "company", "Vul uw bedrijf in."),
        ({"name": "A" * 101}, "name", "Dit mag hoogstens 100 tekens zijn (nu 101)."),
        ({"company": "Smid\nBV"}, "company", "Gebruik alleen gewone tekens"),
        ({"town": "Ede\u202e"}, "town", "Gebruik alleen gewone tekens"),
        ({"role": "Baas\x00"}, "role", "Gebruik alleen gewone tekens"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_no_pdf(region, data, field, message):
    client, token = csrf_client()

    response = client.post(PDF, {**MEMBER, **data, "csrfmiddlewaretoken": token})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert response["Cache-Control"] == "private, no-store"
    errors = text(find(parse_page(response), "div", "notice--error"))
    assert message in errors
    field_input = [
        element
        for element in find_all(parse_page(response), "input", "letter-kit__input")
        if dict(element.attributes).get("name") == field
    ]
    assert dict(field_input[0].attributes).get("aria-invalid") == "true"


def test_demo_provincial_letter_names_the_regiosecretaris(client, register, clock):
    # PS2023 as it was during its campaign; today the demo has it archived, and the kit
    # of an archived campaign is withdrawn.
    clock.set_dutch(datetime.date(2023, 2, 1))
    demo_content_load()
    Campaign.objects.filter(slug="ps2023").update(status=Campaign.Status.PUBLISHED)

    letter = letter_text(client.get("/ps2023/provincie/noord-holland/brief/"))

    assert (
        "contact op met Monique van der Voort, Regiosecretaris Metaalunie: "
        "voort@metaalunie.nl, 06 - 111 708 71." in letter
    )
    assert "de provincie Noord-Holland" in letter


def test_kit_script_carries_the_response_nonce_and_no_inline_handlers(client, region):
    response = client.get(KIT)

    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    (script,) = [
        element
        for element in find_all(parse_page(response), "script")
        if "letter-kit" in dict(element.attributes).get("src", "")
    ]
    assert dict(script.attributes)["nonce"] == nonce
    assert not re.search(r"<[^>]+\son[a-z]+=", response.text)
