"""A water board election (Waterschap) end to end: one national page, as its level says.

The regions register has no water boards, so a Waterschap campaign has its national
page only (campaigns/levels.py, README "Election levels"): its heading addresses the
water board, its regional addresses lead to the national page (never a municipality
page), its letter kit is national with water board wording, and the sitemap, the API
and the finder list no regional pages of it.
"""

import datetime
import io
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from campaigns.forms import campaign_copy_initial
from campaigns.models import Campaign, ElectionType
from tests.factories import (
    CampaignFactory,
    ContactFactory,
    EditionFactory,
    MunicipalityFactory,
    PartyFactory,
    RecommendationFactory,
    UserFactory,
)
from tests.html import attrs, find, find_all, hrefs, parse_page, text

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
HEADING = "Wat kan het waterschap doen"
MEMBER = {"name": "Anna de Smid", "company": "De Smid Plaatwerk B.V."}
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def ws2027():
    contact = ContactFactory(central=True, name="Wijnand van Zanten", role="Manager public affairs")
    campaign = CampaignFactory(
        slug="ws2027",
        name="Waterschapsverkiezingen 2027",
        election_type=ElectionType.WATERSCHAP,
        election_date=datetime.date(2027, 3, 17),
        central_contact=contact,
    )
    edition = EditionFactory(campaign=campaign, title="Schoon water, sterke bedrijven")
    RecommendationFactory(
        theme__edition=edition,
        theme__title="Water en werk",
        body="Geef maakbedrijven ruimte voor zuinig watergebruik.",
    )
    return campaign


@pytest.fixture
def ede():
    return MunicipalityFactory(name="Ede", slug="ede")


# --- the campaign page ------------------------------------------------------------------


def test_the_campaign_page_addresses_the_water_board(client, ws2027, ede):
    response = client.get("/ws2027/")

    assert response.status_code == 200
    page = parse_page(response)
    assert [text(h) for h in find_all(page, "h3", "theme__heading")] == [HEADING]
    assert text(find(page, "p", "page-header__kicker")).startswith("Waterschap · ")
    # No chooser of provinces and municipalities: there are no such pages.
    assert not [href for href in hrefs(page) if "/ws2027/gemeente/" in href]
    assert not [href for href in hrefs(page) if "/ws2027/provincie/" in href]
    assert "/ws2027/brief/" in hrefs(page)


@pytest.mark.parametrize(
    "path",
    [
        "/ws2027/gemeente/ede/",
        "/ws2027/gemeente/ede/print/",
        "/ws2027/gemeente/ede/pdf/",
        "/ws2027/gemeente/bestaat-niet/",
        "/ws2027/provincie/gelderland/",
        "/ws2027/provincie/gelderland/print/",
        "/ws2027/provincie/gelderland/pdf/",
    ],
)
def test_regional_addresses_lead_to_the_national_page(client, ws2027, ede, path):
    response = client.get(path)

    assert response.status_code == 301
    assert response["Location"] == "/ws2027/"


def test_regional_preview_addresses_lead_to_the_national_preview(client, ede):
    campaign = CampaignFactory(draft=True, slug="ws2031", election_type=ElectionType.WATERSCHAP)
    client.force_login(UserFactory(superuser=True))

    response = client.get(f"/voorbeeld/{campaign.slug}/gemeente/ede/")

    assert response.status_code == 302
    assert response["Location"] == f"/voorbeeld/{campaign.slug}/"


