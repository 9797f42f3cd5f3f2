"""The person to call first: on a 375 × 740 phone every municipality and province page shows,
within its first screen, who to call, with phone and e-mail as links and a jump to the full
card. Screenshots of each page's first screen go to var/test-artifacts/."""

import datetime

import pytest

from tests.browser.conftest import ARTIFACTS

PHONE = {"width": 375, "height": 740}
PAGES = [
    # A person (the regiosecretaris of Noord-Holland) on the page that was 18 screens long.
    ("/ps2023/provincie/noord-holland/", "Monique van der Voort"),
    ("/ps2023/gemeente/alkmaar/", "Monique van der Voort"),
    # No person for GR2026: the association's office.
    ("/gr2026/gemeente/s-gravenhage/", "Koninklijke Metaalunie"),
    ("/gr2026/gemeente/sudwest-fryslan/", "Koninklijke Metaalunie"),
    ("/gr2026/provincie/noord-holland/", "Koninklijke Metaalunie"),
    ("/gr2022/provincie/gelderland/", "Koninklijke Metaalunie"),
    # After the redirect from a dissolved municipality, with its one-line notice on top.
    ("/gr2026/gemeente/weesp/", "Koninklijke Metaalunie"),
]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize(("path", "who"), PAGES, ids=[path for path, _who in PAGES])
def test_the_contact_line_is_on_the_first_screen(site, phone, path, who):
    phone.goto(site.url + path)

    line = phone.locator(".contact-line")
    box = line.bounding_box()
    assert box is not None, "no contact line"
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (
        f"the contact line ends at {box['y'] + box['height']:.0f} px, below the first screen"
    )
    assert phone.evaluate("window.scrollY") == 0
    assert who in line.inner_text()
    for kind in ("tel:", "mailto:"):
        link = line.locator(f"a[href^='{kind}']")
        assert link.count() == 1 and link.is_visible(), f"no visible {kind} link"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = path.strip("/").replace("/", "-")
    phone.screenshot(path=str(ARTIFACTS / f"first-screen-{name}-375.png"))


def test_the_jump_leads_to_the_full_card(site, phone):
    phone.goto(site.url + "/ps2023/provincie/noord-holland/")
    card = phone.get_by_role("heading", name="Uw contactpersoon")
    assert not card.is_visible() or card.bounding_box()["y"] > PHONE["height"]

    phone.locator(".contact-line").get_by_role("link", name="Alle contactgegevens").click()

    box = card.bounding_box()
    assert 0 <= box["y"] < PHONE["height"]
    assert phone.url.endswith("#contact-title")


def _within_first_screen(page, selector):
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"no {selector}"
    return box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def test_after_election_day_the_call_the_notice_and_the_person_come_first(site, phone):
    """The issue's own example, as on 7 December 2026 (and any later day, until GR2030 is
    public): the Hague page of GR2026 opens with the person to call, the honest
    past-tense notice and the call to politicians. The demo content is loaded today, so
    the clock is not moved back."""
    assert datetime.date.today() > datetime.date(2026, 3, 18)
    phone.goto(site.url + "/gr2026/gemeente/s-gravenhage/")

    for selector in (".contact-line", ".phase-notice", ".call-to-action"):
        assert _within_first_screen(phone, selector), f"{selector} is below the first screen"
    assert "waren op woensdag 18 maart 2026" in phone.locator(".phase-notice").inner_text()
    assert phone.locator(".call-to-action blockquote").inner_text() == (
        "Kies voor ‘Gemaakt in jouw gemeente!’"
    )
    assert phone.locator(".staff-note").count() == 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "first-screen-after-election-s-gravenhage-375.png"))
