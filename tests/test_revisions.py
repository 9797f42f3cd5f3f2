"""Revisions (config/revisions.py): every admin save is a version with who and when; two
versions compare as whole texts side by side; "Terugzetten naar deze versie" puts an
object back with its children, atomically, as a new version; a deleted recommendation
or theme comes back."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from campaigns.models import CampaignEvent
from config import page_cache
from config.concurrency import STATE_FIELD
from config.revision_changes import text_diff
from config.revisions import revision_revert
from config.roles import EDITOR, REGIOMANAGER, roles_sync
from manifestos.models import Recommendation, Theme
from tests.factories import (
    AdoptionFactory,
    CampaignEventFactory,
    CampaignFactory,
    ContactFactory,
    EditionFactory,
    PartyFactory,
    RecommendationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.html import change_form_data, find_all, parse_page, text
from tests.test_concurrent_editing import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna():
    roles_sync()
    return UserFactory(staff=True, role=EDITOR, first_name="Anna", last_name="de Smid")


@pytest.fixture
def theme():
    theme = ThemeFactory(
        edition=EditionFactory(campaign=CampaignFactory()), title="Vakmensen", intro="Oud."
    )
    RecommendationFactory(theme=theme, body="Investeer in opleidingen voor vakmensen.")
    RecommendationFactory(theme=theme, body="Maak stages makkelijker.")
    return theme


def theme_url(theme, view="change", *args):
    return reverse(f"admin:manifestos_theme_{view}", args=[theme.pk, *args])


def save_theme(client, theme, **changes):
    """Open the theme's change form and save it with `changes` (form field names)."""
    url = theme_url(theme)
    data = {**change_form_data(client.get(url)), **changes}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def bodies(theme):
    return list(Recommendation.objects.filter(theme=theme).values_list("body", flat=True))


def versions(obj):
    return list(Version.objects.get_for_object(obj).select_related("revision__user"))


def revert(client, theme, version, **extra):
    url = theme_url(theme, "revision_revert", version.pk)
    form = client.get(url)
    assert form.status_code == 200
    token = form.context["state_token"]
    return client.post(url, {STATE_FIELD: token, **extra})


def test_each_save_is_a_version_with_who_and_what(anna, theme):
    client = logged_in(anna)
    save_theme(client, theme, title="Vakmensen voor de regio")

    # Its state before (made outside the admin), then the save.
    version, before = versions(theme)
    assert before.field_dict["title"] == "Vakmensen"
    assert version.revision.user == anna
    assert version.revision.get_comment() == "Titel gewijzigd."
    # The theme's recommendations are in the same version.
    kept = version.revision.version_set.filter(content_type__model="recommendation")
    assert kept.count() == 2

    page = client.get(theme_url(theme, "history")).content.decode()
    assert "Anna de Smid" in page
    assert page.count("Terugzetten naar deze versie") == 1  # not to the current one


def test_two_versions_are_compared_as_whole_texts_side_by_side(anna, theme):
    client = logged_in(anna)
    save_theme(client, theme)
    long_text = "Een lange inleiding. " * 30
    save_theme(client, theme, intro=long_text + "Met een nieuw slot.")
    new, old = versions(theme)[:2]

    page = client.get(theme_url(theme, "revision_compare"), {"van": old.pk, "naar": new.pk})
    cells = {
        css: [text(cell) for cell in find_all(parse_page(page), "td", css)]
        for css in ("revision-old", "revision-new")
    }
    assert cells["revision-old"] == ["Oud."]
    # Whole, not cut at 300 characters as the old history did.
    assert cells["revision-new"] == [(long_text + "Met een nieuw slot.").strip()]
    html = page.content.decode()
    assert "<del>Oud.</del>" in html
    assert "Met een nieuw slot.</ins>" in html


