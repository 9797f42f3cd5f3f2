"""The agenda page in Chromium, at the widths of a phone (390 px) and a desktop (1280 px)."""

import pytest

from .conftest import ARTIFACTS


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["/gr2026/agenda/", "/tk2021/agenda/"])
def test_the_agenda_reads_well_at_phone_and_desktop_width(site, browser, width, path):
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="nl-NL")
    page = context.new_page()
    try:
        assert page.goto(site.url + path).status == 200
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        # The stylesheet of the page is applied: election day stands out.
        election = page.locator(".agenda-event--election")
        assert election.count() == 1
        background = election.evaluate("element => getComputedStyle(element).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent")
        assert page.locator(".agenda-event__badge").inner_text().lower() == "verkiezingsdag"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = path.strip("/").replace("/", "-")
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    finally:
        context.close()


def test_the_campaign_page_leads_to_the_agenda_and_its_feed(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(site.url + "/gr2026/")
        page.get_by_role("link", name="Agenda: de belangrijke data van deze verkiezingen").click()
        page.wait_for_url("**/gr2026/agenda/")
        assert "Agenda" in page.locator("h1").inner_text()
        feed = page.get_by_role("link", name="Download als iCalendar (.ics)")
        response = page.request.get(site.url + feed.get_attribute("href"))
        assert response.status == 200
        assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    finally:
        context.close()
