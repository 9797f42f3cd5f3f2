"""Changes to a published edition in a real browser, under the site's CSP: an editor
prepares them in a working copy, schedules it, and visitors keep the published text until
its moment, then read the new one (manifestos/working_copies.py)."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from playwright.sync_api import expect

from config.roles import EDITOR, roles_sync
from manifestos.models import Edition
from tests.browser.conftest import ARTIFACTS, admin_log_in, csp_violations
from tests.factories import UserFactory

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NEW_TITLE = "Vakmanschap maakt het verschil"
PAGE = "/gr2026/gemeente/utrecht/"


def _text(page):
    return page.locator("main").inner_text().replace("\u00ad", "")


def test_a_scheduled_working_copy_goes_live_at_its_moment(site, strict_page, browser, clock):
    # Two hours from now (the demo content was published when it was loaded), to the minute.
    now = clock.set(timezone.now())
    moment = (
        (now + datetime.timedelta(hours=2)).astimezone(AMSTERDAM).replace(second=0, microsecond=0)
    )
    edition = Edition.objects.get(campaign__slug="gr2026", province=None, municipality=None)
    old_title = edition.title
    page, problems = strict_page
    roles_sync()
    UserFactory(staff=True, role=EDITOR, username="redacteur")
    admin_log_in(page, site.url, "redacteur")

    # Start a working copy from the published edition's page.
    page.goto(f"{site.url}/admin/manifestos/edition/{edition.pk}/change/")
    with page.expect_navigation():
        page.get_by_role("button", name="Wijzigingen voorbereiden in een concept").click()
    expect(page.locator(".working-copy-note")).to_contain_text("concept met wijzigingen")
    copy = Edition.objects.get(replaces=edition)
    assert page.url.endswith(f"/admin/manifestos/edition/{copy.pk}/change/")

    # Change it and schedule it.
    page.locator("#id_title").fill(NEW_TITLE)
    page.locator("#id_status").select_option("published")
    page.locator("#id_published_at_0").fill(moment.strftime("%d-%m-%Y"))
    page.locator("#id_published_at_1").fill(moment.strftime("%H:%M"))
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    assert page.locator(".messagelist .success").is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "working-copy-admin-1280.png"))

    # The planning lists it; the preview shows it in the edition's place.
    page.goto(site.url + "/admin/campaigns/campaign/planning/")
    expect(page.locator(".planning-table").first).to_contain_text(
        "wijzigingen in de gepubliceerde editie landelijk"
    )
    page.goto(site.url + "/voorbeeld" + PAGE)
    assert NEW_TITLE in _text(page)
    page.screenshot(path=str(ARTIFACTS / "working-copy-preview-1280.png"))

    # A visitor reads the published text until the moment, the new one from then on.
    visitor = browser.new_context(locale="nl-NL").new_page()
    visitor.goto(site.url + PAGE)
    assert old_title in _text(visitor) and NEW_TITLE not in _text(visitor)
    clock.set(moment - datetime.timedelta(seconds=1))
    visitor.reload()
    assert NEW_TITLE not in _text(visitor)
    clock.set(moment)
    visitor.reload()
    assert NEW_TITLE in _text(visitor) and old_title not in _text(visitor)
    visitor.context.close()

    # Opening the editions folds the copy into the edition, which keeps its id.
    page.goto(site.url + "/admin/manifestos/edition/")
    assert not Edition.objects.filter(pk=copy.pk).exists()
    edition.refresh_from_db()
    assert edition.title == NEW_TITLE
    assert csp_violations(page) == []
    assert problems == []
