"""The pages of a campaign through its life cycle (campaigns/lifecycle.py), as the clock
moves across election day and across the archive moment: the notices at their top, the
letter kit withdrawn after election day, the share e-mail, print and PDF, the page cache."""

import datetime
from urllib.parse import parse_qs

import pytest

from campaigns.models import ElectionType, UpcomingElection
from manifestos.transfer.demo import demo_content_load
from tests.factories import (
    CampaignFactory,
    ContactFactory,
    DistrictFactory,
    EditionFactory,
    MunicipalityFactory,
    ProvinceFactory,
    RecommendationFactory,
    ThemeFactory,
)
from tests.html import attrs, find, find_all, hrefs, parse_page, text
from tests.pdfs import pdf_text
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

ELECTION_DAY = datetime.date(2026, 3, 18)
DAY_AFTER = ELECTION_DAY + datetime.timedelta(days=1)
PAST = "De gemeenteraadsverkiezingen waren op woensdag 18 maart 2026."

PAGES = {
    "campaign": "/gr2026/",
    "province": "/gr2026/provincie/gelderland/",
    "municipality": "/gr2026/gemeente/ede/",
    "print": "/gr2026/gemeente/ede/print/",
    "province print": "/gr2026/provincie/gelderland/print/",
    "agenda": "/gr2026/agenda/",
}
KIT = "/gr2026/gemeente/ede/brief/"
MEMBER = {"name": "Anna de Smid", "company": "De Smid Plaatwerk B.V."}


def _manifesto(campaign):
    edition = EditionFactory(campaign=campaign)
    RecommendationFactory(theme=ThemeFactory(edition=edition))


@pytest.fixture
def gelderland():
    district = DistrictFactory(name="Oost")
    ContactFactory(name="Jan Smit", district=district)
    province = ProvinceFactory(name="Gelderland", slug="gelderland", district=district)
    MunicipalityFactory(name="Ede", slug="ede", province=province)
    return province


@pytest.fixture
def gr2026(clock, gelderland):
    """GR2026 with a national edition, made six weeks before election day."""
    clock.set_dutch(datetime.date(2026, 2, 1))
    campaign = CampaignFactory(
        slug="gr2026", name="Gemeenteraadsverkiezingen 2026", election_date=ELECTION_DAY
    )
    _manifesto(campaign)
    return campaign


def notice(response):
    notices = find_all(parse_page(response), "aside", "phase-notice")
    return text(notices[0]) if notices else None


def notice_link(response):
    return hrefs(find(parse_page(response), "aside", "phase-notice"))


def letter_links(response):
    return [href for href in hrefs(parse_page(response)) if "/brief/" in href]


# --- across election day ------------------------------------------------------------------


def test_while_campaigning_there_is_no_notice_and_the_letter_kit_is_offered(client, gr2026):
    for url in PAGES.values():
        assert notice(client.get(url)) is None, url
    assert letter_links(client.get(PAGES["municipality"])) == [KIT]
    assert client.get(KIT).status_code == 200


def test_on_election_day_itself_it_is_still_the_campaign(client, gr2026, clock):
    clock.set_dutch(ELECTION_DAY, 23, 59, 59)

    assert notice(client.get(PAGES["municipality"])) is None
    assert letter_links(client.get(PAGES["municipality"])) == [KIT]


@pytest.mark.parametrize("page", PAGES)
def test_after_election_day_every_page_says_so_in_the_past_tense(client, gr2026, clock, page):
    clock.set_dutch(DAY_AFTER, 0, 0, 1)

    response = client.get(PAGES[page])

    assert response.status_code == 200
    assert notice(response) == (
        f"Na de verkiezingen {PAST} Koninklijke Metaalunie legde dit manifest vóór de "
        "verkiezingen aan de politieke partijen voor."
    )
    assert letter_links(response) == []


def test_after_election_day_the_pdf_says_so_too(client, gr2026, clock):
    clock.set_dutch(DAY_AFTER)

    response = client.get("/gr2026/gemeente/ede/pdf/")

    assert response["Content-Type"] == "application/pdf"
    assert PAST in pdf_text(response.content)


def test_after_election_day_the_letter_kit_is_withdrawn(client, gr2026, clock):
    clock.set_dutch(DAY_AFTER)

    kit = client.get(KIT)
    pdf = client.post(f"{KIT}pdf/", MEMBER)

    for response in (kit, pdf):
        assert response.status_code == 410
        assert response["Content-Type"].startswith("text/html")
        page = text(parse_page(response))
        assert "De brief aan de partijen is niet meer beschikbaar" in page
        assert "de gemeenteraadsverkiezingen waren op woensdag 18 maart 2026" in page
        assert "gaat Nederland naar de stembus" not in page
        assert "/gr2026/gemeente/ede/" in hrefs(parse_page(response))
    assert kit["Cache-Control"] == "private, no-store"


