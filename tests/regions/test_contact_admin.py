"""A regiomanager keeps their own contact card current, and reaches nothing else.

The matrix: own card vs someone else's, for every way into the admin (changelist,
change page, forged POST, history, delete, add, bulk action, autocomplete, other
models). Editors (redacteur) manage every card.
"""

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse

from config.roles import EDITOR, REGIOMANAGER, roles_sync
from regions.models import Contact
from tests.factories import ContactFactory, DistrictFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles():
    return roles_sync()


@pytest.fixture
def regiomanager(roles):
    user = UserFactory(staff=True, role=REGIOMANAGER)
    return user


@pytest.fixture
def editor(roles):
    user = UserFactory(staff=True, role=EDITOR)
    return user


@pytest.fixture
def own_card(regiomanager):
    return ContactFactory(
        user=regiomanager,
        name="Eigen Kaart",
        role="regiomanager",
        phone="06 - 111 111 11",
        district=DistrictFactory(name="Noord"),
    )


@pytest.fixture
def other_card():
    return ContactFactory(
        user=UserFactory(staff=True),
        name="Andere Kaart",
        role="regiomanager",
        email="ander@metaalunie.nl",
        phone="06 - 222 222 22",
    )


def snapshot(contact):
    contact.refresh_from_db()
    return (contact.name, contact.role, contact.email, contact.phone, contact.bio, contact.slug,
            contact.district_id, contact.user_id)  # fmt: skip


def change_url(contact):
    return reverse("admin:regions_contact_change", args=[contact.pk])


def card_form(contact, **changes):
    data = {
        "email": contact.email,
        "phone": contact.phone,
        "bio": contact.bio,
        "photo": "",
    }
    data.update(changes)
    return data


class TestOwnCard:
    def test_the_contact_list_opens_their_own_card(
        self, client, regiomanager, own_card, other_card
    ):
        client.force_login(regiomanager)
        response = client.get(reverse("admin:regions_contact_changelist"))

        assert response.status_code == 302
        assert response.url == change_url(own_card)

    def test_only_photo_phone_email_and_bio_are_editable(self, client, regiomanager, own_card):
        client.force_login(regiomanager)
        response = client.get(change_url(own_card))

        assert response.status_code == 200
        form = response.context["adminform"].form
        # Besides the hidden version check of every change form (config/concurrency.py).
        assert set(form.fields) - {"_loaded_state"} == {"email", "phone", "photo", "bio"}
        assert "Eigen Kaart" in response.content.decode()

    def test_saving_their_card_changes_only_the_allowed_fields(
        self, client, regiomanager, own_card
    ):
        client.force_login(regiomanager)
        forged = card_form(
            own_card,
            phone="030 - 605 33 44",
            bio="Bel mij gerust.",
            name="Iemand Anders",
            role="voorzitter",
            slug="gekaapt",
            district="",
            user=UserFactory().pk,
        )
        response = client.post(change_url(own_card), forged)

        assert response.status_code == 302
        own_card.refresh_from_db()
        assert own_card.phone == "030 - 605 33 44"
        assert own_card.bio == "<p>Bel mij gerust.</p>"  # stored as the editor writes it
        assert (own_card.name, own_card.role, own_card.slug) == (
            "Eigen Kaart",
            "regiomanager",
            own_card.slug,
        )
        assert own_card.slug != "gekaapt"
        assert own_card.district is not None
        assert own_card.user == regiomanager

    def test_their_change_is_in_the_history_with_who_and_what(self, client, regiomanager, own_card):
        client.force_login(regiomanager)
        client.post(change_url(own_card), card_form(own_card, phone="030 - 605 33 44"))

        entry = LogEntry.objects.get(object_id=str(own_card.pk), action_flag=CHANGE)
        assert entry.user == regiomanager
        history = client.get(reverse("admin:regions_contact_history", args=[own_card.pk]))
        assert history.status_code == 200
        page = history.content.decode()
        assert regiomanager.username in page
        assert "telefoonnummer" in page.lower()

    def test_they_cannot_delete_their_own_card(self, client, regiomanager, own_card):
        client.force_login(regiomanager)
        url = reverse("admin:regions_contact_delete", args=[own_card.pk])

        assert client.get(url).status_code == 403
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert Contact.objects.filter(pk=own_card.pk).exists()


