"""A contact card's history says who changed it, when, and what (config/revisions.py)."""

import pytest
from django.urls import reverse
from reversion.models import Version

from config.concurrency import value_text
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


def compare_page(client, card):
    new, old = Version.objects.get_for_object(card)[:2]
    url = reverse("admin:regions_contact_revision_compare", args=[card.pk])
    return client.get(url, {"van": old.pk, "naar": new.pk}).content.decode()


def test_a_regiomanagers_change_is_a_version_by_them(client, card):
    change_card(client, card, phone="030 - 605 33 44", bio="Bel gerust.")

    version = Version.objects.get_for_object(card).first()
    assert version.revision.user == card.user
    assert version.field_dict["phone"] == "030 - 605 33 44"
    assert "Telefoonnummer" in version.revision.get_comment()


def test_an_editor_sees_who_changed_what(client, admin_user, card):
    change_card(client, card, phone="030 - 605 33 44")
    change_card(client, card, phone="030 - 605 33 55")

    client.force_login(admin_user)
    history = client.get(reverse("admin:regions_contact_history", args=[card.pk]))
    assert "monique" in history.content.decode()
    page = compare_page(client, card)
    assert "030 - 605 33 <del>44</del>" in page
    assert "030 - 605 33 <ins>55</ins>" in page


def test_hostile_values_are_escaped_in_the_comparison(client, admin_user, card):
    change_card(client, card, bio="Eerst.")
    change_card(client, card, bio="<script>alert(1)</script>Bel <b>mij</b> & 3 < 5")

    client.force_login(admin_user)
    page = compare_page(client, card)

    # The script never was stored (config/richtext.py); the text a reader sees is shown, escaped.
    assert "alert(1)" not in page
    assert "<ins>Bel mij &amp; 3 &lt; 5</ins>" in page


def test_an_unchanged_save_changes_no_field(client, card):
    change_card(client, card)
    change_card(client, card)

    new, old = Version.objects.get_for_object(card)[:2]
    assert new.field_dict == old.field_dict


@pytest.mark.parametrize(
    ("value", "limit", "shown"),
    [(None, None, "—"), ("", None, "—"), (True, None, "ja"), ("x" * 400, 300, "x" * 299 + "…"),
     ("x" * 400, None, "x" * 400), (["a", "b"], None, "a, b")],
)  # fmt: skip
def test_values_are_readable(value, limit, shown):
    assert value_text(value, limit=limit) == shown
