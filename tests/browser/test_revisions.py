"""Revisions in a real browser, under the site's Content-Security-Policy: an editor formats
a recommendation, saves, changes it again, compares both versions side by side, reverts
to the first, and visitors see the first version (config/revisions.py)."""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from config.revisions import revision_by
from tests.browser.conftest import csp_violations, superuser_log_in
from tests.browser.test_richtext_editor import (
    LEAD,
    SELECTED,
    _change_page,
    _to_the_end,
    recommendation,  # noqa: F401 (a fixture)
)


def _save(page):
    # The form reloads at the same address: wait for the new page, not for the address.
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    assert page.locator(".messagelist .success").is_visible()


def test_a_formatted_recommendation_is_reverted_to_its_first_version(
    site,
    strict_page,
    recommendation,  # noqa: F811
):
    page, problems = strict_page
    superuser_log_in(page, site.url)
    _change_page(page, site, recommendation)
    body = page.get_by_role("textbox", name="Tekst:", exact=True)

    # The first version: a bold "ons plan" at the end.
    _to_the_end(page, body)
    page.keyboard.type(" Lees ons plan")
    for _ in "ons plan":
        page.keyboard.press("Shift+ArrowLeft")
    page.wait_for_function(SELECTED, arg=[body.element_handle(), len("ons plan")])
    page.locator(".field-body .prose-menubar").get_by_role("button", name="Vet (Ctrl+B)").click()
    _save(page)
    # The second: one more sentence.
    _to_the_end(page, body)
    page.keyboard.type(" Dit komt er later bij.")
    _save(page)

    # Both versions side by side: the newest two are chosen to begin with.
    page.get_by_role("link", name="Geschiedenis").click()
    page.get_by_role("button", name="Vergelijk de gekozen versies").click()
    page.wait_for_url(re.compile(r"/history/vergelijk/"))
    old = page.locator(".revision-diff td.revision-old").first
    new = page.locator(".revision-diff td.revision-new").first
    assert old.is_visible() and new.is_visible()
    assert old.inner_text().endswith("Lees ons plan")
    assert new.inner_text().endswith("Lees ons plan Dit komt er later bij.")
    assert new.locator("ins").first.inner_text().strip().startswith("Dit")
    old_box, new_box = old.bounding_box(), new.bounding_box()
    assert old_box["x"] + old_box["width"] <= new_box["x"]  # side by side
    # The marks are styled by the stylesheet, not by inline styles (the CSP allows none).
    marked = new.locator("ins").first.evaluate(
        "(element) => getComputedStyle(element).textDecorationLine"
    )
    assert marked == "none"

    # Back to the first version.
    page.get_by_role("link", name="Terug naar de geschiedenis").click()
    page.get_by_role("link", name="Terugzetten naar deze versie").first.click()
    expect(page.get_by_role("heading", name="Wat er verandert")).to_be_visible()
    page.get_by_role("button", name="Ja, terugzetten").click()
    page.wait_for_url(re.compile(r"/history/$"))
    assert "Teruggezet naar de versie van" in page.locator(".messagelist .success").inner_text()
    assert csp_violations(page) == []
    assert problems == []

    recommendation.refresh_from_db()
    assert recommendation.body.endswith(" Lees <strong>ons plan</strong></p>")
    page.goto(site.url + "/tk2025/")
    shown = page.locator(".recommendation", has_text=LEAD)
    assert shown.locator(".recommendation__body strong").last.inner_text() == "ons plan"
    assert "Dit komt er later bij." not in shown.inner_text()
    assert csp_violations(page) == []


def test_the_revision_pages_are_accessible(site, page, axe, screenshot, recommendation):  # noqa: F811
    """History, comparison and the revert question, with axe-core, on a phone and a desktop."""
    superuser_log_in(page, site.url)
    user = get_user_model().objects.get(username="redactie")
    for body in ("<p>Eerste tekst.</p>", "<p>Tweede tekst, langer.</p>"):
        with revision_by(user):
            recommendation.body = body
            recommendation.save()
    base = f"{site.url}/admin/manifestos/recommendation/{recommendation.pk}/history/"
    page.goto(base)
    first = page.locator("input[name=van]:checked").get_attribute("value")
    pages = {
        "history": base,
        "compare": page.locator("form[action$='vergelijk/']").get_attribute("action"),
        "revert": page.get_by_role("link", name="Terugzetten naar deze versie").first.get_attribute(
            "href"
        ),
    }
    pages["compare"] = f"{site.url}{pages['compare']}?van={first}&naar="
    pages["compare"] += page.locator("input[name=naar]:checked").get_attribute("value")
    pages["revert"] = site.url + pages["revert"]
    for name, url in pages.items():
        page.goto(url)
        assert axe() == [], name
        screenshot(f"revisions-{name}")