def _edition_page_queries(client, themes):
    """Queries of the comparison and the revert page of an edition with `themes` themes
    of two recommendations each, after its title was changed in the admin."""
    edition = EditionFactory(campaign=CampaignFactory(), title="Editie")
    for _ in range(themes):
        RecommendationFactory.create_batch(2, theme=ThemeFactory(edition=edition))
    url = reverse("admin:manifestos_edition_change", args=[edition.pk])
    saved = client.post(url, {**change_form_data(client.get(url)), "title": "Editie 2"})
    assert saved.status_code == 302, saved.context["errors"]
    new, old = versions(edition)[:2]
    pages = [
        (reverse("admin:manifestos_edition_revision_compare", args=[edition.pk]),
         {"van": old.pk, "naar": new.pk}),
        (reverse("admin:manifestos_edition_revision_revert", args=[edition.pk, old.pk]), {}),
    ]  # fmt: skip
    counts = []
    for page_url, query in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page_url, query)
        # The title's change is shown (marked in one column or the other).
        assert " 2</" in response.content.decode()
        counts.append(len(queries))
    return counts


def test_comparing_and_reverting_an_edition_costs_the_same_for_more_themes(anna):
    client = logged_in(anna)
    assert _edition_page_queries(client, 2) == _edition_page_queries(client, 6)


def test_the_diff_marks_only_the_words_that_differ():
    old, new = text_diff(
        "Investeer in <opleidingen> voor vakmensen.", "Investeer in stages voor vakmensen."
    )
    assert str(old) == "Investeer in <del>&lt;opleidingen&gt;</del> voor vakmensen."
    assert str(new) == "Investeer in <ins>stages</ins> voor vakmensen."


def test_revert_puts_back_the_theme_with_its_recommendations(anna, theme):
    client = logged_in(anna)
    save_theme(client, theme)
    first = versions(theme)[0]
    first_bodies = bodies(theme)
    # Changed: the title, the first recommendation; the second removed, a third added.
    data = change_form_data(client.get(theme_url(theme)))
    data.update(
        {
            "title": "Anders",
            "recommendations-0-body": "Iets heel anders.",
            "recommendations-1-DELETE": "on",
            "recommendations-2-body": "Een nieuwe aanbeveling.",
            "recommendations-2-position": "3",
        }
    )
    assert client.post(theme_url(theme), data).status_code == 302
    assert bodies(theme) == ["<p>Iets heel anders.</p>", "<p>Een nieuwe aanbeveling.</p>"]

    confirm = client.get(theme_url(theme, "revision_revert", first.pk)).content.decode()
    assert "Wat er verandert" in confirm
    assert "Een nieuwe aanbeveling." in confirm
    response = revert(client, theme, first)

    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.title == "Vakmensen"
    assert bodies(theme) == first_bodies
    # The revert is a new version by who did it; the one before it can be gone back to.
    latest = versions(theme)[0]
    assert latest.revision.user == anna
    assert "Teruggezet naar de versie van" in latest.revision.get_comment()
    assert versions(theme)[1].field_dict["title"] == "Anders"


