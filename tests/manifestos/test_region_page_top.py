"""The top of a province or municipality page: the person to call, in one line on the first
screen (tests/browser/test_first_screen.py measures that), and the names as people use them:
the display name ("Den Haag") in running text, the official one in headings and lists."""

import datetime
from urllib.parse import unquote

import pytest

from tests.factories import (
    CampaignFactory,
    ContactFactory,
    DistrictFactory,
    EditionFactory,
    MunicipalityFactory,
    ProvinceFactory,
)
from tests.html import attr, by_id, find, find_all, hrefs, parse_page, text

pytestmark = pytest.mark.django_db


def contact_line(response):
    return find(find(parse_page(response), "header", "page-header"), "p", "contact-line")


# --- the person to call ---------------------------------------------------------------


class TestContactLine:
    def test_the_regional_contact_with_phone_and_e_mail_as_links(self, client, demo_content):
        response = client.get("/ps2023/provincie/noord-holland/")

        line = contact_line(response)
        assert text(line) == (
            "Uw contactpersoon: Monique van der Voort (Regiosecretaris Metaalunie) "
            "06 - 111 708 71 voort@metaalunie.nl Alle contactgegevens"
        )
        assert hrefs(line) == ["tel:+31611170871", "mailto:voort@metaalunie.nl", "#contact-title"]
        # The jump lands on the full card.
        target = by_id(parse_page(response), "contact-title")
        assert text(target) == "Uw contactpersoon"

    def test_without_a_person_the_associations_office(self, client, demo_content):
        line = contact_line(client.get("/gr2026/gemeente/voorne-aan-zee/"))

        assert text(line).startswith("Neem contact op met: Koninklijke Metaalunie 030 - 605 33 44")
        assert hrefs(line) == ["tel:+31306053344", "mailto:info@metaalunie.nl", "#contact-title"]

    def test_it_comes_before_the_manifesto(self, client, demo_content):
        html = client.get("/ps2023/provincie/noord-holland/").content.decode()

        assert html.index('class="contact-line"') < html.index('class="edition"')

    def test_the_line_and_the_card_name_the_same_person(self, client, db):
        district = DistrictFactory()
        municipality = MunicipalityFactory(province=ProvinceFactory(district=district))
        ContactFactory(name="Regio Manager", district=district, email="", phone="030 - 1")
        named = ContactFactory(name="Genoemde Persoon", phone="", email="genoemd@metaalunie.nl")
        campaign = CampaignFactory()
        EditionFactory(campaign=campaign, contact=named)

        response = client.get(f"/{campaign.slug}/gemeente/{municipality.slug}/")

        line = contact_line(response)
        assert "Genoemde Persoon" in text(line)
        assert "Regio Manager" not in text(line)
        # Only what the person has: no phone link without a phone.
        assert hrefs(line) == ["mailto:genoemd@metaalunie.nl", "#contact-title"]

    def test_every_region_page_kind_has_it(self, client, demo_content):
        for url in [
            "/gr2026/provincie/zuid-holland/",
            "/gr2026/gemeente/s-gravenhage/",
            "/ps2023/gemeente/haarlem/",
            "/gr2022/provincie/gelderland/",
            "/gr2022/gemeente/arnhem/",
        ]:
            assert len(find_all(parse_page(client.get(url)), "p", "contact-line")) == 1, url


# --- names as people use them ---------------------------------------------------------


def meta_description(response):
    metas = find_all(parse_page(response), "meta")
    return next(attr(meta, "content") for meta in metas if attr(meta, "name") == "description")


@pytest.fixture
def before_election_day(clock):
    """The letter kit exists until election day; set before the demo content is loaded, so
    that it is published at that moment too."""
    clock.set_dutch(datetime.date(2025, 9, 1))


class TestDisplayName:
    def test_headings_and_lists_keep_the_official_name(self, client, demo_content):
        page = parse_page(client.get("/gr2026/gemeente/s-gravenhage/"))

        assert text(find(page, "h1")) == "Gemeente 's-Gravenhage"
        assert text(find(page, "nav", "breadcrumbs")).endswith("'s-Gravenhage")
        listed = parse_page(client.get("/gr2026/provincie/zuid-holland/"))
        assert "'s-Gravenhage" in text(find(listed, "ul", "chooser__municipalities"))

    def test_running_text_uses_the_name_people_use(self, client, demo_content):
        response = client.get("/gr2026/gemeente/s-gravenhage/")

        assert meta_description(response).startswith("Wat kan de gemeente Den Haag doen")
        share = next(
            href for href in hrefs(parse_page(response)) if href and href.startswith("mailto:?")
        )
        assert "voor de gemeente Den Haag" in unquote(share)

    def test_the_letter_to_the_parties_names_den_haag(
        self, before_election_day, client, demo_content
    ):
        page = parse_page(client.get("/gr2026/gemeente/s-gravenhage/brief/"))

        assert text(find(page, "h1")) == "Brief aan de politieke partijen in de gemeente Den Haag"
        letter = text(find(page, "textarea"))
        assert "toekomst van de gemeente Den Haag" in letter
        assert "'s-Gravenhage" not in letter

    def test_a_municipality_without_one_is_named_officially(self, client, demo_content):
        response = client.get("/gr2026/gemeente/bergen-nh/")

        assert meta_description(response).startswith("Wat kan de gemeente Bergen (NH.) doen")

    def test_the_merger_line_is_running_text_too(self, client, db):
        new = MunicipalityFactory(name="Nieuwstad-Officieel", display_name="Nieuwstad")
        old = MunicipalityFactory(
            name="Oudstad-Officieel",
            display_name="Oudstad",
            valid_until=datetime.date(2024, 1, 1),
            successors=[new],
        )
        campaign = CampaignFactory()
        EditionFactory(campaign=campaign)

        redirect = client.get(f"/{campaign.slug}/gemeente/{old.slug}/")
        page = parse_page(client.get(redirect["Location"]))

        assert text(find(page, "p", "merger-notice")) == (
            "Oudstad hoort sinds 1 januari 2024 bij Nieuwstad."
        )
        assert text(find(page, "h1")) == "Gemeente Nieuwstad-Officieel"
