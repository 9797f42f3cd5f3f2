"""The editor's desk in a real browser (config/concurrency.py, static/admin/js/unsaved.js):
two editors on the same theme, leaving a changed form, and typing into an expired session.
Under the site's own Content-Security-Policy (no bypass): a violation fails the test."""

import re

import pytest
from playwright.sync_api import expect

from manifestos.models import Theme
from tests.browser.conftest import ARTIFACTS, admin_log_in
from tests.factories import UserFactory


@pytest.fixture
def editors(site):
    UserFactory(superuser=True, username="anna", first_name="Anna", last_name="de Smid")
    UserFactory(superuser=True, username="bram", first_name="Bram", last_name="Visser")
    return site


def browser_of(browser, site, username):
    """A browser of its own (own cookies), logged in through the admin's login form."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.violations = violations
    admin_log_in(page, site.url, username)
    return page


def intro(page):
    """The theme's introduction: a rich-text editor (admin/js/richtext.js). Until the
    editor has started, the same name is its plain text field, which it then hides."""
    page.locator(".field-intro .ProseMirror").wait_for()
    return page.get_by_role("textbox", name="Toelichting:", exact=True)


def theme_url(site):
    theme = Theme.objects.get(
        edition__campaign__slug="gr2026",
        position=1,
        parent=None,
        edition__province=None,
        edition__municipality=None,
    )
    return theme, f"{site.url}/admin/manifestos/theme/{theme.pk}/change/"


def test_the_second_editor_is_told_and_loses_nothing(browser, editors):
    site = editors
    theme, url = theme_url(site)
    anna, bram = browser_of(browser, site, "anna"), browser_of(browser, site, "bram")
    anna.goto(url)
    bram.goto(url)

    anna.locator("#id_title").fill("Voldoende vakmensen in elke gemeente")
    anna.locator("input[name=_save]").click()
    anna.wait_for_url(re.compile(r"/admin/manifestos/theme/$"))
    intro(bram).fill("Bram schreef dit in de tussentijd.")
    # The form reloads at the same address: wait for the new page, not for the address.
    with bram.expect_navigation():
        bram.locator("input[name=_continue]").click()

    error = bram.locator(".errornote + ul.errorlist, ul.errorlist.nonfield").first
    assert "Anna de Smid heeft dit om" in error.inner_text()
    assert "werd ‘Voldoende vakmensen in elke gemeente’" in error.inner_text()
    # The editor puts the kept text in a moment after the page is there: wait for it.
    expect(intro(bram)).to_have_text("Bram schreef dit in de tussentijd.")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    bram.screenshot(path=str(ARTIFACTS / "admin-concurrent-edit-refused.png"))
    theme.refresh_from_db()
    assert theme.intro != "Bram schreef dit in de tussentijd."

    # Bram takes Anna's title over and saves again: now it goes through.
    bram.locator("#id_title").fill("Voldoende vakmensen in elke gemeente")
    bram.locator("input[name=_continue]").click()
    bram.locator(".messagelist .success").wait_for()
    theme.refresh_from_db()
    assert (theme.title, theme.intro) == (
        "Voldoende vakmensen in elke gemeente",
        "<p>Bram schreef dit in de tussentijd.</p>",
    )
    assert anna.violations == [] and bram.violations == []


def test_leaving_a_changed_form_asks_first(browser, editors):
    site = editors
    _theme, url = theme_url(site)
    anna = browser_of(browser, site, "anna")
    anna.goto(url)
    asked = []
    anna.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))

    intro(anna).fill("Nog niet opgeslagen.")
    anna.locator("#content-main h2, #content h1").first.click()  # leave the field
    # A real click on the site's name in the header (the browser asks only after a gesture).
    anna.locator("#site-name a, #branding a").first.click(no_wait_after=True)
    for _ in range(50):
        if asked:
            break
        anna.wait_for_timeout(100)

    assert asked == ["beforeunload"]
    assert anna.url == url


def test_text_typed_into_an_expired_session_comes_back_after_logging_in(browser, editors):
    site = editors
    theme, url = theme_url(site)
    anna = browser_of(browser, site, "anna")
    anna.goto(url)
    intro(anna).fill("Getypt terwijl de sessie verliep.")
    anna.wait_for_timeout(600)  # the browser keeps the text after a short pause in typing
    anna.context.clear_cookies(name="sessionid")  # the session expired while she typed

    anna.locator("input[name=_continue]").click()
    anna.wait_for_url(re.compile(r"/admin/login/"))
    admin_log_in(anna, site.url, "anna")
    anna.wait_for_url(url)

    offer = anna.locator(".messagelist .warning")
    assert "typte u hier tekst die niet is opgeslagen" in offer.inner_text()
    anna.get_by_role("button", name="Zet terug").click()
    expect(intro(anna)).to_have_text("Getypt terwijl de sessie verliep.")
    anna.locator("input[name=_continue]").click()
    anna.locator(".messagelist .success").wait_for()
    theme.refresh_from_db()
    assert theme.intro == "<p>Getypt terwijl de sessie verliep.</p>"
    # Saved: nothing is offered again.
    anna.goto(url)
    assert anna.locator(".messagelist .warning").count() == 0
    assert anna.violations == []