def test_the_page_offers_no_regional_print_but_the_flyer(client, ws2027, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ws2027.flyer.save("flyer.pdf", _pdf_file(), save=True)

    actions = find(parse_page(client.get("/ws2027/")), "ul", "page-actions")

    links = hrefs(actions)
    assert not [link for link in links if link.endswith(("/print/", "/pdf/"))]
    assert ws2027.flyer.url in links


def _pdf_file():
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return ContentFile(buffer.getvalue())


def test_the_share_email_asks_to_forward_to_the_water_board_parties(client, ws2027):
    page = parse_page(client.get("/ws2027/"))
    section = next(s for s in find_all(page, "section") if attrs(s).get("class") == "share")
    mailto = next(
        attrs(a)["href"]
        for a in find_all(section, "a")
        if attrs(a).get("href", "").startswith("mailto:")
    )

    body = parse_qs(mailto.removeprefix("mailto:?"))["body"][0]
    assert "de partijen in jouw waterschap" in body


# --- the letter kit ---------------------------------------------------------------------


def test_the_letter_kit_is_national_with_water_board_wording(client, ws2027, ede):
    response = client.get("/ws2027/brief/")

    assert response.status_code == 200
    page = parse_page(response)
    assert text(find(page, "h1")) == "Brief aan de politieke partijen in uw waterschap"
    letter = text(find(page, "textarea", "letter-kit__text"))
    assert "Op woensdag 17 maart 2027 gaat Nederland naar de stembus voor de " in letter
    assert "de waterschapsverkiezingen" in letter
    assert "toekomst van uw waterschap" in letter
    assert "concrete aanbevelingen voor uw waterschap" in letter
    assert f"{SITE}/ws2027/" in letter
    assert "Wijnand van Zanten, Manager public affairs van Koninklijke Metaalunie" in letter
    subject = text(find(page, "p", "letter-kit__subject"))
    assert "Manifest van Koninklijke Metaalunie voor uw waterschap" in subject


@pytest.mark.parametrize(
    "path", ["/ws2027/gemeente/ede/brief/", "/ws2027/gemeente/onbekend/brief/"]
)
def test_a_municipality_letter_leads_to_the_national_letter(client, ws2027, ede, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == "/ws2027/brief/"


def test_there_is_no_province_letter(client, ws2027, ede):
    assert client.get(f"/ws2027/provincie/{ede.province.slug}/brief/").status_code == 404


def test_the_letter_pdf(client, ws2027):
    response = client.post("/ws2027/brief/pdf/", MEMBER)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="brief-ws2027.pdf"'
    document = "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    assert "waterschapsverkiezingen" in document
    assert "Anna de Smid" in document


# --- being found: sitemap, API, finder, search, 404 -------------------------------------


def test_the_sitemap_lists_the_national_page_only(client, ws2027, ede):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    urls = {url.findtext("s:loc", namespaces=NS) for url in root.findall("s:url", NS)}

    assert f"{SITE}/ws2027/" in urls
    assert not [
        url for url in urls if url.startswith(f"{SITE}/ws2027/") and url != f"{SITE}/ws2027/"
    ]


def test_the_api_says_there_are_no_regional_pages(client, ws2027, ede):
    summary = client.get("/api/v1/campaigns/ws2027/").json()

    assert summary["election_type"] == "WS"
    assert summary["election_type_label"] == "Waterschap"
    assert summary["regional_pages"] is False
    assert summary["recommendations_heading"] == HEADING
    assert summary["national_edition"]["html_url"] == f"{SITE}/ws2027/"
    listed = client.get("/api/v1/campaigns/?election_type=WS").json()
    assert [item["slug"] for item in listed["results"]] == ["ws2027"]

    page = client.get(f"/api/v1/campaigns/ws2027/municipalities/{ede.cbs_code}/")
    assert page.status_code == 404
    assert "geen pagina's per provincie of gemeente" in page.json()["fout"]
    province = client.get(f"/api/v1/campaigns/ws2027/provinces/{ede.province.cbs_code}/")
    assert province.status_code == 404
    assert client.get(f"/api/v1/municipalities/{ede.cbs_code}/").json()["pages"] == []
    assert client.get(f"/api/v1/provinces/{ede.province.cbs_code}/").json()["pages"] == []


def test_the_finder_on_its_page_searches_the_campaigns_with_municipality_pages(client, ws2027, ede):
    CampaignFactory(slug="gr2026", name="Gemeenteraadsverkiezingen 2026", national_edition=True)
    form = find(parse_page(client.get("/ws2027/")), "form", "finder")
    assert "campagne" not in [attrs(field).get("name") for field in find_all(form, "input")]
    # Before searching, the form says where it will take the visitor.
    assert text(find(form, "p", "finder__hint")).endswith(
        "lees het manifest voor uw gemeente bij de Gemeenteraadsverkiezingen 2026."
    )

    found = client.get("/gemeenten/zoeken.json", {"q": "Ede", "campagne": "ws2027"}).json()
    results = client.get("/gemeenten/zoeken/", {"q": "Ede", "campagne": "ws2027"})

    assert found["campaign"] is None
    assert [result["url"] for result in found["results"]] == ["/gr2026/gemeente/ede/"]
    scope = text(find(parse_page(results), "p", "finder-results__scope"))
    assert scope == "De links gaan naar het manifest van de Gemeenteraadsverkiezingen 2026."


def test_the_finder_names_every_campaign_it_leads_to(client, ws2027, ede):
    CampaignFactory(slug="gr2026", name="Gemeenteraadsverkiezingen 2026")
    CampaignFactory(slug="ps2027", name="Provinciale Statenverkiezingen 2027", election_type="PS")

    form = find(parse_page(client.get("/ws2027/")), "form", "finder")

    assert text(find(form, "p", "finder__hint")).endswith(
        "bij de Gemeenteraadsverkiezingen 2026 en de Provinciale Statenverkiezingen 2027."
    )


def test_the_finder_says_so_when_no_campaign_has_municipality_pages(client, ws2027, ede):
    found = client.get("/gemeenten/zoeken.json", {"q": "Ede", "campagne": "ws2027"}).json()

    assert found["results"] == []
    assert found["message"] == "Er is op dit moment geen campagne met een manifest per gemeente."
    # Its page offers no finder that could only find nothing.
    assert not find_all(parse_page(client.get("/ws2027/")), "form", "finder")


def test_search_finds_its_recommendations_on_the_national_page(client, ws2027):
    page = parse_page(client.get("/zoeken/", {"q": "watergebruik"}))

    assert [href for href in hrefs(page) if href.startswith("/ws2027/#thema-")]


def test_the_404_page_offers_no_municipality_overview_of_it(client, ws2027):
    page = parse_page(client.get("/bestaat-niet/"))

    assert "/ws2027/" in hrefs(page)
    assert "/ws2027/#chooser-title" not in hrefs(page)


# --- the back office --------------------------------------------------------------------


def test_staff_create_a_waterschap_campaign_in_the_admin(client):
    client.force_login(UserFactory(superuser=True))
    url = reverse("admin:campaigns_campaign_add")
    assert client.get(url).status_code == 200
    inlines = {
        f"{prefix}-{field}": "0"
        for prefix in ("key_figures", "events", "editions")
        for field in ("TOTAL_FORMS", "INITIAL_FORMS")
    }

    response = client.post(
        url,
        {
            "name": "Waterschapsverkiezingen 2031",
            "slug": "ws2031",
            "election_type": "WS",
            "election_date": "19-03-2031",
            "status": "published",
            "published_at_0": "01-01-2025",
            "published_at_1": "09:00:00",
            "colour": "petrol",
            **inlines,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    campaign = Campaign.objects.get(slug="ws2031")
    assert campaign.level is ElectionType.WATERSCHAP.level
    assert client.get("/ws2031/gemeente/ede/").status_code == 301
    assert campaign_copy_initial(campaign) == {
        "name": "Waterschapsverkiezingen 2035",
        "slug": "ws2035",
    }


def test_parties_of_a_waterschap_campaign_are_national(ws2027, ede):
    local = PartyFactory.build(campaign=ws2027, municipality=ede)

    with pytest.raises(ValidationError) as refused:
        local.full_clean()
    assert "municipality" in refused.value.message_dict
    PartyFactory.build(campaign=ws2027, municipality=None).full_clean()