def test_the_national_letter_is_withdrawn_after_election_day_as_well(client, clock):
    clock.set_dutch(datetime.date(2025, 10, 1))
    campaign = CampaignFactory(
        slug="tk2025",
        election_type=ElectionType.TWEEDE_KAMER,
        election_date=datetime.date(2025, 10, 29),
    )
    _manifesto(campaign)
    assert client.get("/tk2025/brief/").status_code == 200

    clock.set_dutch(datetime.date(2025, 10, 30))

    assert client.get("/tk2025/brief/").status_code == 410
    assert client.post("/tk2025/brief/pdf/", MEMBER).status_code == 410
    assert letter_links(client.get("/tk2025/")) == []


def test_after_election_day_the_share_email_is_in_the_past_tense(client, gr2026, clock):
    def body(response):
        share = find(parse_page(response), "section", "share")
        mailto = next(h for h in hrefs(share) if h.startswith("mailto:"))
        return parse_qs(mailto.removeprefix("mailto:?"))["body"][0]

    before = body(client.get(PAGES["municipality"]))
    clock.set_dutch(DAY_AFTER)
    after = body(client.get(PAGES["municipality"]))

    assert "zet Koninklijke Metaalunie" in before
    assert "doorsturen naar de politieke partijen" in before
    assert "zette Koninklijke Metaalunie" in after
    assert "(woensdag 18 maart 2026)" in after
    assert "doorsturen" not in after


# --- across the archive moment --------------------------------------------------------------


@pytest.fixture
def gr2022(clock, gelderland):
    """GR2022, published before its election; still published (not archived by staff)."""
    clock.set_dutch(datetime.date(2022, 1, 10))
    campaign = CampaignFactory(
        slug="gr2022",
        name="Gemeenteraadsverkiezingen 2022",
        election_date=datetime.date(2022, 3, 16),
    )
    EditionFactory(campaign=campaign, province=gelderland)
    return campaign


ARCHIVED_PAGES = {
    # page: (address, where its notice leads, and how it names it)
    "campaign": ("/gr2022/", "/gr2026/", "Gemeenteraadsverkiezingen 2026"),
    "province": (
        "/gr2022/provincie/gelderland/",
        "/gr2026/provincie/gelderland/",
        "Provincie Gelderland · Gemeenteraadsverkiezingen 2026",
    ),
    "municipality": (
        "/gr2022/gemeente/ede/",
        "/gr2026/gemeente/ede/",
        "Gemeente Ede · Gemeenteraadsverkiezingen 2026",
    ),
    "agenda": ("/gr2022/agenda/", "/gr2026/", "Gemeenteraadsverkiezingen 2026"),
    "print": (
        "/gr2022/gemeente/ede/print/",
        "http://testserver/gr2026/gemeente/ede/",
        "Gemeente Ede · Gemeenteraadsverkiezingen 2026",
    ),
}


@pytest.mark.parametrize("page", ARCHIVED_PAGES)
def test_a_newer_campaign_archives_the_old_one_when_it_becomes_public(client, gr2022, clock, page):
    url, successor_url, label = ARCHIVED_PAGES[page]
    clock.set_dutch(datetime.date(2025, 11, 1))
    gr2026 = CampaignFactory(
        slug="gr2026",
        name="Gemeenteraadsverkiezingen 2026",
        election_date=ELECTION_DAY,
        published_at=datetime.datetime(2025, 12, 1, 9, tzinfo=clock.AMSTERDAM),
    )
    _manifesto(gr2026)
    assert notice(client.get(url)).startswith(
        "Na de verkiezingen De gemeenteraadsverkiezingen waren op woensdag 16 maart 2022."
    )

    clock.set(gr2026.published_at)
    response = client.get(url)

    assert notice(response) == (
        "Archief De gemeenteraadsverkiezingen waren op woensdag 16 maart 2022. Dit manifest "
        f"hoort bij die verkiezingen. Het nieuwste manifest: {label}"
    )
    assert notice_link(response) == [successor_url]


def test_staff_archive_and_the_pdf_carries_the_notice_with_its_address(client, gr2022, gr2026):
    gr2022.status = gr2022.Status.ARCHIVED
    gr2022.save()

    response = client.get("/gr2022/gemeente/ede/pdf/")

    content = pdf_text(response.content)
    assert "Archief De gemeenteraadsverkiezingen waren op woensdag 16 maart 2022." in content
    # On paper the link's address is printed after it (it may wrap at a slash).
    assert "(http://testserver/gr2026/gemeente/ede/)" in content.replace("/ ", "/")


