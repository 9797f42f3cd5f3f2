"""Web copy apart from e-mail copy: a page or PDF speaks to its visitor, the member e-mail to
the member who reads it in the inbox.

The campaign has a web introduction and a call to politicians (signed by its chair) for the
site and the PDF; the member e-mail stays in `intro_letter`, on no page. No page or PDF of the
demo content says "hieronder", "deze e-mail", "button" or "scan de QR-code", nor "scan"
anywhere without a QR code on it (manifestos/demo/README.md, "Web copy and e-mail copy").
"""

import datetime
import re

import pytest

from campaigns.models import Campaign
from manifestos.publication_warnings import campaign_warnings
from manifestos.transfer.demo import demo_content_load
from manifestos.transfer.export import content_export
from manifestos.transfer.importer import content_import
from regions.models import Province
from tests.factories import CampaignFactory, EditionFactory, MunicipalityFactory
from tests.html import find, find_all, hrefs, parse_page, text, text_as_read
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db

# What only an e-mail (or the paper flyer) can say.
E_MAIL_PHRASES = ["hieronder", "deze e-mail", "button", "scan de qr-code"]
GR2026_CALL = (
    "Kies voor ‘Gemaakt in jouw gemeente!’ Neem de MKB-maakindustrie op in je verkiezingsprogramma."
)
CHAIR = "Mark Helder, Voorzitter Koninklijke Metaalunie"
FLYER = (
    "https://mcusercontent.com/f8e89a4842276114c7a07ddca/files/"
    "5b123d99-7812-b6b3-be45-a6cabc196c58/Gemeenteraad_verkiezing_2026_flyer.pdf"
)
CAMPAIGN_PAGE = "https://metaalunie.nl/Lobby/Gemeenteraadsverkiezingen-2026"


def visible_text(response):
    return text(parse_page(response)).lower()


def assert_says_nothing_only_an_e_mail_can(url, said, *, has_qr_code=False):
    said = said.lower()
    for phrase in E_MAIL_PHRASES:
        assert phrase not in said, f"{url} says {phrase!r}"
    if not has_qr_code:
        assert not re.search(r"\bscan\b", said), f"{url} asks to scan, without a QR code"


def demo_pages():
    """Every public page kind of the demo content: the home page, every campaign, every
    GR2026 province with its first municipality, samples of the other campaigns, the print
    pages, the letter kits, the agenda, the comparison and the search."""
    urls = ["/", "/zoeken/?q=vakmensen", "/zoeken/?q=den+haag", "/gr2026/agenda/"]
    urls += [f"/{campaign.slug}/" for campaign in Campaign.objects.all()]
    urls += ["/gr2026/vergelijk/", "/tk2025/brief/", "/gr2026/gemeente/s-gravenhage/brief/"]
    for province in Province.objects.order_by("name"):
        urls.append(f"/gr2026/provincie/{province.slug}/")
        first = province.municipalities.current().order_by("name").first()
        urls.append(f"/gr2026/gemeente/{first.slug}/")
    urls += [
        "/gr2026/gemeente/s-gravenhage/",
        "/gr2026/gemeente/amsterdam/?van=weesp",
        "/gr2026/gemeente/voorne-aan-zee/print/",
        "/ps2023/provincie/noord-holland/",
        "/ps2023/provincie/noord-holland/print/",
        "/ps2023/gemeente/haarlem/",
        "/gr2022/provincie/gelderland/",
        "/gr2022/provincie/gelderland/print/",
        "/gr2022/gemeente/arnhem/",
    ]
    return urls


class TestNoPageSaysWhatOnlyAnEmailCan:
    def test_every_public_page(self, client, demo_content):
        urls = demo_pages()
        assert len(urls) > 40

        for url in urls:
            response = client.get(url)
            # After election day the letter kits answer 410 with a page of their own.
            assert response.status_code in ((200, 410) if "/brief/" in url else (200,)), url
            assert_says_nothing_only_an_e_mail_can(
                url, visible_text(response), has_qr_code=url.endswith("/print/")
            )

    def test_the_feed(self, client, demo_content):
        feed = client.get("/feeds/campagnes.atom")

        assert feed.status_code == 200
        assert_says_nothing_only_an_e_mail_can("/feeds/campagnes.atom", feed.content.decode())

    @pytest.mark.parametrize(
        "url",
        ["/gr2026/gemeente/s-gravenhage/pdf/", "/ps2023/provincie/noord-holland/pdf/"],
    )
    def test_the_pdfs(self, client, demo_content, url):
        response = client.get(url)

        assert response["Content-Type"] == "application/pdf"
        assert_says_nothing_only_an_e_mail_can(url, pdf_text(response.content), has_qr_code=True)

    def test_the_member_e_mail_stays_for_the_letter_kit(self, demo_content):
        """Kept as the members got it, e-mail wording and all; no page shows it."""
        letter = Campaign.objects.get(slug="gr2026").intro_letter

        assert "We verzoeken je vriendelijk deze e-mail met ons manifest door te sturen" in letter
        assert "Via de button onderaan" in letter


