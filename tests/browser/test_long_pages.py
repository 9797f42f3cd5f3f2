"""Long pages on a phone (375 px): the summary of themes within two screens, and from deep
inside the manifesto the "Naar thema" link at the end of a theme leads back to it, from
where every theme is one tap away. Screenshots go to var/test-artifacts/."""

import pytest

from tests.browser.conftest import ARTIFACTS

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize("path", ["/gr2026/", "/tk2025/", "/gr2026/gemeente/s-gravenhage/"])
def test_the_summary_is_within_two_screens_and_the_jump_leads_back(site, phone, path):
    phone.goto(site.url + path)
    summary = phone.locator("#themas")
    assert summary.bounding_box()["y"] < 2 * PHONE["height"], "the summary is too far down"

    # At the end of the third theme: the way back.
    jump = phone.locator(".theme").nth(2).get_by_role("link", name="Naar thema")
    jump.scroll_into_view_if_needed()
    box = jump.bounding_box()
    assert box["y"] > 0 and box["y"] + box["height"] <= PHONE["height"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = path.strip("/").replace("/", "-")
    phone.screenshot(path=str(ARTIFACTS / f"long-page-{name}-375.png"))

    jump.click()
    assert -1 <= summary.bounding_box()["y"] < PHONE["height"]
    # One tap from the summary to the fourth theme.
    fourth = phone.locator(".theme").nth(3)
    summary.get_by_role("link").nth(3).click()
    assert -1 <= fourth.bounding_box()["y"] < PHONE["height"] / 2
