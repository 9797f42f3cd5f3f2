"""A beheerder (not a superuser) sets up and ends the accounts of redacteuren and
regiomanagers, links them to a contact card and lifts login lockouts, and can do
nothing beyond that: no superusers, no other roles, not their own account, no content."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from config.roles import ACCOUNT_MANAGER, EDITOR, REGIOMANAGER, roles_sync
from regions.models import Contact
from tests.factories import AccessAttemptFactory, ContactFactory, UserFactory
from tests.html import change_form_data

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "een lange zin als wachtwoord"


@pytest.fixture
def beheerder(client):
    roles_sync()
    user = UserFactory(staff=True, role=ACCOUNT_MANAGER, username="beheerder")
    client.force_login(user)
    return user


def _change_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def _group(name):
    return Group.objects.get(name=name).pk


def test_a_beheerder_sets_up_a_regiomanager_with_their_contact_card(client, beheerder):
    card = ContactFactory(name="Monique van der Voort", user=None)

    added = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "mvdvoort",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    account = User.objects.get(username="mvdvoort")
    assert added.status_code == 302
    assert added["Location"] == _change_url(account)
    data = change_form_data(client.get(_change_url(account)))
    changed = client.post(
        _change_url(account),
        {
            **data,
            "first_name": "Monique",
            "last_name": "van der Voort",
            "email": "m.vandervoort@metaalunie.nl",
            "groups": [_group(REGIOMANAGER)],
            "contact_card": card.pk,
        },
    )

    assert changed.status_code == 302
    account.refresh_from_db()
    assert (account.is_staff, account.is_superuser, account.is_active) == (True, False, True)
    assert [group.name for group in account.groups.all()] == [REGIOMANAGER]
    assert Contact.objects.get(pk=card.pk).user == account
    # The new regiomanager logs in and keeps their own card.
    client.logout()
    login = client.post(
        "/admin/login/", {"username": "mvdvoort", "password": PASSWORD, "next": "/admin/"}
    )
    assert login.status_code == 302
    own_card = client.get(reverse("admin:regions_contact_change", args=[card.pk]))
    assert own_card.status_code == 200


def test_a_beheerder_deactivates_an_account_and_moves_a_card(client, beheerder):
    editor = UserFactory(staff=True, role=EDITOR)
    old_card = ContactFactory(user=editor)
    new_card = ContactFactory(user=None)
    data = change_form_data(client.get(_change_url(editor)))
    data.pop("is_active", None)

    response = client.post(_change_url(editor), {**data, "contact_card": new_card.pk})

    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.is_active is False
    assert Contact.objects.get(pk=old_card.pk).user is None
    assert Contact.objects.get(pk=new_card.pk).user == editor


def test_a_beheerder_lifts_a_lockout(client, beheerder):
    locked = UserFactory(staff=True, role=REGIOMANAGER, username="geblokkeerd")
    AccessAttemptFactory(username="geblokkeerd", failures_since_start=5)

    listed = client.get(reverse("admin:axes_accessattempt_changelist"))
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "unlock_logins", "_selected_action": [locked.pk]},
        follow=True,
    )

    assert listed.status_code == 200
    assert "geblokkeerd" in listed.content.decode()
    assert "Blokkade opgeheven" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="geblokkeerd").exists()


def test_a_beheerder_sees_only_the_accounts_they_manage(client, beheerder):
    editor = UserFactory(staff=True, role=EDITOR, username="een-redacteur")
    UserFactory(superuser=True, username="de-superuser")
    UserFactory(staff=True, role=ACCOUNT_MANAGER, username="andere-beheerder")

    response = client.get(reverse("admin:auth_user_changelist"))

    listed = [user.username for user in response.context["cl"].result_list]
    assert listed == [editor.username]


@pytest.mark.parametrize("who", ["superuser", "self", "other beheerder"])
def test_a_beheerder_cannot_open_or_change_accounts_beyond_theirs(client, beheerder, who):
    target = {
        "superuser": lambda: UserFactory(superuser=True),
        "self": lambda: beheerder,
        "other beheerder": lambda: UserFactory(staff=True, role=ACCOUNT_MANAGER),
    }[who]()
    before = (target.is_superuser, target.is_active, list(target.groups.all()))

    pages = [
        client.get(_change_url(target)),
        client.get(reverse("admin:auth_user_password_change", args=[target.pk])),
        client.post(_change_url(target), {"username": target.username, "is_active": ""}),
    ]

    assert [page.status_code for page in pages] != [200, 200, 200]
    assert all(page.status_code in (302, 403, 404) for page in pages)
    target.refresh_from_db()
    assert (target.is_superuser, target.is_active, list(target.groups.all())) == before


def test_a_beheerder_cannot_make_a_superuser_or_give_other_roles(client, beheerder):
    editor = UserFactory(staff=True, role=EDITOR)
    data = change_form_data(client.get(_change_url(editor)))

    forged = client.post(
        _change_url(editor),
        {**data, "is_superuser": "on", "user_permissions": [1, 2, 3], "groups": [_group(EDITOR)]},
    )
    own_role = client.post(_change_url(editor), {**data, "groups": [_group(ACCOUNT_MANAGER)]})

    assert forged.status_code == 302
    editor.refresh_from_db()
    assert editor.is_superuser is False
    assert editor.user_permissions.count() == 0
    assert own_role.status_code == 200
    assert "groups" in own_role.context["adminform"].form.errors
    assert [group.name for group in editor.groups.all()] == [EDITOR]
    form = client.get(_change_url(editor)).context["adminform"].form
    assert {group.name for group in form.fields["groups"].queryset} == {EDITOR, REGIOMANAGER}
    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields


def test_a_beheerder_cannot_delete_accounts_nor_touch_roles_or_content(client, beheerder):
    editor = UserFactory(staff=True, role=EDITOR)

    statuses = [
        client.get(reverse("admin:auth_user_delete", args=[editor.pk])).status_code,
        client.get(reverse("admin:auth_group_changelist")).status_code,
        client.get(reverse("admin:campaigns_campaign_changelist")).status_code,
        client.get(reverse("admin:regions_contact_changelist")).status_code,
    ]

    assert statuses == [403, 403, 403, 403]
    assert User.objects.filter(pk=editor.pk).exists()
    assert not beheerder.has_perm("auth.change_group")


def test_a_redacteur_sees_a_cards_account_without_a_chooser_that_fails(client):
    """The account chooser needs the accounts: a redacteur sees the account, the
    beheerder links it."""
    roles_sync()
    client.force_login(UserFactory(staff=True, role=EDITOR))
    card = ContactFactory(user=UserFactory(staff=True, username="kaarthouder"))

    response = client.get(reverse("admin:regions_contact_change", args=[card.pk]))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "user" not in form.fields
    assert "kaarthouder" in response.content.decode()
