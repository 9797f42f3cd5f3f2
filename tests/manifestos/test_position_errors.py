"""A theme or recommendation given the number of a sibling ("Volgorde 1" for a new theme)
is told so at the field "Volgorde", not in a message above the form; nothing is saved."""

import pytest
from django.urls import reverse

from manifestos.models import Recommendation, Theme
from tests.factories import EditionFactory, RecommendationFactory, ThemeFactory, UserFactory
from tests.html import change_form_data, find, parse_page, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(superuser=True))
    return client


def _errors_of(response):
    form = response.context["adminform"].form
    return dict(form.errors), form.non_field_errors()


def test_a_new_theme_put_first_is_told_at_the_position_field(admin_client):
    edition = EditionFactory()
    ThemeFactory(edition=edition, title="Vakmensen", position=1)
    url = reverse("admin:manifestos_theme_add")
    data = change_form_data(admin_client.get(url, {"edition": edition.pk}))

    response = admin_client.post(
        url, {**data, "edition": edition.pk, "title": "Innovatie", "position": 1}
    )

    assert response.status_code == 200
    errors, general = _errors_of(response)
    assert errors == {"position": ["Twee thema's kunnen niet dezelfde volgorde hebben."]}
    assert list(general) == []
    row = find(parse_page(response), "div", "field-position")
    assert "Twee thema's kunnen niet dezelfde volgorde hebben." in text(row)
    assert list(edition.themes.values_list("title", flat=True)) == ["Vakmensen"]


def test_a_recommendation_given_a_siblings_number_is_told_at_the_field(admin_client):
    theme = ThemeFactory()
    RecommendationFactory(theme=theme, position=1)
    other = RecommendationFactory(theme=theme, position=2)
    url = reverse("admin:manifestos_recommendation_change", args=[other.pk])
    data = change_form_data(admin_client.get(url))

    response = admin_client.post(url, {**data, "position": 1})

    assert response.status_code == 200
    errors, general = _errors_of(response)
    assert errors == {"position": ["Twee aanbevelingen kunnen niet dezelfde volgorde hebben."]}
    assert list(general) == []
    assert Recommendation.objects.get(pk=other.pk).position == 2


def test_a_free_position_saves_as_before(admin_client):
    edition = EditionFactory()
    ThemeFactory(edition=edition, position=1)
    url = reverse("admin:manifestos_theme_add")
    data = change_form_data(admin_client.get(url, {"edition": edition.pk}))

    response = admin_client.post(
        url, {**data, "edition": edition.pk, "title": "Innovatie", "position": 2}
    )

    assert response.status_code == 302
    assert Theme.objects.filter(edition=edition, title="Innovatie", position=2).exists()
