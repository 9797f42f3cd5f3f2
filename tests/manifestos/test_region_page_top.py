"""Names as people use them on a municipality's pages: the display name ("Den Haag") in
running text, the official one in headings and lists."""

from urllib.parse import unquote

import pytest

from tests.html import attr, find, find_all, hrefs, parse_page, text

pytestmark = pytest.mark.django_db


# --- names as people use them ---------------------------------------------------------


def meta_description(response):
    metas = find_all(parse_page(response), "meta")
    return next(attr(meta, "content") for meta in metas if attr(meta, "name") == "description")


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

    def test_the_letter_to_the_parties_names_den_haag(self, client, demo_content):
        page = parse_page(client.get("/gr2026/gemeente/s-gravenhage/brief/"))

        assert text(find(page, "h1")) == "Brief aan de politieke partijen in de gemeente Den Haag"
        letter = text(find(page, "textarea"))
        assert "toekomst van de gemeente Den Haag" in letter
        assert "'s-Gravenhage" not in letter

    def test_a_municipality_without_one_is_named_officially(self, client, demo_content):
        response = client.get("/gr2026/gemeente/bergen-nh/")

        assert meta_description(response).startswith("Wat kan de gemeente Bergen (NH.) doen")
