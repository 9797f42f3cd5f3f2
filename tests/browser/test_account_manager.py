"""A beheerder (no superuser) sets up a regiomanager's account in a real browser: the
account, its role and its contact card; then the regiomanager logs in and finds the card."""

import pytest
from playwright.sync_api import expect

from config.roles import ACCOUNT_MANAGER, roles_sync
from regions.models import Contact
from tests.browser.conftest import admin_log_in
from tests.factories import UserFactory

PASSWORD = "een lange zin als wachtwoord"


@pytest.fixture
def viewport():
    return "desktop"


def test_a_beheerder_sets_up_a_regiomanagers_account(site, page, screenshot):
    roles_sync()
    UserFactory(staff=True, role=ACCOUNT_MANAGER, username="accountbeheer", password=PASSWORD)
    card = Contact.objects.filter(user__isnull=True).order_by("name").first()
    admin_log_in(page, site.url, "accountbeheer", PASSWORD)

    page.get_by_role("link", name="Gebruikers").first.click()
    page.get_by_role("link", name="Gebruiker toevoegen").click()
    page.locator("#id_username").fill("nieuwe-regiomanager")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    page.locator("#id_first_name").fill("Nieuwe")
    page.locator("#id_last_name").fill("Regiomanager")
    page.locator("#id_groups_from").select_option(label="regiomanager")
    page.locator("#id_groups_add").click()
    page.locator("#id_contact_card").select_option(value=str(card.pk))
    screenshot("account-manager-form")
    page.locator("input[name=_save]").click()

    # Back on the list once the account is saved, with the admin's confirmation.
    page.wait_for_url(site.url + "/admin/auth/user/")
    expect(page.locator(".messagelist .success")).to_be_visible()
    card.refresh_from_db()
    assert card.user.username == "nieuwe-regiomanager"
    assert [group.name for group in card.user.groups.all()] == ["regiomanager"]
    assert (card.user.is_staff, card.user.is_superuser) == (True, False)

    page.context.clear_cookies()
    admin_log_in(page, site.url, "nieuwe-regiomanager", PASSWORD)
    page.goto(site.url + "/admin/regions/contact/")
    # Their list opens their own card, ready to edit.
    page.wait_for_url(site.url + f"/admin/regions/contact/{card.pk}/change/")
    assert page.locator("h1").inner_text() == "contactpersoon wijzigen"
    assert page.locator("#id_phone").is_editable()
