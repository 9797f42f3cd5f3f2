"""The site and the admin work under their own Content-Security-Policy, in a real browser.

The shared `page` fixture bypasses the CSP (to inject axe-core); this test uses `strict_page`
(tests/browser/conftest.py), whose context enforces it, and fails on any violation the
browser reports.
"""

import re

from manifestos.models import Edition
from tests.browser.conftest import csp_violations as _violations
from tests.browser.conftest import superuser_log_in


def test_the_site_and_the_admin_run_without_a_single_csp_violation(site, strict_page):
    page, problems = strict_page

    # Home: the municipality finder (external script) suggests while typing.
    response = page.goto(site.url + "/")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    field = page.get_by_role("combobox", name="Vind uw gemeente")
    field.press_sequentially("voorne", delay=30)
    option = page.get_by_role("option", name=re.compile("Voorne aan Zee"))
    option.wait_for()
    assert _violations(page) == []
    field.press("ArrowDown")
    field.press("Enter")

    # A municipality page: JSON-LD breadcrumbs (nonce) and the share script's copy button.
    page.wait_for_url(re.compile(r"/gemeente/voorne-aan-zee/$"))
    assert page.get_by_role("button", name="Kopieer link").is_visible()
    assert _violations(page) == []

    # The admin: log in through its form, open an edition, use autocomplete and a date shortcut.
    superuser_log_in(page, site.url)
    assert _violations(page) == []

    edition = Edition.objects.get(campaign__slug="gr2026", province=None, municipality=None)
    page.goto(site.url + f"/admin/manifestos/edition/{edition.pk}/change/")
    page.locator("#select2-id_campaign-container").click()
    page.locator(".select2-search__field").fill("2026")
    page.locator(".select2-results__option", has_text="Gemeenteraadsverkiezingen 2026").wait_for()
    page.keyboard.press("Escape")
    page.locator("#calendarlink0").click()
    assert page.locator("#calendarbox0").is_visible()
    page.locator("#calendarin0 a", has_text=re.compile(r"^15$")).click()
    assert page.locator("#id_published_at_0").input_value().startswith("15-")
    page.get_by_role("button", name="Nu").first.click()
    assert page.locator("#id_published_at_1").input_value()
    page.get_by_role("button", name="Omhoog: Een innovatieve gemeente").click()
    assert page.get_by_role("status").filter(has_text="plaats 3 van 4").is_visible()

    assert _violations(page) == []
    assert problems == []