class TestSomeoneElsesCard:
    def test_typing_its_url_shows_nothing_of_it(self, client, regiomanager, own_card, other_card):
        client.force_login(regiomanager)
        response = client.get(change_url(other_card), follow=True)

        assert "Andere Kaart" not in response.content.decode()
        assert "ander@metaalunie.nl" not in response.content.decode()

    def test_a_forged_post_changes_nothing(self, client, regiomanager, own_card, other_card):
        client.force_login(regiomanager)
        before = snapshot(other_card)

        client.post(change_url(other_card), card_form(other_card, phone="0900 - gekaapt"))

        assert snapshot(other_card) == before

    def test_its_history_is_not_shown(self, client, regiomanager, own_card, other_card):
        client.force_login(regiomanager)
        response = client.get(reverse("admin:regions_contact_history", args=[other_card.pk]))

        assert response.status_code in {302, 403, 404}
        assert "Andere Kaart" not in response.content.decode()

    def test_it_cannot_be_deleted(self, client, regiomanager, own_card, other_card):
        client.force_login(regiomanager)
        url = reverse("admin:regions_contact_delete", args=[other_card.pk])

        response = client.post(url, {"post": "yes"})

        assert response.status_code in {302, 403, 404}
        assert Contact.objects.filter(pk=other_card.pk).exists()

    def test_a_bulk_action_changes_nothing(self, client, regiomanager, own_card, other_card):
        client.force_login(regiomanager)
        client.post(
            reverse("admin:regions_contact_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [other_card.pk, own_card.pk],
                "post": "yes",
            },
        )

        assert Contact.objects.filter(pk__in=[other_card.pk, own_card.pk]).count() == 2

    @pytest.mark.parametrize(
        ("app_label", "model_name", "field_name"),
        [("campaigns", "campaign", "central_contact"), ("manifestos", "edition", "contact")],
    )
    def test_an_autocomplete_reveals_only_their_own_card(
        self, client, regiomanager, own_card, other_card, app_label, model_name, field_name
    ):
        client.force_login(regiomanager)
        response = client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": app_label,
                "model_name": model_name,
                "field_name": field_name,
                "term": "",
            },
        )

        if response.status_code == 200:
            names = [item["text"] for item in json.loads(response.content)["results"]]
            assert all("Andere Kaart" not in name for name in names)
        else:
            assert response.status_code == 403

    def test_they_cannot_add_a_card(self, client, regiomanager, own_card):
        client.force_login(regiomanager)
        url = reverse("admin:regions_contact_add")

        assert client.get(url).status_code == 403
        client.post(url, {"name": "Nieuw", "slug": "nieuw", "role": "x"})
        assert not Contact.objects.filter(slug="nieuw").exists()


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:campaigns_campaign_changelist",
        "admin:manifestos_edition_changelist",
        "admin:manifestos_theme_add",
        "admin:regions_municipality_changelist",
        "admin:regions_regionalfigures_changelist",
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
    ],
)
def test_a_regiomanager_reaches_no_other_part_of_the_admin(client, regiomanager, url_name):
    client.force_login(regiomanager)

    assert client.get(reverse(url_name)).status_code == 403


def test_the_admin_index_offers_a_regiomanager_only_contacts_and_parties(
    client, regiomanager, own_card
):
    client.force_login(regiomanager)
    response = client.get(reverse("admin:index"))

    apps = response.context["app_list"]
    assert [(app["app_label"], [m["object_name"] for m in app["models"]]) for app in apps] == [
        ("manifestos", ["Party"]),
        ("regions", ["Contact"]),
    ]


class TestEditor:
    def test_an_editor_changes_any_card_and_every_field(self, client, editor, other_card):
        client.force_login(editor)
        response = client.get(change_url(other_card))
        form = response.context["adminform"].form

        assert {"name", "role", "district", "slug"} <= set(form.fields)
        # The account is linked by a beheerder (tests/test_account_manager.py).
        assert "user" not in form.fields

    def test_an_editor_can_add_cards_and_reach_all_content(self, client, editor):
        client.force_login(editor)

        assert client.get(reverse("admin:regions_contact_add")).status_code == 200
        assert client.get(reverse("admin:campaigns_campaign_changelist")).status_code == 200
        assert client.get(reverse("admin:manifestos_theme_changelist")).status_code == 200
        assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_roles_sync_is_idempotent_and_restores_permissions(roles):
    editor, regiomanager = roles
    regiomanager.permissions.clear()

    again_editor, again_regiomanager = roles_sync()

    assert again_editor.pk == editor.pk
    assert sorted(again_regiomanager.permissions.values_list("codename", flat=True)) == [
        "add_adoption",
        "add_party",
        "change_adoption",
        "change_contact",
        "change_party",
        "delete_adoption",
        "delete_party",
        "view_adoption",
        "view_contact",
        "view_party",
    ]
    assert again_editor.permissions.filter(codename="manage_all_contacts").exists()
    assert Group.objects.filter(name__in=[EDITOR, REGIOMANAGER]).count() == 2
