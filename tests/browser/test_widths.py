"""Every kind of public page at a phone's, a tablet's and a laptop's width (375, 768 and
1280 px): nothing sticks out sideways, and at 1280 px the person to call and the figures
stand beside the start of the manifesto, not after it. The screenshots of each page at
each width go to var/test-artifacts/width-<page>-<width>.png, to look at."""

import pytest

from tests.browser.conftest import ARTIFACTS

WIDTHS = [375, 768, 1280]

PAGES = {
    "home": "/",
    "campaign": "/gr2026/",
    "national-campaign": "/tk2025/",
    "province": "/ps2023/provincie/noord-holland/",
    "municipality": "/gr2026/gemeente/s-gravenhage/",
    "search": "/zoeken/?q=regeldruk",
    "not-found": "/deze-pagina-bestaat-niet/",
    "about-this-site": "/over-deze-site/",
    "privacy": "/privacy/",
    "contact": "/contact/",
}

# How far the page reaches sideways beyond the window (0 when nothing sticks out).
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def window(browser):
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_fits_every_width(site, window, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        window.set_viewport_size({"width": width, "height": 900})
        response = window.goto(site.url + PAGES[name])
        assert response.status == (404 if name == "not-found" else 200)
        assert window.evaluate(OVERFLOW) <= 0, f"{name} sticks out sideways at {width} px"
        assert window.locator("h1").is_visible()
        window.screenshot(path=str(ARTIFACTS / f"width-{name}-{width}.png"), full_page=True)


# The texts of the manifesto that a "Naar thema" link in view lies over, if any.
TEXT_UNDER_THE_JUMP = """() => {
  const jumps = [...document.querySelectorAll(".jump-to-toc")]
    .map((jump) => jump.getBoundingClientRect())
    .filter((box) => box.height && box.bottom > 0 && box.top < innerHeight);
  return [...document.querySelectorAll(".edition p, .edition li")]
    .filter((text) => {
      const box = text.getBoundingClientRect();
      return jumps.some((jump) => box.left < jump.right && jump.left < box.right
        && box.top < jump.bottom && jump.top < box.bottom);
    })
    .map((text) => text.textContent.trim().slice(0, 60));
}"""


def test_at_375_the_jump_back_to_the_themes_covers_no_text(site, window):
    window.goto(site.url + "/gr2026/gemeente/utrecht/")
    assert window.locator(".jump-to-toc").first.is_visible()
    height = window.evaluate("document.documentElement.scrollHeight")

    for top in range(0, height, 450):  # the whole page, half a screen at a time
        window.evaluate(f"window.scrollTo(0, {top})")
        assert window.evaluate(TEXT_UNDER_THE_JUMP) == [], f"covered at {top} px"


def test_at_1280_the_side_column_starts_beside_the_manifesto(site, window):
    window.set_viewport_size({"width": 1280, "height": 900})
    window.goto(site.url + "/gr2026/gemeente/s-gravenhage/")
    main = window.locator(".page-grid__main").bounding_box()
    aside = window.locator(".page-aside").bounding_box()

    assert aside["x"] >= main["x"] + main["width"], "the side column is not beside the text"
    assert abs(aside["y"] - main["y"]) < 50, "the side column does not start with the text"
    # A comfortable measure: the manifesto's paragraphs are not wider than about 80 characters.
    paragraph = window.locator(".edition p").first.bounding_box()
    assert paragraph["width"] <= 760
