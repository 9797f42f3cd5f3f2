"""The "Hoofdthema" choice of a theme lists only the main themes of its own edition, by
their place in it: titles repeat between campaigns, and another edition's theme can never
be the main theme (Theme.clean)."""

import pytest
from django.urls import reverse

from manifestos.models import Theme
from tests.factories import CampaignFactory, EditionFactory, ThemeFactory, UserFactory
from tests.html import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editions():
    own = EditionFactory(campaign=CampaignFactory(name="Gemeenteraadsverkiezingen 2026"))
    other = EditionFactory(campaign=CampaignFactory(name="Gemeenteraadsverkiezingen 2022"))
    for edition in (own, other):
        ThemeFactory(edition=edition, position=1, title="Vakmensen")
        ThemeFactory(edition=edition, position=2, title="Duurzaamheid")
    return own, other


def choices(response):
    field = response.context["adminform"].form.fields["parent"]
    return [label for _value, label in field.choices]


def test_a_theme_chooses_among_its_own_editions_main_themes(admin_client, editions):
    own, _other = editions
    theme = ThemeFactory(edition=own, position=3, title="Innovatie")

    response = admin_client.get(reverse("admin:manifestos_theme_change", args=[theme.pk]))

    assert choices(response) == [
        "— geen: dit is een hoofdthema —",
        "1. Vakmensen",
        "2. Duurzaamheid",
    ]


def test_a_main_theme_is_not_its_own_main_theme(admin_client, editions):
    own, _other = editions
    theme = Theme.objects.get(edition=own, position=1)

    response = admin_client.get(reverse("admin:manifestos_theme_change", args=[theme.pk]))

    assert choices(response) == ["— geen: dit is een hoofdthema —", "2. Duurzaamheid"]


def test_another_editions_theme_is_refused_at_the_field(admin_client, editions):
    own, other = editions
    theme = ThemeFactory(edition=own, position=3, title="Innovatie")
    url = reverse("admin:manifestos_theme_change", args=[theme.pk])
    data = change_form_data(admin_client.get(url))

    response = admin_client.post(
        url, {**data, "parent": Theme.objects.get(edition=other, position=1).pk}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"]
    assert Theme.objects.get(pk=theme.pk).parent is None


def test_a_new_theme_for_an_edition_offers_that_editions_themes(admin_client, editions):
    own, _other = editions

    response = admin_client.get(reverse("admin:manifestos_theme_add") + f"?edition={own.pk}")

    assert choices(response)[1:] == ["1. Vakmensen", "2. Duurzaamheid"]


def test_a_redacteur_sees_the_same(client, editions):
    own, _other = editions
    from config.roles import EDITOR

    client.force_login(UserFactory(staff=True, role=EDITOR))
    theme = ThemeFactory(edition=own, position=3)

    response = client.get(reverse("admin:manifestos_theme_change", args=[theme.pk]))

    assert choices(response)[1:] == ["1. Vakmensen", "2. Duurzaamheid"]
