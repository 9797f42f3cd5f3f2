"""Drafts of live content: a working copy of a published edition is edited and previewed
while visitors keep the published text, and goes live now or at its own moment."""

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from campaigns.models import Campaign
from config.revisions import revision_by
from config.roles import EDITOR, roles_sync
from manifestos.admin.editions import previous_theme_choices
from manifestos.lobby.admin import recommendations_for
from manifestos.models import Edition, Recommendation, Theme
from manifestos.publication_warnings import draft_editions
from manifestos.publishing import (
    edition_publish,
    publication_archive,
    publication_schedule,
    publication_unpublish,
)
from manifestos.services import campaign_copy
from manifestos.working_copies import (
    publish_due_working_copies,
    working_copy_publish,
    working_copy_start,
)
from tests.factories import (
    AdoptionFactory,
    CampaignFactory,
    EditionFactory,
    MunicipalityFactory,
    PartyFactory,
    RecommendationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.html import change_form_data

pytestmark = pytest.mark.django_db

Status = Campaign.Status


def visible_text(response):
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", content)).replace("\u00ad", "")
    return " ".join(text.split())


@pytest.fixture
def live():
    """A public campaign with a published national edition: two themes (one with a
    sub-theme), recommendations, and a municipality that has its page."""
    campaign = CampaignFactory(slug="gr2026")
    edition = EditionFactory(campaign=campaign, intro="<p>De oude inleiding.</p>")
    energy = ThemeFactory(edition=edition, title="Energie")
    work = ThemeFactory(edition=edition, title="Werk")
    sub = ThemeFactory(parent=work, title="Scholing")
    RecommendationFactory(theme=energy, body="<p>Netcongestie oplossen.</p>")
    RecommendationFactory(theme=energy, body="<p>Subsidie voor zonnepanelen.</p>")
    RecommendationFactory(theme=sub, body="<p>Meer praktijkonderwijs.</p>")
    municipality = MunicipalityFactory(name="Utrecht", slug="utrecht")
    return edition, municipality


def page(client, edition, municipality):
    return client.get(f"/{edition.campaign.slug}/gemeente/{municipality.slug}/")


def adopt_solar_panels(edition, municipality):
    """A party in the municipality adopted the edition's recommendation on solar panels."""
    adopted = Recommendation.objects.get(theme__edition=edition, body__contains="zonnepanelen")
    party = PartyFactory(campaign=edition.campaign, municipality=municipality)
    AdoptionFactory(party=party, recommendation=adopted)
    return adopted


def edit(copy, intro="<p>De nieuwe inleiding.</p>"):
    """Change the copy as an editor would: the intro, one recommendation, a new theme."""
    copy.intro = intro
    copy.save()
    recommendation = Recommendation.objects.get(theme__edition=copy, body__contains="Netcongestie")
    recommendation.body = "<p>Netcongestie binnen twee jaar oplossen.</p>"
    recommendation.save()
    Recommendation.objects.get(theme__edition=copy, body__contains="zonnepanelen").delete()
    new = ThemeFactory(edition=copy, title="Digitalisering")
    RecommendationFactory(theme=new, body="<p>Snel internet op bedrijventerreinen.</p>")


class TestStart:
    def test_a_copy_has_the_edition_whole_and_points_at_what_it_replaces(self, live):
        edition, _municipality = live

        copy = working_copy_start(edition=edition)

        assert copy.status == Status.DRAFT and copy.replaces == edition
        assert copy.intro == edition.intro
        titles = {theme.title: theme for theme in copy.themes.all()}
        assert set(titles) == {"Energie", "Werk", "Scholing"}
        assert titles["Scholing"].parent == titles["Werk"]
        assert titles["Energie"].replaces == Theme.objects.get(edition=edition, title="Energie")
        assert titles["Energie"].slug == "energie"
        copied = Recommendation.objects.filter(theme__edition=copy)
        assert copied.count() == 3
        assert all(r.replaces.theme.edition_id == edition.pk for r in copied)

    def test_the_public_page_keeps_the_published_text_and_the_preview_shows_the_copy(
        self, live, client
    ):
        edition, municipality = live
        edit(working_copy_start(edition=edition))

        public = visible_text(page(client, edition, municipality))
        assert "De oude inleiding." in public
        assert "Subsidie voor zonnepanelen." in public
        assert "Digitalisering" not in public

        roles_sync()
        client.force_login(UserFactory(staff=True, role=EDITOR))
        preview = client.get(f"/voorbeeld/{edition.campaign.slug}/gemeente/{municipality.slug}/")
        text = visible_text(preview)
        assert "De nieuwe inleiding." in text and "De oude inleiding." not in text
        assert "bezoekers zien de gepubliceerde tekst tot het concept gepubliceerd wordt" in text
        assert "Digitalisering" in text
        assert "Subsidie voor zonnepanelen." not in text

    def test_refused_for_a_draft_a_copy_and_a_second_copy(self, live):
        edition, _municipality = live
        draft = EditionFactory(campaign=edition.campaign, for_province=True, status=Status.DRAFT)
        copy = working_copy_start(edition=edition)
        for target, words in (
            (draft, "nog een concept"),
            (copy, "al een concept"),
            (edition, "heeft al een concept"),
        ):
            with pytest.raises(ValidationError) as refused:
                working_copy_start(edition=target)
            assert words in refused.value.messages[0]
        assert Edition.objects.count() == 3


class TestPublishNow:
    def test_the_edition_takes_the_copy_s_content_and_keeps_its_ids(self, live, client):
        edition, municipality = live
        kept = Recommendation.objects.get(theme__edition=edition, body__contains="Netcongestie")
        themes_before = set(Theme.objects.filter(edition=edition).values_list("pk", flat=True))
        copy = working_copy_start(edition=edition)
        edit(copy)

        result = edition_publish(edition=copy)

        assert result.pk == edition.pk
        assert not Edition.objects.filter(pk=copy.pk).exists()
        assert Edition.objects.count() == 1
        edition.refresh_from_db()
        assert edition.intro == "<p>De nieuwe inleiding.</p>"
        assert edition.status == Status.PUBLISHED
        kept.refresh_from_db()
        assert kept.body == "<p>Netcongestie binnen twee jaar oplossen.</p>"
        themes_after = set(Theme.objects.filter(edition=edition).values_list("pk", flat=True))
        assert themes_before < themes_after  # the same three, plus the new one
        assert not Recommendation.objects.filter(body__contains="zonnepanelen").exists()
        text = visible_text(page(client, edition, municipality))
        assert "De nieuwe inleiding." in text and "Digitalisering" in text
        assert "Subsidie voor zonnepanelen." not in text

    def test_order_and_a_moved_sub_theme_are_taken_over(self, live):
        edition, _municipality = live
        copy = working_copy_start(edition=edition)
        energy, work = copy.themes.get(title="Energie"), copy.themes.get(title="Werk")
        Theme.objects.filter(pk=energy.pk).update(position=99)
        Theme.objects.filter(pk=work.pk).update(position=1)
        Theme.objects.filter(pk=energy.pk).update(position=2)
        copy.themes.filter(title="Scholing").update(parent=energy)

        working_copy_publish(copy=copy)

        order = list(
            Theme.objects.filter(edition=edition, parent=None)
            .order_by("position")
            .values_list("title", flat=True)
        )
        assert order == ["Werk", "Energie"]
        scholing = Theme.objects.get(edition=edition, title="Scholing")
        assert scholing.parent.title == "Energie"
        assert scholing.recommendations.get().body == "<p>Meer praktijkonderwijs.</p>"

    def test_a_recommendation_a_party_adopted_cannot_be_left_out(self, live):
        edition, municipality = live
        adopt_solar_panels(edition, municipality)
        copy = working_copy_start(edition=edition)
        edit(copy)

        with pytest.raises(ValidationError) as refused:
            working_copy_publish(copy=copy)

        assert "partij heeft overgenomen" in refused.value.messages[0]
        assert "zonnepanelen" in refused.value.messages[0]
        edition.refresh_from_db()
        assert edition.intro == "<p>De oude inleiding.</p>"
        assert Edition.objects.filter(pk=copy.pk).exists()

    def test_the_folded_copy_leaves_no_deleted_objects_to_bring_back(self, live):
        edition, _municipality = live
        user = UserFactory(staff=True)
        copy = working_copy_start(edition=edition)
        edit(copy)
        copy_themes = list(copy.themes.values_list("pk", flat=True))

        working_copy_publish(copy=copy, user=user)

        assert not Version.objects.get_for_model(Edition).filter(object_id=str(copy.pk))
        assert not Version.objects.get_for_model(Theme).filter(
            object_id__in=[str(pk) for pk in copy_themes]
        )
        latest = Version.objects.get_for_object(edition).first()
        assert latest.revision.user == user
        assert latest.revision.comment == "Concept met wijzigingen gepubliceerd."

    def test_a_working_copy_cannot_be_archived(self, live):
        edition, _municipality = live
        copy = working_copy_start(edition=edition)
        copy.status, copy.published_at = Status.PUBLISHED, timezone.now()
        copy.save()
        with pytest.raises(ValidationError, match="niet gearchiveerd"):
            publication_archive(item=copy)


class TestScheduled:
    def test_visitors_see_the_old_text_until_the_moment_and_the_new_one_from_then_on(
        self, live, client, clock
    ):
        edition, municipality = live
        now = clock.set(timezone.now())
        moment = now + datetime.timedelta(hours=2)
        copy = working_copy_start(edition=edition)
        edit(copy)
        copy.status, copy.published_at = Status.PUBLISHED, moment
        copy.save()

        before = visible_text(page(client, edition, municipality))
        clock.set(moment - datetime.timedelta(seconds=1))
        still = visible_text(page(client, edition, municipality))
        api_before = client.get("/api/v1/editions/gr2026/national/").json()
        clock.set(moment)
        after = visible_text(page(client, edition, municipality))
        api_after = client.get("/api/v1/editions/gr2026/national/").json()

        assert "De oude inleiding." in before and "De oude inleiding." in still
        assert "De nieuwe inleiding." in after and "Digitalisering" in after
        assert "De oude inleiding." in str(api_before) and "De nieuwe inleiding." in str(api_after)

        # Folded in afterwards: the same page, now from the edition itself.
        assert publish_due_working_copies() == []
        assert Edition.objects.count() == 1
        assert "De nieuwe inleiding." in visible_text(page(client, edition, municipality))

    def test_a_withdrawn_edition_is_not_brought_back_by_its_working_copy(self, live, client, clock):
        edition, municipality = live
        now = clock.set(timezone.now())
        copy = working_copy_start(edition=edition)
        copy.intro = "<p>Gepland.</p>"
        copy.status, copy.published_at = Status.PUBLISHED, now + datetime.timedelta(hours=1)
        copy.save()
        publication_unpublish(item=edition)

        clock.set(now + datetime.timedelta(hours=2))

        assert not Edition.objects.public().exists()
        assert page(client, edition, municipality).status_code == 404

    def test_a_working_copy_needs_a_moment_to_be_scheduled(self, live):
        copy = working_copy_start(edition=live[0])
        copy.status = Status.PUBLISHED
        with pytest.raises(ValidationError, match="publicatiemoment"):
            copy.full_clean()

    def test_the_command_folds_in_what_is_due_and_nothing_else(self, live, clock):
        edition, _municipality = live
        now = clock.set(timezone.now())
        copy = working_copy_start(edition=edition)
        copy.intro = "<p>Later.</p>"
        copy.status, copy.published_at = Status.PUBLISHED, now + datetime.timedelta(days=1)
        copy.save()

        call_command("publish_scheduled")
        assert Edition.objects.filter(pk=copy.pk).exists()
        clock.set(now + datetime.timedelta(days=1, minutes=1))
        call_command("publish_scheduled")
        assert not Edition.objects.filter(pk=copy.pk).exists()
        edition.refresh_from_db()
        assert edition.intro == "<p>Later.</p>"

    def test_the_planning_lists_a_scheduled_working_copy(self, live):
        edition, _municipality = live
        copy = working_copy_start(edition=edition)
        moment = timezone.now() + datetime.timedelta(days=3)
        copy.status, copy.published_at = Status.PUBLISHED, moment
        copy.save()

        upcoming, _recent = publication_schedule()

        assert [(entry.moment, entry.edition) for entry in upcoming] == [(moment, copy)]


class TestElsewhereACopyIsNoEdition:
    def test_not_copied_with_its_campaign_nor_counted_as_a_draft_edition(self, live):
        edition, _municipality = live
        working_copy_start(edition=edition)

        copy = campaign_copy(
            source=edition.campaign,
            name="Gemeenteraadsverkiezingen 2030",
            slug="gr2030",
            election_date=datetime.date(2030, 3, 20),
        )

        assert copy.editions.count() == 1
        assert draft_editions(campaign=edition.campaign) == []

    def test_parties_adopt_the_published_recommendations_only(self, live):
        edition, municipality = live
        working_copy_start(edition=edition)
        party = PartyFactory(campaign=edition.campaign, municipality=municipality)

        choices = recommendations_for(party)

        assert choices.count() == 3
        assert {r.theme.edition_id for r in choices} == {edition.pk}


class TestAdmin:
    @pytest.fixture
    def editor_client(self, client):
        roles_sync()
        client.force_login(UserFactory(staff=True, role=EDITOR))
        return client

    def test_an_editor_starts_a_copy_edits_it_and_publishes_it_from_its_page(
        self, live, editor_client
    ):
        edition, municipality = live
        page_url = reverse("admin:manifestos_edition_change", args=[edition.pk])
        assert "Wijzigingen voorbereiden in een concept" in visible_text(
            editor_client.get(page_url)
        )

        started = editor_client.post(
            reverse("admin:manifestos_edition_working_copy_start", args=[edition.pk]),
            follow=True,
        )
        copy = Edition.objects.get(replaces=edition)
        assert started.redirect_chain[-1][0] == reverse(
            "admin:manifestos_edition_change", args=[copy.pk]
        )
        text = visible_text(started)
        assert "Concept met wijzigingen gemaakt." in text
        assert "Bezoekers zien de gepubliceerde tekst tot je dit concept publiceert" in text
        assert "Wijzigingen nu publiceren" in text
        assert "concept met wijzigingen van deze editie" in visible_text(
            editor_client.get(page_url)
        )
        assert "(concept met wijzigingen)" in visible_text(
            editor_client.get(reverse("admin:manifestos_edition_changelist"))
        )

        # Its campaign and scope are its edition's.
        form = editor_client.get(reverse("admin:manifestos_edition_change", args=[copy.pk]))
        assert 'name="municipality"' not in form.content.decode()
        assert 'name="campaign"' not in form.content.decode()
        edit(copy)
        published = editor_client.post(
            reverse("admin:manifestos_edition_working_copy_publish", args=[copy.pk]),
            follow=True,
        )
        assert "De wijzigingen zijn gepubliceerd" in visible_text(published)
        assert published.redirect_chain[-1][0] == page_url
        edition.refresh_from_db()
        assert edition.intro == "<p>De nieuwe inleiding.</p>"
        assert "De nieuwe inleiding." in visible_text(page(editor_client, edition, municipality))

    def test_starting_or_publishing_takes_a_post(self, live, editor_client):
        edition, _municipality = live
        url = reverse("admin:manifestos_edition_working_copy_start", args=[edition.pk])
        assert editor_client.get(url).status_code == 405
        assert not Edition.objects.filter(replaces=edition).exists()

    def test_a_refused_publication_says_why_and_keeps_the_copy(self, live, editor_client):
        edition, municipality = live
        adopt_solar_panels(edition, municipality)
        copy = working_copy_start(edition=edition)
        edit(copy)

        response = editor_client.post(
            reverse("admin:manifestos_edition_working_copy_publish", args=[copy.pk]),
            follow=True,
        )

        assert "Dit concept laat aanbevelingen weg die een partij heeft overgenomen" in (
            visible_text(response)
        )
        assert Edition.objects.filter(pk=copy.pk).exists()

    def test_a_copy_whose_moment_passed_is_folded_in_when_staff_open_the_editions(
        self, live, editor_client, clock
    ):
        edition, _municipality = live
        now = clock.set(timezone.now())
        copy = working_copy_start(edition=edition)
        copy.intro = "<p>Gepland.</p>"
        copy.status, copy.published_at = Status.PUBLISHED, now + datetime.timedelta(hours=1)
        copy.save()
        planning = visible_text(editor_client.get(reverse("admin:campaigns_campaign_planning")))
        assert "wijzigingen in de gepubliceerde editie landelijk" in planning

        clock.set(now + datetime.timedelta(hours=2))
        editor_client.get(reverse("admin:manifestos_edition_changelist"))

        assert not Edition.objects.filter(pk=copy.pk).exists()
        edition.refresh_from_db()
        assert edition.intro == "<p>Gepland.</p>"


class TestWhatCouldGoWrong:
    def test_a_new_theme_may_take_a_kept_theme_s_old_slug_and_slugs_may_swap(self, live):
        edition, _municipality = live
        copy = working_copy_start(edition=edition)
        copy.themes.filter(slug="energie").update(slug="energiebeleid")
        copy.themes.filter(slug="werk").update(slug="energie")
        copy.themes.filter(slug="energiebeleid").update(slug="werk")
        ThemeFactory(edition=copy, title="Werk en inkomen", slug="scholing-2")
        copy.themes.filter(slug="scholing").update(slug="scholing-3")

        working_copy_publish(copy=copy)

        slugs = dict(Theme.objects.filter(edition=edition).values_list("title", "slug"))
        assert slugs == {
            "Energie": "werk",
            "Werk": "energie",
            "Scholing": "scholing-3",
            "Werk en inkomen": "scholing-2",
        }

    def test_a_copy_that_leaves_out_an_adopted_recommendation_cannot_be_scheduled(
        self, live, clock
    ):
        edition, municipality = live
        adopted = adopt_solar_panels(edition, municipality)
        copy = working_copy_start(edition=edition)
        Recommendation.objects.get(theme__edition=copy, replaces=adopted).delete()
        copy.status, copy.published_at = Status.PUBLISHED, timezone.now()

        with pytest.raises(ValidationError, match="partij heeft overgenomen"):
            copy.full_clean()

        # Scheduled all the same (outside the admin): the fold-in says why it cannot.
        copy.save()
        clock.set(timezone.now() + datetime.timedelta(minutes=1))
        [(refused, reason)] = publish_due_working_copies()
        assert refused == copy and "zonnepanelen" in reason
        assert Recommendation.objects.filter(pk=adopted.pk).exists()

    def test_a_row_linked_to_another_edition_is_added_and_the_other_edition_keeps_its_own(
        self, live
    ):
        edition, _municipality = live
        other = EditionFactory(campaign=edition.campaign, for_province=True)
        elsewhere = RecommendationFactory(theme=ThemeFactory(edition=other), body="<p>Daar.</p>")
        copy = working_copy_start(edition=edition)
        Recommendation.objects.filter(theme__edition=copy).update(replaces=elsewhere)

        working_copy_publish(copy=copy)

        elsewhere.refresh_from_db()
        assert elsewhere.body == "<p>Daar.</p>" and elsewhere.theme.edition == other
        assert Recommendation.objects.filter(theme__edition=edition).count() == 3

    def test_rows_deleted_from_the_copy_while_editing_are_not_offered_back(self, live):
        edition, _municipality = live
        user = UserFactory(staff=True)
        copy = working_copy_start(edition=edition)
        gone = copy.themes.get(title="Energie")
        gone_recommendations = [str(pk) for pk in gone.recommendations.values_list("pk", flat=True)]
        with revision_by(user):
            gone.delete()  # in the admin: a version of how it was is kept

        working_copy_publish(copy=copy, user=user)

        assert not Version.objects.get_deleted(Theme).filter(object_id=str(gone.pk))
        assert not Version.objects.get_deleted(Recommendation).filter(
            object_id__in=gone_recommendations
        )
        # The edition's own theme that the copy left out can be brought back.
        assert Version.objects.get_deleted(Theme).get().object_id == str(gone.replaces_id)

    def test_the_planning_lists_a_copy_scheduled_before_its_campaign_went_public(self, live):
        edition, _municipality = live
        copy = working_copy_start(edition=edition)
        # A moment at or before the campaign's: not "with the campaign", it is a change.
        copy.status, copy.published_at = Status.PUBLISHED, edition.campaign.published_at
        copy.save()

        _upcoming, recent = publication_schedule()

        assert copy in [entry.edition for entry in recent]


class TestAdminWhileACopyExists:
    @pytest.fixture
    def editor(self):
        roles_sync()
        return UserFactory(staff=True, role=EDITOR)

    @pytest.fixture
    def editor_client(self, client, editor):
        client.force_login(editor)
        return client

    def test_the_edition_its_themes_and_recommendations_are_read_only(self, live, editor_client):
        edition, _municipality = live
        theme = edition.themes.get(title="Energie")
        recommendation = theme.recommendations.first()
        working_copy_start(edition=edition)

        for model, obj in (
            ("edition", edition),
            ("theme", theme),
            ("recommendation", recommendation),
        ):
            url = reverse(f"admin:manifestos_{model}_change", args=[obj.pk])
            assert 'name="_save"' not in editor_client.get(url).content.decode()
            assert editor_client.post(url, {}).status_code == 403
        assert editor_client.get(f"/admin/manifestos/theme/{theme.pk}/delete/").status_code == 403

    def test_the_campaign_page_lists_no_copy_among_its_editions(self, live, editor_client):
        edition, _municipality = live
        working_copy_start(edition=edition)
        page = editor_client.get(
            reverse("admin:campaigns_campaign_change", args=[edition.campaign.pk])
        )
        assert page.context["inline_admin_formsets"][-1].formset.queryset.count() == 1

    def test_saving_a_copy_after_its_moment_keeps_what_was_typed(self, live, editor_client, clock):
        edition, _municipality = live
        now = clock.set(timezone.now())
        copy = working_copy_start(edition=edition)
        copy.status, copy.published_at = Status.PUBLISHED, now + datetime.timedelta(minutes=5)
        copy.save()
        url = reverse("admin:manifestos_edition_change", args=[copy.pk])
        data = change_form_data(editor_client.get(url))  # opened before the moment
        data["title"] = "Later getypt"
        clock.set(now + datetime.timedelta(minutes=10))  # and saved after it

        editor_client.post(url, data)

        assert Edition.objects.get(pk=copy.pk).title == "Later getypt"
        editor_client.get(reverse("admin:manifestos_edition_changelist"))
        assert Edition.objects.get(pk=edition.pk).title == "Later getypt"

    def test_the_publish_action_records_who_published(self, live, editor_client, editor):
        edition, _municipality = live
        copy = working_copy_start(edition=edition)
        editor_client.post(
            reverse("admin:manifestos_edition_changelist"),
            {"action": "publish", "_selected_action": [copy.pk]},
        )
        assert Version.objects.get_for_object(edition).first().revision.user == editor

    def test_a_copy_that_cannot_go_in_is_reported_on_the_editions_page(
        self, live, editor_client, clock
    ):
        edition, municipality = live
        adopted = adopt_solar_panels(edition, municipality)
        copy = working_copy_start(edition=edition)
        Recommendation.objects.get(theme__edition=copy, replaces=adopted).delete()
        Edition.objects.filter(pk=copy.pk).update(
            status=Status.PUBLISHED, published_at=clock.set(timezone.now())
        )

        text = visible_text(editor_client.get(reverse("admin:manifestos_edition_changelist")))

        assert "konden niet in de editie worden gezet" in text
        assert "zonnepanelen" in text

    def test_no_theme_of_a_copy_is_offered_as_an_earlier_election_s_theme(self, live):
        edition, _municipality = live
        working_copy_start(edition=edition)
        assert {theme.edition_id for theme in previous_theme_choices(None)} == {edition.pk}