@pytest.fixture
def before_election_day(clock, register):
    """The demo content as it was six weeks before the GR2026 election day."""
    clock.set_dutch(datetime.date(2026, 2, 1))
    return demo_content_load()


@pytest.fixture
def after_election_day(clock, register):
    """The demo content on 7 December 2026: GR2026's election day is over."""
    clock.set_dutch(datetime.date(2026, 2, 1))
    report = demo_content_load()
    clock.set_dutch(datetime.date(2026, 12, 7))
    return report


class TestGR2026:
    def test_the_campaign_page_introduces_the_manifesto_to_its_visitors(
        self, client, before_election_day
    ):
        page = parse_page(client.get("/gr2026/"))

        intro = text(find(page, "section", "letter"))
        assert intro.startswith("Inleiding Op woensdag 18 maart 2026 gaat Nederland")
        assert "leefbaarheid in de gemeente." in intro
        assert "Kies voor ‘Gemaakt in Nederland’" not in intro
        call = find(page, "figure", "call-to-action")
        assert text(find(call, "blockquote")) == GR2026_CALL
        assert text(find(call, "figcaption")) == CHAIR

    def test_the_campaign_page_offers_the_flyer_and_the_associations_page(
        self, client, demo_content
    ):
        links = hrefs(parse_page(client.get("/gr2026/")))

        assert FLYER in links
        assert CAMPAIGN_PAGE in links

    @pytest.mark.parametrize(
        "url",
        [
            "/gr2026/gemeente/s-gravenhage/",
            "/gr2026/gemeente/sudwest-fryslan/",
            "/gr2026/provincie/noord-holland/",
        ],
    )
    def test_every_regional_page_carries_the_call_and_the_flyer(
        self, client, before_election_day, url
    ):
        page = parse_page(client.get(url))

        call = find(page, "figure", "call-to-action")
        assert text(find(call, "blockquote")) == GR2026_CALL
        assert text(find(call, "figcaption")) == CHAIR
        assert FLYER in hrefs(find(page, "ul", "page-actions"))

    def test_the_pdf_carries_the_call(self, client, before_election_day):
        said = pdf_text(client.get("/gr2026/gemeente/s-gravenhage/pdf/").content)

        assert GR2026_CALL in said
        assert "Mark Helder, Voorzitter Koninklijke Metaalunie" in said

    def test_the_edition_points_to_the_printed_address_as_a_link(self, client, demo_content):
        page = parse_page(client.get("/gr2026/gemeente/s-gravenhage/"))

        intro = find(page, "div", "edition__intro")
        assert text_as_read(intro).endswith(
            "Voor al onze gedetailleerde plannen: bezoek metaalunie.nl/GR26."
        )
        assert hrefs(intro) == ["https://metaalunie.nl/GR26"]


class TestAfterElectionDay:
    """From the midnight after election day only the follow-up copy is shown: nothing
    that announces the election or asks for a programme still to be written."""

    FOLLOW_UP_CALL = "Kies voor ‘Gemaakt in jouw gemeente!’"
    ANNOUNCEMENTS = ["gaat nederland naar de stembus", "in je verkiezingsprogramma"]

    @pytest.mark.parametrize(
        "url",
        [
            "/gr2026/",
            "/gr2026/gemeente/s-gravenhage/",
            "/gr2026/provincie/noord-holland/",
            "/gr2026/gemeente/s-gravenhage/print/",
        ],
    )
    def test_the_pages_carry_the_follow_up_call_and_no_announcement(
        self, client, after_election_day, url
    ):
        response = client.get(url)
        page = parse_page(response)

        call = find(page, "figure", "call-to-action")
        assert text(find(call, "blockquote")) == self.FOLLOW_UP_CALL
        assert text(find(call, "figcaption")) == CHAIR
        said = visible_text(response)
        for announcement in self.ANNOUNCEMENTS:
            assert announcement not in said, url
        assert "de gemeenteraadsverkiezingen waren op woensdag 18 maart 2026" in said

    def test_the_campaign_page_introduces_it_without_the_election_to_come(
        self, client, after_election_day
    ):
        intro = text(find(parse_page(client.get("/gr2026/")), "section", "letter"))

        assert intro.startswith("Inleiding Bedrijven in onder andere metaalbewerking")
        assert "leefbaarheid in de gemeente." in intro

    def test_the_pdf_carries_the_follow_up_call(self, client, after_election_day):
        said = pdf_text(client.get("/gr2026/gemeente/s-gravenhage/pdf/").content)

        assert self.FOLLOW_UP_CALL in said
        # The manifesto itself stays as it was published, under the past-tense notice.
        assert GR2026_CALL not in said
        assert "legde dit manifest vóór de verkiezingen aan de politieke partijen voor" in said
        assert "Mark Helder, Voorzitter Koninklijke Metaalunie" in said

    def test_the_switch_happens_at_the_midnight_after_election_day(
        self, client, before_election_day, clock
    ):
        clock.set_dutch(datetime.date(2026, 3, 18), 23, 59, 59)
        before = find(parse_page(client.get("/gr2026/")), "figure", "call-to-action")
        clock.set_dutch(datetime.date(2026, 3, 19), 0, 0, 1)
        after = find(parse_page(client.get("/gr2026/")), "figure", "call-to-action")

        assert text(find(before, "blockquote")) == GR2026_CALL
        assert text(find(after, "blockquote")) == self.FOLLOW_UP_CALL

    def test_without_follow_up_copy_no_introduction_or_call_is_shown(self, client, db, clock):
        clock.set_dutch(datetime.date(2026, 2, 1))
        campaign = CampaignFactory(
            election_date=datetime.date(2026, 3, 18),
            web_intro="Op 18 maart gaan we naar de stembus.",
            call_to_action="Neem ons op in uw programma.",
        )
        EditionFactory(campaign=campaign)
        clock.set_dutch(datetime.date(2026, 3, 19))

        response = client.get(f"/{campaign.slug}/")

        assert "stembus" not in visible_text(response)
        assert "programma" not in visible_text(response)
        assert not find_all(parse_page(response), "figure", "call-to-action")

    def test_staff_are_told_before_they_publish(self, db, clock):
        campaign = CampaignFactory(
            web_intro="Op 18 maart gaan we naar de stembus.",
            call_to_action="Neem ons op in uw programma.",
            follow_up_call_to_action="Neem ons op in het akkoord.",
        )

        warnings = campaign_warnings(campaign=campaign)

        [warning] = [w for w in warnings if "na de verkiezingen" in str(w.message)]
        assert [item.label for item in warning.items] == ["Introductie op de website"]

    def test_the_follow_up_copy_travels_with_the_content(self, after_election_day):
        exported = content_export()
        gr2026 = next(c for c in exported["campaigns"] if c["slug"] == "gr2026")
        assert gr2026["follow_up_call_to_action"] == self.FOLLOW_UP_CALL

        content_import(data=exported, replace=True)

        campaign = Campaign.objects.get(slug="gr2026")
        assert campaign.follow_up_intro.startswith("<p>Bedrijven in onder andere metaalbewerking")


