"""The history of an object says who changed which field, when, from what to what."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from config.history import history_value, value_changes
from config.roles import REGIOMANAGER
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def card():
    user = UserFactory(staff=True, username="monique", role=REGIOMANAGER)
    return ContactFactory(user=user, phone="06 - 111 708 71", bio="")


def change_card(client, card, **changes):
    client.force_login(card.user)
    data = {"email": card.email, "phone": card.phone, "bio": card.bio, "photo": ""}
    data.update(changes)
    return client.post(reverse("admin:regions_contact_change", args=[card.pk]), data)


def test_a_regiomanagers_change_records_old_and_new_values(client, card):
    change_card(client, card, phone="030 - 605 33 44", bio="Bel gerust.")

    entry = LogEntry.objects.get(object_id=str(card.pk), action_flag=CHANGE)
    assert entry.user == card.user
    assert value_changes(entry.change_message) == [
        {"field": "Telefoonnummer", "old": "06 - 111 708 71", "new": "030 - 605 33 44"},
        {"field": "Korte bio", "old": "—", "new": "Bel gerust."},
    ]


def test_an_editor_sees_who_changed_what_on_the_history_page(client, admin_user, card):
    change_card(client, card, phone="030 - 605 33 44")

    client.force_login(admin_user)
    page = client.get(reverse("admin:regions_contact_history", args=[card.pk])).content.decode()

    assert "monique" in page
    assert "<del>06 - 111 708 71</del> → <ins>030 - 605 33 44</ins>" in page


def test_hostile_values_are_escaped_in_the_history(client, admin_user, card):
    change_card(client, card, bio="<script>alert(1)</script>Bel <b>mij</b> & 3 < 5")

    client.force_login(admin_user)
    page = client.get(reverse("admin:regions_contact_history", args=[card.pk])).content.decode()

    # The script never was stored (config/richtext.py); the text a reader sees is shown, escaped.
    assert "alert(1)" not in page
    assert "Bel mij &amp; 3 &lt; 5" in page


def test_an_unchanged_save_records_no_values(client, card):
    change_card(client, card)

    entry = LogEntry.objects.get(object_id=str(card.pk), action_flag=CHANGE)
    assert value_changes(entry.change_message) == []


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "—"), ("", "—"), (True, "ja"), ("x" * 400, "x" * 299 + "…"), (["a", "b"], "a, b")],
)
def test_values_are_kept_short_and_readable(value, shown):
    assert history_value(value) == shown


def test_a_message_from_elsewhere_has_no_values():
    assert value_changes("Gewijzigd via import.") == []
    assert value_changes("[not json") == []
