"""No silent overwrite (config/concurrency.py): two editors open the same theme; the
second to save is told what the first changed, keeps their own text in the form, and
saves it only by saving again."""

import pytest
from django.test import Client
from django.urls import reverse

from config.concurrency import STATE_FIELD
from config.roles import EDITOR, REGIOMANAGER
from manifestos.models import Recommendation, Theme
from tests.factories import (
    CampaignFactory,
    ContactFactory,
    DistrictFactory,
    EditionFactory,
    RecommendationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.html import change_form_data, find_all, parse_page, text

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def theme():
    theme = ThemeFactory(
        edition=EditionFactory(campaign=CampaignFactory()), title="Vakmensen", intro="Oud."
    )
    RecommendationFactory(theme=theme, body="Investeer in opleidingen.")
    return theme


@pytest.fixture
def anna():
    return UserFactory(staff=True, role=EDITOR, first_name="Anna", last_name="de Smid")


@pytest.fixture
def bram():
    return UserFactory(staff=True, role=EDITOR, first_name="Bram", last_name="Visser")


def opened(client, obj):
    url = reverse("admin:manifestos_theme_change", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, change_form_data(response)


def errors(response):
    return " ".join(text(element) for element in find_all(parse_page(response), "ul", "errorlist"))


def test_the_second_save_is_refused_with_the_first_editors_change(theme, anna, bram):
    first, second = logged_in(anna), logged_in(bram)
    url, anna_form = opened(first, theme)
    _url, bram_form = opened(second, theme)

    saved = first.post(url, {**anna_form, "title": "Vakmensen voor de regio"})
    refused = second.post(url, {**bram_form, "intro": "Bram schreef dit."})

    assert saved.status_code == 302
    assert refused.status_code == 200
    said = errors(refused)
    assert "Anna de Smid heeft dit om" in said
    assert "Titel: ‘Vakmensen’ werd ‘Vakmensen voor de regio’" in said
    assert "Uw eigen tekst staat nog in het formulier" in said
    # Nothing of Bram's is saved, Anna's change stands, and Bram's text is still there.
    theme.refresh_from_db()
    assert (theme.title, theme.intro) == ("Vakmensen voor de regio", "<p>Oud.</p>")
    form = refused.context["adminform"].form
    assert "Bram schreef dit." in form["intro"].value()


def test_saving_again_after_seeing_their_change_goes_through(theme, anna, bram):
    first, second = logged_in(anna), logged_in(bram)
    url, anna_form = opened(first, theme)
    _url, bram_form = opened(second, theme)
    first.post(url, {**anna_form, "title": "Vakmensen voor de regio"})
    refused = second.post(url, {**bram_form, "intro": "Bram schreef dit."})

    again = second.post(url, change_form_data(refused))

    assert again.status_code == 302
    theme.refresh_from_db()
    # Bram's form still held the old title: saving again is his deliberate choice.
    assert (theme.title, theme.intro) == ("Vakmensen", "<p>Bram schreef dit.</p>")


def test_a_change_to_a_recommendation_in_the_inline_counts_too(theme, anna, bram):
    second = logged_in(bram)
    url, bram_form = opened(second, theme)
    recommendation = theme.recommendations.get()
    recommendation.body = "Investeer in praktijkleren."
    recommendation.save()

    refused = second.post(url, {**bram_form, "intro": "Bram schreef dit."})

    assert refused.status_code == 200
    said = errors(refused)
    assert "Iemand anders heeft dit intussen opgeslagen." in said
    assert "werd ‘<p>Investeer in praktijkleren.</p>’" in said
    assert Theme.objects.get(pk=theme.pk).intro == "<p>Oud.</p>"


def test_a_deleted_recommendation_is_named(theme, bram):
    second = logged_in(bram)
    url, bram_form = opened(second, theme)
    Recommendation.objects.filter(theme=theme).delete()

    refused = second.post(url, {**bram_form, "intro": "Bram schreef dit."})

    assert refused.status_code == 200
    assert "verwijderd" in errors(refused)


def test_without_anyone_elses_change_a_save_is_plain(theme, anna):
    client = logged_in(anna)
    url, form = opened(client, theme)

    first = client.post(url, {**form, "title": "Eerste"})
    _url, form = opened(client, theme)
    second = client.post(url, {**form, "title": "Tweede"})

    assert (first.status_code, second.status_code) == (302, 302)
    assert Theme.objects.get(pk=theme.pk).title == "Tweede"


def test_the_form_carries_the_version_hidden(theme, anna):
    response = logged_in(anna).get(reverse("admin:manifestos_theme_change", args=[theme.pk]))

    hidden = [
        element
        for element in find_all(parse_page(response), "input")
        if dict(element.attributes).get("name") == STATE_FIELD
    ]
    assert len(hidden) == 1
    assert dict(hidden[0].attributes)["type"] == "hidden"
    assert 'src="/static/admin/js/unsaved.js"' in response.content.decode()


def test_a_regiomanager_saving_their_own_card_is_checked_too(anna):
    regiomanager = UserFactory(staff=True, role=REGIOMANAGER, first_name="Ria")
    contact = ContactFactory(user=regiomanager, district=DistrictFactory(), phone="030 123 45 67")
    own, staff = logged_in(regiomanager), logged_in(UserFactory(superuser=True))
    url = reverse("admin:regions_contact_change", args=[contact.pk])
    own_form = change_form_data(own.get(url))
    staff_form = change_form_data(staff.get(url))

    assert staff.post(url, {**staff_form, "phone": "030 765 43 21"}).status_code == 302
    refused = own.post(url, {**own_form, "bio": "Mijn bio."})

    assert refused.status_code == 200
    assert "‘030 123 45 67’ werd ‘030 765 43 21’" in errors(refused)


def test_a_form_sent_without_its_security_token_gets_a_dutch_page(theme, anna):
    client = Client(enforce_csrf_checks=True)
    client.force_login(anna)

    response = client.post(reverse("admin:manifestos_theme_change", args=[theme.pk]), {})

    assert response.status_code == 403
    page = response.content.decode()
    assert "Het formulier is verlopen" in page
    assert "Uw tekst is in deze browser bewaard" in page
    assert "Forbidden" not in page


def test_a_page_without_permission_is_refused_in_dutch(theme):
    regiomanager = UserFactory(staff=True, role=REGIOMANAGER)

    response = logged_in(regiomanager).get(
        reverse("admin:manifestos_theme_change", args=[theme.pk])
    )

    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
    assert "Forbidden" not in response.content.decode()


def test_a_change_past_the_historys_300_characters_counts_too(theme, anna, bram):
    """The history shortens values; the check compares them whole."""
    Theme.objects.filter(pk=theme.pk).update(intro="<p>" + "Vakmensen. " * 40 + "Oud.</p>")
    second = logged_in(bram)
    url, bram_form = opened(second, theme)
    Theme.objects.filter(pk=theme.pk).update(intro="<p>" + "Vakmensen. " * 40 + "Nieuw.</p>")

    refused = second.post(url, {**bram_form, "title": "Bram schreef dit."})

    assert refused.status_code == 200
    assert "Toelichting:" in errors(refused)
    assert Theme.objects.get(pk=theme.pk).title == "Vakmensen"