def test_campaigns_without_a_call_or_links_show_none(client, demo_content):
    for url in ["/ps2023/", "/ps2023/provincie/noord-holland/", "/tk2021/"]:
        page = parse_page(client.get(url))
        assert not find_all(page, "figure", "call-to-action"), url
        assert not find_all(page, "p", "campaign-links"), url


def test_tk2025_introduces_itself_with_its_opening_paragraphs(client, register, clock):
    clock.set_dutch(datetime.date(2025, 9, 1))
    demo_content_load()
    before = text(find(parse_page(client.get("/tk2025/")), "section", "letter"))
    clock.set_dutch(datetime.date(2025, 10, 30))
    after = text(find(parse_page(client.get("/tk2025/")), "section", "letter"))

    assert before.startswith("Inleiding Op 29 oktober 2025 vinden de Tweede Kamerverkiezingen")
    assert after.startswith("Inleiding De mkb-maakindustrie is de stille kracht")


def test_the_member_e_mail_is_never_the_introduction(client, db):
    """A campaign with an e-mail but no web introduction shows no introduction at all."""
    campaign = CampaignFactory(
        intro_letter="Stuur deze e-mail door; de contactgegevens vind je hieronder.", web_intro=""
    )
    EditionFactory(campaign=campaign)
    municipality = MunicipalityFactory()

    for url in [f"/{campaign.slug}/", f"/{campaign.slug}/gemeente/{municipality.slug}/"]:
        response = client.get(url)
        assert "deze e-mail" not in visible_text(response), url
        assert not find_all(parse_page(response), "section", "letter"), url


def test_an_uploaded_flyer_goes_before_the_link(client, db):
    campaign = CampaignFactory(flyer="flyers/gr.pdf", flyer_url="https://example.org/flyer.pdf")
    EditionFactory(campaign=campaign)

    links = hrefs(find(parse_page(client.get(f"/{campaign.slug}/")), "ul", "page-actions"))

    assert "/media/flyers/gr.pdf" in links
    assert "https://example.org/flyer.pdf" not in links


def test_a_call_without_a_signatory_is_shown_unsigned(client, db):
    campaign = CampaignFactory(
        call_to_action="Kies voor vakmensen.",
        follow_up_call_to_action="Kies voor vakmensen.",
        foreword_author="",
    )
    EditionFactory(campaign=campaign)

    call = find(parse_page(client.get(f"/{campaign.slug}/")), "figure", "call-to-action")

    assert text(call) == "Kies voor vakmensen."
    assert not find_all(call, "figcaption")


def test_a_script_address_written_past_the_form_never_becomes_a_link(client, db):
    campaign = CampaignFactory(web_intro="Welkom.")
    EditionFactory(campaign=campaign)
    Campaign.objects.filter(pk=campaign.pk).update(
        flyer_url="javascript:alert(1)", campaign_page_url="JavaScript:alert(2)"
    )

    response = client.get(f"/{campaign.slug}/")

    assert "alert(" not in response.content.decode()
    api = client.get(f"/api/v1/campaigns/{campaign.slug}/").json()
    assert (api["flyer_url"], api["campaign_page_url"]) == (None, None)
