"""Long pages you can find your way in (issue: a campaign-grade look, point 2): each
manifesto page starts with a summary of its themes whose anchors all lead somewhere, the
campaign page puts the finder and the themes before the list of regions, and the province
page shows its municipalities before the manifesto."""

import pytest

from config.templatetags.typography import SOFT_HYPHEN, hyphenate
from tests.html import attr, by_id, find, find_all, hrefs, parse_page, text

pytestmark = pytest.mark.django_db

PAGES = [
    "/gr2026/",
    "/tk2025/",
    "/gr2026/gemeente/s-gravenhage/",
    "/gr2026/provincie/zuid-holland/",
    "/ps2023/provincie/noord-holland/",
    "/gr2022/provincie/gelderland/",
]


def position(html, needle):
    index = html.find(needle)
    assert index >= 0, f"{needle!r} is not on the page"
    return index


@pytest.mark.parametrize("url", PAGES)
def test_the_summary_lists_every_theme_and_each_anchor_leads_to_it(client, demo_content, url):
    page = parse_page(client.get(url))

    summary = by_id(page, "themas")
    links = hrefs(summary)
    themes = find_all(page, "section", "theme")
    assert len(links) == len(themes) >= 3
    for link, theme in zip(links, themes, strict=True):
        assert link == f"#{attr(theme, 'id')}"
        assert text(by_id(page, link[1:])).startswith(text(find(theme, "h2")))
    assert text(find(summary, "h2")) == f"In het kort: {len(themes)} thema’s"
    # Back to the summary at the end of every theme.
    for theme in themes:
        assert [attr(a, "href") for a in find_all(theme, "a", "jump-to-toc")] == ["#themas"]


def test_the_campaign_page_puts_its_summary_before_the_introduction_and_the_regions(
    client, demo_content
):
    html = client.get("/gr2026/").content.decode()

    finder = position(html, 'class="finder"')
    summary = position(html, 'id="themas"')
    assert finder < summary < position(html, 'id="letter-title"')
    assert summary < position(html, 'class="theme"') < position(html, 'id="chooser-title"')


def test_the_long_national_page_starts_with_its_summary_too(client, demo_content):
    html = client.get("/tk2025/").content.decode()

    assert position(html, 'id="themas"') < position(html, 'class="foreword"')


def test_the_province_page_shows_its_municipalities_before_the_manifesto(client, demo_content):
    response = client.get("/gr2026/provincie/zuid-holland/")
    html = response.content.decode()

    assert position(html, 'id="municipalities-title"') < position(html, 'class="edition"')
    listed = find(parse_page(response), "section", "chooser--province")
    assert text(find(listed, "summary")) == "Gemeenten in Zuid-Holland (50)"
    assert "/gr2026/gemeente/s-gravenhage/" in hrefs(listed)


def test_a_page_with_one_theme_has_no_jump_back(client, db):
    from tests.factories import CampaignFactory, EditionFactory, ThemeFactory

    campaign = CampaignFactory()
    ThemeFactory(edition=EditionFactory(campaign=campaign))

    page = parse_page(client.get(f"/{campaign.slug}/"))

    assert text(find(by_id(page, "themas"), "h2")) == "In het kort: 1 thema"
    assert not find_all(page, "a", "jump-to-toc")


class TestHyphenate:
    def test_long_words_break_at_their_syllables(self):
        assert hyphenate("Gemeenteraadsverkiezingen 2026") == (
            f"Gemeen{SOFT_HYPHEN}te{SOFT_HYPHEN}raads{SOFT_HYPHEN}ver"
            f"{SOFT_HYPHEN}kie{SOFT_HYPHEN}zin{SOFT_HYPHEN}gen 2026"
        )

    def test_short_words_are_left_alone(self):
        assert hyphenate("Een gemeente met vakmensen") == "Een gemeente met vakmensen"

    def test_the_card_title_is_hyphenated_and_reads_the_same(self, client, demo_content):
        html = client.get("/").content.decode()

        assert f"Gemeen{SOFT_HYPHEN}te{SOFT_HYPHEN}raads" in html
        cards = [
            text(card) for card in find_all(parse_page(client.get("/")), "li", "campaign-card")
        ]
        assert any("Gemeenteraadsverkiezingen 2026" in card for card in cards)

    def test_markup_is_still_escaped(self, client, db):
        from tests.factories import CampaignFactory, EditionFactory

        campaign = CampaignFactory(name="<script>alert(1)</script>Verkiezingsprogramma")
        EditionFactory(campaign=campaign)

        html = client.get(f"/{campaign.slug}/").content.decode()

        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;Ver" in html