def test_revert_shows_on_the_public_page_at_once(anna, theme, settings):
    """The revert itself changes the page cache's version (the models' save signals), not
    only the request around it."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    page_cache.reset_token_backend()
    client = logged_in(anna)
    save_theme(client, theme)
    first = versions(theme)[0]
    save_theme(client, theme, title="Anders")
    before = page_cache.current_token()

    revision_revert(first, anna, "Teruggezet.")

    assert page_cache.current_token() != before
    assert Theme.objects.get(pk=theme.pk).title == "Vakmensen"


def test_a_failing_revert_changes_nothing(anna, theme):
    client = logged_in(anna)
    save_theme(client, theme)
    first = versions(theme)[0]
    save_theme(client, theme, title="Anders", **{"recommendations-0-body": "Gewijzigd."})
    # The last recommendation of the old version cannot be saved (its position is not
    # allowed): the theme and the first recommendation were put back before it.
    broken = first.revision.version_set.filter(content_type__model="recommendation").latest("pk")
    data = json.loads(broken.serialized_data)
    data[0]["fields"]["position"] = 0
    Version.objects.filter(pk=broken.pk).update(serialized_data=json.dumps(data))
    state = (Theme.objects.get(pk=theme.pk).title, bodies(theme), Version.objects.count())

    response = revert(client, theme, first)

    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert any("Er is niets veranderd." in message for message in messages)
    assert (Theme.objects.get(pk=theme.pk).title, bodies(theme), Version.objects.count()) == state


def test_a_revert_that_would_remove_an_adopted_recommendation_is_refused(anna, theme):
    client = logged_in(anna)
    save_theme(client, theme)
    first = versions(theme)[0]
    added = RecommendationFactory(theme=theme, body="Later toegevoegd.")
    save_theme(client, theme, title="Anders")
    # A party took the added recommendation over: it cannot simply go.
    AdoptionFactory(party=PartyFactory(campaign=theme.edition.campaign), recommendation=added)

    response = revert(client, theme, first)

    assert response.status_code == 200
    said = " ".join(str(message) for message in response.context["messages"])
    assert "een partij die een aanbeveling overnam" in said
    assert Theme.objects.get(pk=theme.pk).title == "Anders"
    assert Recommendation.objects.filter(pk=added.pk).exists()


def test_a_version_that_cannot_be_read_is_said_so(anna, theme):
    client = logged_in(anna)
    save_theme(client, theme)
    first = versions(theme)[0]
    broken = first.revision.version_set.filter(content_type__model="recommendation").latest("pk")
    Version.objects.filter(pk=broken.pk).update(serialized_data="[{kapot")

    response = client.get(theme_url(theme, "revision_revert", first.pk), follow=True)

    assert "Een versie kan niet meer worden gelezen" in response.content.decode()


def test_a_revert_over_a_newer_save_is_refused(anna, theme):
    client = logged_in(anna)
    save_theme(client, theme)
    first = versions(theme)[0]
    save_theme(client, theme, title="Anders")
    url = theme_url(theme, "revision_revert", first.pk)
    token = client.get(url).context["state_token"]
    # Someone saves after the confirmation page was opened.
    save_theme(logged_in(UserFactory(staff=True, role=EDITOR)), theme, title="Van Bram")

    response = client.post(url, {STATE_FIELD: token})

    assert response.status_code == 200
    assert "Titel: ‘Anders’ werd ‘Van Bram’" in response.context["conflict"]
    assert Theme.objects.get(pk=theme.pk).title == "Van Bram"


def test_a_deleted_recommendation_is_recovered(anna, theme):
    client = logged_in(anna)
    save_theme(client, theme)
    gone = theme.recommendations.order_by("position").first()
    data = change_form_data(client.get(theme_url(theme)))
    save_theme(client, theme, **{**data, "recommendations-0-DELETE": "on"})
    assert not Recommendation.objects.filter(pk=gone.pk).exists()
    # Its place was taken since: the other moved up.
    assert list(theme.recommendations.values_list("position", flat=True)) == [gone.position]

    changelist = client.get(reverse("admin:manifestos_recommendation_changelist"))
    assert "Verwijderde aanbevelingen terughalen" in changelist.content.decode()
    listed = client.get(reverse("admin:manifestos_recommendation_recover_list"))
    assert "Investeer in opleidingen voor vakmensen." in listed.content.decode()
    version = Version.objects.get_deleted(Recommendation).get(object_id=str(gone.pk))
    url = reverse("admin:manifestos_recommendation_recover", args=[version.pk])
    assert "Ja, terughalen" in client.get(url).content.decode()
    response = client.post(url)

    assert response.status_code == 302
    recovered = Recommendation.objects.get(pk=gone.pk)
    assert recovered.body == "<p>Investeer in opleidingen voor vakmensen.</p>"
    assert recovered.position == 2  # after its sibling
    assert versions(recovered)[0].revision.user == anna


def test_a_deleted_theme_comes_back_with_its_recommendations(anna, theme):
    client = logged_in(anna)
    theme_pk, first_bodies = theme.pk, bodies(theme)
    # Never saved through the admin: deleting it keeps a last version first.
    response = client.post(theme_url(theme, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not Theme.objects.filter(pk=theme_pk).exists()

    version = Version.objects.get_deleted(Theme).get(object_id=str(theme_pk))
    client.post(reverse("admin:manifestos_theme_recover", args=[version.pk]))

    assert Theme.objects.get(pk=theme_pk).title == "Vakmensen"
    assert bodies(Theme.objects.get(pk=theme_pk)) == first_bodies


def test_an_agenda_event_and_a_campaign_have_versions(anna):
    client = logged_in(anna)
    event = CampaignEventFactory(title="Debat")
    url = reverse("admin:campaigns_campaignevent_change", args=[event.pk])
    client.post(url, {**change_form_data(client.get(url)), "title": "Lijsttrekkersdebat"})

    version, before = versions(event)[:2]
    assert version.revision.user == anna
    assert version.field_dict["title"] == "Lijsttrekkersdebat"
    sequence = CampaignEvent.objects.get(pk=event.pk).sequence

    revert_url = reverse(
        "admin:campaigns_campaignevent_revision_revert", args=[event.pk, before.pk]
    )
    token = client.get(revert_url).context["state_token"]
    assert client.post(revert_url, {STATE_FIELD: token}).status_code == 302
    event.refresh_from_db()
    # Back to its title, and one version further for the calendars that have it.
    assert (event.title, event.sequence) == ("Debat", sequence + 1)


class TestRegiomanager:
    @pytest.fixture
    def regiomanager(self):
        roles_sync()
        return UserFactory(staff=True, role=REGIOMANAGER)

    @pytest.fixture
    def cards(self, regiomanager, admin_user):
        own = ContactFactory(user=regiomanager, phone="06 - 111 111 11")
        other = ContactFactory(user=UserFactory(staff=True), phone="06 - 222 222 22")
        client = logged_in(admin_user)
        for card in (own, other):
            url = reverse("admin:regions_contact_change", args=[card.pk])
            saved = client.post(
                url, {**change_form_data(client.get(url)), "phone": "030 - 605 33 44"}
            )
            assert saved.status_code == 302
        return own, other

    def test_they_revert_their_own_card(self, regiomanager, cards):
        own, _other = cards
        client = logged_in(regiomanager)
        url = reverse("admin:regions_contact_change", args=[own.pk])
        client.post(url, {**change_form_data(client.get(url)), "phone": "06 - 999 999 99"})
        first = versions(own)[1]  # the save before theirs

        revert_url = reverse("admin:regions_contact_revision_revert", args=[own.pk, first.pk])
        token = client.get(revert_url).context["state_token"]
        assert client.post(revert_url, {STATE_FIELD: token}).status_code == 302
        own.refresh_from_db()
        assert own.phone == "030 - 605 33 44"

    def test_they_cannot_revert_or_compare_anothers_card(self, regiomanager, cards):
        _own, other = cards
        client = logged_in(regiomanager)
        version = versions(other)[0]
        revert_url = reverse("admin:regions_contact_revision_revert", args=[other.pk, version.pk])
        compare_url = reverse("admin:regions_contact_revision_compare", args=[other.pk])

        assert client.get(revert_url).status_code in (403, 404)
        assert client.post(revert_url, {}).status_code in (403, 404)
        assert client.get(compare_url, {"van": version.pk, "naar": version.pk}).status_code in (
            403,
            404,
        )
        other.refresh_from_db()
        assert other.phone == "030 - 605 33 44"

    def test_they_cannot_recover_deleted_cards_or_parties(self, regiomanager):
        """Deleted cards and parties are of every district; a regiomanager sees their own."""
        client = logged_in(regiomanager)
        for model in ("regions_contact", "manifestos_party"):
            assert client.get(reverse(f"admin:{model}_recover_list")).status_code == 403
            assert (
                "terughalen"
                not in client.get(reverse(f"admin:{model}_changelist")).content.decode()
            )


def test_the_old_logged_values_stay_readable(anna, theme):
    """Before the revisions, the log kept old and new values: still shown, read-only."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.create(
        user=anna,
        content_type=ContentType.objects.get_for_model(Theme),
        object_id=str(theme.pk),
        object_repr=str(theme),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Titel"]}}, {"values": [{"field": "Titel", '
        '"old": "Vakmens", "new": "Vakmensen"}]}]',
    )
    page = logged_in(anna).get(theme_url(theme, "history")).content.decode()
    assert "<del>Vakmens</del> → <ins>Vakmensen</ins>" in page
