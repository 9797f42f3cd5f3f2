"""WCAG 2.1 AA, checked by axe-core in real headless Chromium, at phone and desktop width."""

import pytest

PAGES = {
    "home": "/",
    "campaign": "/gr2026/",
    "province": "/ps2023/provincie/noord-holland/",
    "municipality": "/gr2026/gemeente/voorne-aan-zee/",
    "municipality-after-a-merger": "/gr2026/gemeente/amsterdam/?van=weesp",
    "municipality-with-figures": "/gr2022/gemeente/arnhem/",
    "national-campaign": "/tk2025/",
    "agenda": "/gr2026/agenda/",
    "search": "/zoeken/?q=regeldruk",
    "search-without-results": "/zoeken/?q=ruimtevaart",
    "search-for-a-place": "/zoeken/?q=den+haag",
    "municipality-search": "/gemeenten/zoeken/?q=bergen",
    "print": "/gr2026/gemeente/voorne-aan-zee/print/",
    "api-documentation": "/api/",
    "not-found": "/deze-pagina-bestaat-niet/",
    "about-this-site": "/over-deze-site/",
    "privacy": "/privacy/",
    "contact": "/contact/",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_accessibility_violations(site, page, axe, screenshot, name):
    response = page.goto(site.url + PAGES[name])
    assert response.status == (404 if name == "not-found" else 200)
    screenshot(f"a11y-{name}")

    assert axe() == []


def test_keyboard_users_can_skip_to_the_content(site, page):
    page.goto(site.url + "/gr2026/gemeente/s-gravenhage/")
    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    assert skip_link.evaluate("element => element === document.activeElement")
    assert skip_link.is_visible()

    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#inhoud"


def test_page_is_in_dutch_with_one_main_heading(site, page):
    page.goto(site.url + "/gr2026/gemeente/sudwest-fryslan/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").count() == 1
    assert "Súdwest-Fryslân" in page.locator("h1").inner_text()


def test_no_request_leaves_the_site(site, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site.url + "/gr2022/gemeente/arnhem/")
    page.wait_for_load_state("networkidle")

    assert requested
    assert [url for url in requested if not url.startswith(site.url)] == []


def test_nothing_is_wider_than_a_320_pixel_screen(site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        for path in [
            "/",
            "/gr2026/",
            "/gr2026/gemeente/sudwest-fryslan/",
            "/tk2025/",
            "/gr2026/agenda/",
            "/privacy/",
            "/deze-pagina-bestaat-niet/",
        ]:
            page.goto(site.url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
    finally:
        context.close()
