"""The back office in a real browser: reorder themes with the buttons, and preview a page."""

import re

from manifestos.models import Edition

GR2026_THEMES = [
    "Een gemeente met voldoende banen voor vakmensen",
    "Een duurzaam ondernemende gemeente",
    "Een ondernemende en aantrekkelijke gemeente",
    "Een innovatieve gemeente",
]


def public_theme_titles(page, url):
    page.goto(url)
    # Without the soft hyphens of long words (config/templatetags/typography.py).
    names = page.locator(".theme__title .theme__name").all_inner_texts()
    return [name.replace("\u00ad", "") for name in names]


def test_a_theme_moved_up_with_the_buttons_keeps_its_place_on_the_public_page(
    site, logged_in, screenshot
):
    page = logged_in
    assert public_theme_titles(page, site.url + "/gr2026/") == GR2026_THEMES
    edition = Edition.objects.get(campaign__slug="gr2026", province=None, municipality=None)
    page.goto(site.url + f"/admin/manifestos/edition/{edition.pk}/change/")

    move_up = page.get_by_role("button", name="Omhoog: Een innovatieve gemeente")
    move_up.click()
    # The focus stays on the button, so a keyboard user moves the theme on with Enter.
    assert move_up.evaluate("button => button === document.activeElement")
    page.keyboard.press("Enter")
    assert page.get_by_role("status").filter(has_text="plaats 2 van 4").is_visible()
    screenshot("admin-ordering-moved")
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/admin/manifestos/edition/$"))

    assert public_theme_titles(page, site.url + "/gr2026/") == [
        "Een gemeente met voldoende banen voor vakmensen",
        "Een innovatieve gemeente",
        "Een duurzaam ondernemende gemeente",
        "Een ondernemende en aantrekkelijke gemeente",
    ]


def test_the_flyer_length_advice_counts_while_typing(site, logged_in):
    page = logged_in
    edition = Edition.objects.get(campaign__slug="gr2026", province=None, municipality=None)
    page.goto(site.url + f"/admin/manifestos/edition/{edition.pk}/change/")
    title = page.locator("#id_themes-0-title")
    counter = page.locator("#id_themes-0-title-charcount")

    title.fill("Kort")
    assert counter.inner_text() == "4 / 70 tekens (advies)"
    title.fill("x" * 75)

    assert counter.inner_text() == "75 / 70 tekens (advies) — 5 te veel voor de flyer"
    assert title.get_attribute("aria-describedby").endswith("id_themes-0-title-charcount")


def test_the_preview_is_marked_and_accessible(site, logged_in, axe, screenshot):
    page = logged_in

    response = page.goto(site.url + "/voorbeeld/gr2026/gemeente/voorne-aan-zee/")

    assert response.status == 200
    assert response.headers["x-robots-tag"] == "noindex"
    assert page.get_by_text("Voorbeeld", exact=True).is_visible()
    screenshot("admin-preview")
    assert axe() == []