def test_without_a_current_campaign_of_its_type_the_notice_names_the_next_election(
    client, clock, gelderland
):
    clock.set_dutch(datetime.date(2023, 1, 9))
    campaign = CampaignFactory(
        slug="ps2023",
        election_type=ElectionType.PROVINCIALE_STATEN,
        election_date=datetime.date(2023, 3, 15),
        archived=True,
    )
    EditionFactory(campaign=campaign, province=gelderland)
    # A current campaign of another type is no successor.
    _manifesto(CampaignFactory(slug="gr2026", election_date=ELECTION_DAY))
    url = "/ps2023/provincie/gelderland/"
    assert notice(client.get(url)) == (
        "Archief De Provinciale Statenverkiezingen waren op woensdag 15 maart 2023. Dit manifest "
        "hoort bij die verkiezingen. Naar de actuele campagnes"
    )

    UpcomingElection.objects.create(
        election_type=ElectionType.PROVINCIALE_STATEN, election_date=datetime.date(2027, 3, 17)
    )
    response = client.get(url)

    assert "De volgende zijn op woensdag 17 maart 2027." in notice(response)
    assert notice_link(response) == ["/"]


# --- the page cache follows the clock -----------------------------------------------------


def test_a_stored_page_changes_at_midnight_after_election_day(client, gr2026, clock):
    url = PAGES["municipality"]
    clock.set_dutch(ELECTION_DAY, 23, 59, 59)
    assert notice(client.get(url)) is None
    with page_queries() as queries:
        assert notice(client.get(url)) is None
    assert len(queries) == 0  # served from the page cache, nothing saved since

    clock.set_dutch(DAY_AFTER, 0, 0, 1)

    assert notice(client.get(url)).startswith(f"Na de verkiezingen {PAST}")


def test_a_stored_page_changes_when_the_term_is_over(client, gr2026, clock):
    url = PAGES["campaign"]
    clock.set_dutch(datetime.date(2030, 3, 18), 23, 59, 59)
    assert notice(client.get(url)).startswith("Na de verkiezingen")

    clock.set_dutch(datetime.date(2030, 3, 19), 0, 0, 1)

    assert notice(client.get(url)).startswith("Archief")


# --- the cost of a page -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/gr2022/gemeente/ede/", "/gr2022/provincie/gelderland/", "/gr2022/", "/gr2022/agenda/"]
)
def test_the_notices_cost_no_query(client, gr2022, clock, url):
    """The phase and where an archive notice leads are read with the campaign itself."""
    clock.set_dutch(datetime.date(2022, 2, 1))
    with page_queries() as campaigning:
        assert notice(client.get(url)) is None

    clock.set_dutch(datetime.date(2022, 3, 17))
    with page_queries() as following_through:
        assert notice(client.get(url)).startswith("Na de verkiezingen")

    _manifesto(CampaignFactory(slug="gr2026", election_date=ELECTION_DAY))
    with page_queries() as archived:
        assert notice_link(client.get(url))

    assert len(campaigning) == len(following_through) == len(archived)


# --- today, with the real campaigns ---------------------------------------------------------


def test_the_real_campaigns_on_7_december_2026(client, register, clock):
    clock.set_dutch(datetime.date(2026, 12, 7), 9)
    demo_content_load()

    gr2026 = client.get("/gr2026/gemeente/s-gravenhage/")
    tk2025 = client.get("/tk2025/")
    gr2022 = client.get("/gr2022/provincie/gelderland/")
    ps2023 = client.get("/ps2023/provincie/noord-holland/")
    tk2021 = client.get("/tk2021/")

    assert notice(gr2026).startswith(f"Na de verkiezingen {PAST}")
    assert notice(tk2025).startswith(
        "Na de verkiezingen De Tweede Kamerverkiezingen waren op woensdag 29 oktober 2025."
    )
    assert letter_links(gr2026) == letter_links(tk2025) == []
    assert client.get("/gr2026/gemeente/s-gravenhage/brief/").status_code == 410
    assert client.get("/tk2025/brief/").status_code == 410
    assert notice_link(gr2022) == ["/gr2026/provincie/gelderland/"]
    assert notice_link(tk2021) == ["/tk2025/"]
    assert "De volgende zijn op woensdag 17 maart 2027." in notice(ps2023)
    assert attrs(find(parse_page(ps2023), "aside", "phase-notice"))["class"] == (
        "phase-notice phase-notice--archived"
    )
