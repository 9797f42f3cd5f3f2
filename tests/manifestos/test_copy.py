"""Reuse: a redacteur copies GR2022 into a new draft GR2030, and compares the two.

The copy repeats every edition, theme (sub-themes under the copies of their
parents), recommendation and key figure, as a draft nobody outside sees; a bad
name, address or date leaves nothing behind. The comparison shows, per edition
and theme, exactly the recommendations added, removed and edited since.
"""

import datetime

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, KeyFigure
from config.roles import EDITOR, REGIOMANAGER
from manifestos.models import Edition, Recommendation, Theme
from manifestos.publication_warnings import old_years
from manifestos.services import campaign_copy, text_diff
from tests.factories import EditionFactory, RecommendationFactory, ThemeFactory, UserFactory
from tests.html import page_html

pytestmark = pytest.mark.django_db

NEW = {"name": "Gemeenteraadsverkiezingen 2030", "slug": "gr2030", "election_date": "2030-03-20"}
MODELS = [Campaign, KeyFigure, Edition, Theme, Recommendation, LogEntry]


@pytest.fixture
def gr2022(demo_content):
    return Campaign.objects.get(slug="gr2022")


@pytest.fixture
def gr2030(gr2022):
    return campaign_copy(source=gr2022, **NEW)


def _staff(group_name):
    user = UserFactory(staff=True, role=group_name)
    return user


@pytest.fixture
def editor_client(client):
    editor = _staff(EDITOR)
    client.force_login(editor)
    client.user = editor
    return client


def _url(view, campaign):
    return reverse(f"admin:campaigns_campaign_{view}", args=[campaign.pk])


def _themes(campaign):
    return Theme.objects.filter(edition__campaign=campaign)


def _recommendations(campaign):
    return Recommendation.objects.filter(theme__edition__campaign=campaign)


def _content(campaign, titles=True):
    """What a reader of the campaign sees, without ids, status or lineage: equal for a copy
    (but for the editions' titles, which move to the new year)."""
    editions = Edition.objects.filter(campaign=campaign)
    return {
        "texts": Campaign.objects.filter(pk=campaign.pk).values(
            "election_type",
            "tagline",
            "web_intro",
            "call_to_action",
            "intro_letter",
            "foreword",
            "foreword_author",
            "foreword_author_role",
            "about",
            "central_contact",
        )[0],
        "key_figures": list(campaign.key_figures.values_list("position", "value", "label")),
        "editions": sorted(
            (
                edition.province_id or 0,
                edition.municipality_id or 0,
                edition.title if titles else None,
                edition.intro,
                edition.closing,
                edition.contact_id,
                sorted(
                    (
                        theme.parent.position if theme.parent_id else 0,
                        theme.position,
                        theme.title,
                        theme.intro,
                        theme.facts_title,
                        theme.facts,
                        theme.quote,
                        theme.quote_author,
                        theme.quote_author_role,
                        [
                            (rec.position, rec.lead, rec.body, rec.points, rec.conclusion)
                            for rec in theme.recommendations.all()
                        ],
                    )
                    for theme in edition.themes.select_related("parent")
                    .prefetch_related("recommendations")
                    .order_by("position")
                ),
            )
            for edition in editions
        ),
    }


def _snapshot(campaign):
    """Every stored value of a campaign and its content, timestamps included."""
    return [
        list(Campaign.objects.filter(pk=campaign.pk).values()),
        list(KeyFigure.objects.filter(campaign=campaign).order_by("pk").values()),
        list(Edition.objects.filter(campaign=campaign).order_by("pk").values()),
        list(_themes(campaign).order_by("pk").values()),
        list(_recommendations(campaign).order_by("pk").values()),
    ]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


# --- the service ----------------------------------------------------------------------


class TestCampaignCopy:
    def test_copies_every_edition_theme_recommendation_and_key_figure(self, gr2022, gr2030):
        assert gr2030.name == "Gemeenteraadsverkiezingen 2030"
        assert gr2030.slug == "gr2030"
        assert gr2030.election_date == datetime.date(2030, 3, 20)
        assert _themes(gr2022).filter(parent__isnull=False).exists(), "GR2022 has sub-themes"
        assert KeyFigure.objects.filter(campaign=gr2030).count() == 3
        assert (
            Edition.objects.filter(campaign=gr2030).count()
            == Edition.objects.filter(campaign=gr2022).count()
        )
        assert _themes(gr2030).count() == _themes(gr2022).count()
        assert _themes(gr2030).filter(parent__isnull=False).count() == (
            _themes(gr2022).filter(parent__isnull=False).count()
        )
        assert _recommendations(gr2030).count() == _recommendations(gr2022).count()
        assert _content(gr2030, titles=False) == _content(gr2022, titles=False)

    def test_edition_titles_move_to_the_new_elections_year(self, gr2022, gr2030):
        assert list(Edition.objects.filter(campaign=gr2022).values_list("title", flat=True)) == [
            "Verkiezingen Gemeenteraad 2022"
        ]
        assert list(Edition.objects.filter(campaign=gr2030).values_list("title", flat=True)) == [
            "Verkiezingen Gemeenteraad 2030"
        ]

    def test_the_copy_is_a_draft_linked_to_its_source(self, gr2022, gr2030):
        assert gr2022.status == Campaign.Status.ARCHIVED
        assert (gr2030.status, gr2030.published_at, gr2030.copied_from) == (
            Campaign.Status.DRAFT,
            None,
            gr2022,
        )
        assert set(
            Edition.objects.filter(campaign=gr2030).values_list("status", "published_at")
        ) == {(Campaign.Status.DRAFT, None)}
        for model, copies, sources in [
            (
                Edition,
                Edition.objects.filter(campaign=gr2030),
                Edition.objects.filter(campaign=gr2022),
            ),
            (Theme, _themes(gr2030), _themes(gr2022)),
            (Recommendation, _recommendations(gr2030), _recommendations(gr2022)),
        ]:
            lineage = list(copies.values_list("copied_from", flat=True))
            assert sorted(lineage) == sorted(sources.values_list("pk", flat=True)), model

    def test_sub_themes_hang_under_the_copies_of_their_parents(self, gr2030):
        subthemes = (
            _themes(gr2030).filter(parent__isnull=False).select_related("parent", "copied_from")
        )

        assert subthemes
        for theme in subthemes:
            assert theme.parent.edition_id == theme.edition_id
            assert theme.parent.copied_from_id == theme.copied_from.parent_id

    def test_copies_texts_and_positions_of_each_item_from_its_original(self, gr2030):
        for theme in _themes(gr2030).select_related("copied_from"):
            original = theme.copied_from
            assert (theme.position, theme.title, theme.intro, theme.facts, theme.quote) == (
                original.position,
                original.title,
                original.intro,
                original.facts,
                original.quote,
            )
        for rec in _recommendations(gr2030).select_related("copied_from"):
            original = rec.copied_from
            assert (rec.position, rec.lead, rec.body, rec.points, rec.conclusion) == (
                original.position,
                original.lead,
                original.body,
                original.points,
                original.conclusion,
            )

    def test_themes_keep_their_slugs_so_anchors_follow_one_pattern(self, gr2022):
        theme = Theme.objects.get(edition__campaign=gr2022, position=1, parent=None)
        theme.slug = "eigen-slug"
        theme.save()

        gr2030 = campaign_copy(source=gr2022, **NEW)

        copies = _themes(gr2030).select_related("copied_from")
        assert sorted(copy.slug for copy in copies) == sorted(
            _themes(gr2022).values_list("slug", flat=True)
        )
        assert all(copy.slug == copy.copied_from.slug for copy in copies)
        assert copies.get(slug="eigen-slug").title == theme.title

    def test_leaves_the_source_unchanged(self, gr2022):
        before = _snapshot(gr2022)

        campaign_copy(source=gr2022, **NEW)

        assert _snapshot(gr2022) == before

    def test_does_not_copy_the_flyer(self, gr2022):
        Campaign.objects.filter(pk=gr2022.pk).update(flyer="flyers/gr2022.pdf")
        gr2022.refresh_from_db()

        copy = campaign_copy(source=gr2022, **NEW)

        assert not copy.flyer
        assert gr2022.flyer.name == "flyers/gr2022.pdf"

    def test_the_copy_is_invisible_to_visitors_until_published(self, client, gr2030):
        edition = Edition.objects.filter(campaign=gr2030).select_related("province").first()
        pages = [gr2030.get_absolute_url(), edition.get_absolute_url()]

        assert [client.get(url).status_code for url in pages] == [404, 404]

        now = timezone.now()
        Campaign.objects.filter(pk=gr2030.pk).update(
            status=Campaign.Status.PUBLISHED, published_at=now
        )
        Edition.objects.filter(campaign=gr2030).update(status=Campaign.Status.PUBLISHED)
        response = client.get(edition.get_absolute_url())

        assert response.status_code == 200
        assert _themes(gr2030).filter(parent=None).first().title in page_html(response)

    @pytest.mark.parametrize(
        ("values", "field", "message"),
        [
            ({"slug": "gr2026"}, "slug", "bestaat al"),
            ({"slug": "admin"}, "slug", "hoort bij een andere pagina"),
            ({"slug": "gr 2030"}, "slug", "geldige"),
            ({"election_date": "2030-02-30"}, "election_date", "ongeldige datum"),
            ({"election_date": None}, "election_date", "mag niet leeg zijn"),
            ({"name": ""}, "name", "niet leeg zijn"),
        ],
        ids=["duplicate-slug", "reserved-slug", "bad-slug", "bad-date", "no-date", "no-name"],
    )
    def test_bad_input_is_refused_in_dutch_and_leaves_nothing_behind(
        self, gr2022, values, field, message
    ):
        before = _counts()

        with pytest.raises(ValidationError) as refused:
            campaign_copy(source=gr2022, user=UserFactory(), **{**NEW, **values})

        assert message in " ".join(refused.value.message_dict[field])
        assert _counts() == before

    def test_a_failure_halfway_leaves_nothing_behind(self, gr2022, monkeypatch):
        before = _counts()
        full_clean = Recommendation.full_clean
        calls = []

        def fail_on_the_fifth(self, *args, **kwargs):
            calls.append(self)
            if len(calls) == 5:
                raise ValidationError({"body": "kapot"})
            return full_clean(self, *args, **kwargs)

        monkeypatch.setattr(Recommendation, "full_clean", fail_on_the_fifth)

        with pytest.raises(ValidationError):
            campaign_copy(source=gr2022, user=UserFactory(), **NEW)

        assert len(calls) == 5
        assert _counts() == before


# --- the admin: copy --------------------------------------------------------------------


class TestCopyInTheAdmin:
    def test_the_campaign_page_offers_the_copy(self, editor_client, gr2022):
        response = editor_client.get(_url("change", gr2022))

        assert response.status_code == 200
        html = response.content.decode()
        assert f'href="{_url("copy", gr2022)}"' in html
        assert "Kopieer campagne" in html
        assert _url("compare", gr2022) not in html, "GR2022 is no copy: nothing to compare"

    def test_the_form_suggests_the_next_campaign(self, editor_client, gr2022):
        response = editor_client.get(_url("copy", gr2022))

        assert response.status_code == 200
        form = response.context["adminform"].form
        # The latest GR campaign is GR2026, so the next one is 2030.
        assert form.initial == {"name": "Gemeenteraadsverkiezingen 2030", "slug": "gr2030"}
        assert Campaign.objects.filter(slug="gr2030").exists() is False

    def test_a_redacteur_copies_gr2022_into_a_new_draft_gr2030(self, editor_client, gr2022):
        response = editor_client.post(_url("copy", gr2022), NEW)

        copy = Campaign.objects.get(slug="gr2030")
        assert response.status_code == 302
        assert response["Location"] == _url("change", copy)
        assert (copy.status, copy.copied_from) == (Campaign.Status.DRAFT, gr2022)
        assert _recommendations(copy).count() == _recommendations(gr2022).count()
        entry = LogEntry.objects.get(object_id=str(copy.pk))
        assert (entry.action_flag, entry.user, entry.get_change_message()) == (
            ADDITION,
            editor_client.user,
            "Gekopieerd van Gemeenteraadsverkiezingen 2022",
        )

        page = editor_client.get(response["Location"]).content.decode()
        assert "is aangemaakt als kopie van" in page
        assert f'href="{_url("compare", copy)}"' in page
        assert "Vergelijk met Gemeenteraadsverkiezingen 2022" in page

    def test_the_form_proposes_each_editions_new_title(self, editor_client, gr2022):
        edition = Edition.objects.get(campaign=gr2022)

        response = editor_client.get(_url("copy", gr2022))

        form = response.context["adminform"].form
        field = form[f"edition_{edition.pk}"]
        assert field.initial == "Verkiezingen Gemeenteraad 2030"
        assert "Nu: ‘Verkiezingen Gemeenteraad 2022’" in field.help_text
        assert "Titels van de edities" in response.content.decode()

    def test_the_editor_can_write_another_title(self, editor_client, gr2022):
        edition = Edition.objects.get(campaign=gr2022)

        editor_client.post(
            _url("copy", gr2022), {**NEW, f"edition_{edition.pk}": "Gemeenteraad 2030: vakwerk"}
        )

        copy = Edition.objects.get(campaign__slug="gr2030")
        assert copy.title == "Gemeenteraad 2030: vakwerk"

    def test_old_years_in_texts_are_pointed_out_until_changed(self, editor_client, gr2022):
        theme = Theme.objects.filter(edition__campaign=gr2022).order_by("pk").first()
        theme.intro = "<p>Sinds de verkiezingen van 2022 en de begroting van 2025 …</p>"
        theme.save()
        Campaign.objects.filter(pk=gr2022.pk).update(tagline="Sinds 2018 vakwerk.")

        response = editor_client.post(_url("copy", gr2022), NEW, follow=True)

        copied = Theme.objects.get(copied_from=theme)
        warnings = [
            str(message)
            for message in response.context["messages"]
            if message.level_tag == "warning"
        ]
        assert len(warnings) == 1
        assert "noemen nog een jaar van de verkiezing waarvan deze campagne" in warnings[0]
        theme_url = reverse("admin:manifestos_theme_change", args=[copied.pk])
        assert f'<a href="{theme_url}">{copied.title}: toelichting (2022, 2025)</a>' in warnings[0]
        assert "2018" not in warnings[0], "a year before the source's election is history"
        assert "Verkiezingen Gemeenteraad" not in warnings[0], "the titles are new"

        copied.intro = "<p>Na de verkiezingen van 2030 …</p>"
        copied.save()

        assert old_years(campaign=Campaign.objects.get(slug="gr2030")) == []

    def test_errors_show_at_their_field_and_copy_nothing(self, editor_client, gr2022):
        before = _counts()

        response = editor_client.post(_url("copy", gr2022), {**NEW, "slug": "gr2026"})

        assert response.status_code == 200
        assert response.context["adminform"].form.errors["slug"] == [
            "Er is al een campagne met dit adres. Kies een ander adres."
        ]
        assert "Verbeter de fout hieronder." in response.content.decode()
        assert _counts() == before

    def test_the_copy_needs_a_csrf_token(self, gr2022):
        client = Client(enforce_csrf_checks=True)
        client.force_login(_staff(EDITOR))
        before = _counts()

        response = client.post(_url("copy", gr2022), NEW)

        assert response.status_code == 403
        assert _counts() == before

    def test_a_regiomanager_can_neither_copy_nor_compare(self, client, gr2022, gr2030):
        client.force_login(_staff(REGIOMANAGER))
        before = _counts()

        statuses = [
            client.get(_url("copy", gr2022)).status_code,
            client.post(_url("copy", gr2022), {**NEW, "slug": "gr2034"}).status_code,
            client.get(_url("compare", gr2030)).status_code,
        ]

        assert statuses == [403, 403, 403]
        assert _counts() == before


# --- the admin: compare -------------------------------------------------------------------


@pytest.fixture
def edited_copy(gr2030):
    """GR2030 with, in one theme, one recommendation edited, one deleted and one added."""
    theme = _themes(gr2030).filter(recommendations__position=3).order_by("edition", "pk").first()
    edited, deleted = theme.recommendations.order_by("position")[:2]
    edited.body = "Nieuwe tekst met <script>alert('body')</script> erin: 3 < 5 & <b>vet</b>."
    edited.save()
    deleted.delete()
    added = RecommendationFactory(
        theme=theme, lead="<img src=x onerror=alert('lead')>", body="Een nieuw punt."
    )
    return theme, edited, deleted, added


class TestCompare:
    def test_shows_exactly_what_was_added_removed_and_edited(self, editor_client, edited_copy):
        theme, edited, deleted, added = edited_copy

        response = editor_client.get(_url("compare", theme.edition.campaign))

        assert response.status_code == 200
        comparison = response.context["comparison"]
        assert comparison.recommendation_totals == {"added": 1, "removed": 1, "edited": 1}
        changed = [
            theme_comparison
            for edition in comparison.editions
            for theme_comparison in edition.changed_themes
        ]
        assert [theme_comparison.theme for theme_comparison in changed] == [theme]
        [theme_comparison] = changed
        assert theme_comparison.added == [added]
        assert theme_comparison.removed == [Recommendation.objects.get(pk=deleted.copied_from_id)]
        assert [(edit.old.pk, edit.new) for edit in theme_comparison.edited] == [
            (edited.copied_from_id, edited)
        ]
        assert theme_comparison.unchanged == theme.recommendations.count() - 2
        for edition in comparison.editions:
            assert edition.themes_added == edition.themes_removed == []
        assert comparison.editions_added == comparison.editions_removed == []

    def test_edited_words_are_marked_and_every_text_is_escaped(self, editor_client, edited_copy):
        theme, *_ = edited_copy

        html = editor_client.get(_url("compare", theme.edition.campaign)).content.decode()

        # Scripts and images never were stored (config/richtext.py cleans every save).
        assert "alert(" not in html
        assert "<img src=x" not in html
        # What a reader sees is compared, escaped: no markup of the editor in the way.
        assert "erin: 3 &lt; 5 &amp; vet." in html
        assert "&lt;p&gt;" not in html and "&lt;strong&gt;" not in html
        assert "<ins>" in html and "<del>" in html

    def test_themes_and_editions_added_and_removed_are_listed(self, editor_client, gr2030):
        removed = _themes(gr2030).filter(parent=None).order_by("position").last()
        removed_source = removed.copied_from
        removed_source_subthemes = list(removed_source.subthemes.order_by("position"))
        assert removed_source_subthemes, "deleting a theme deletes its sub-themes"
        removed.delete()
        new_theme = ThemeFactory(edition=removed.edition, title="Een nieuw thema")
        new_edition = EditionFactory(campaign=gr2030, title="Een nieuwe editie")

        response = editor_client.get(_url("compare", gr2030))

        comparison = response.context["comparison"]
        assert comparison.editions_added == [new_edition]
        [edition] = comparison.editions
        assert [theme for _title, theme in edition.themes_added] == [new_theme]
        assert [theme for _title, theme in edition.themes_removed] == [
            removed_source,
            *removed_source_subthemes,
        ]
        html = response.content.decode()
        assert "Een nieuw thema" in html and "Een nieuwe editie" in html

    def test_costs_the_same_queries_however_much_content(self, editor_client, gr2030):
        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert editor_client.get(_url("compare", gr2030)).status_code == 200
            return len(captured)

        small = queries()
        edition = EditionFactory(campaign=gr2030)
        for theme in ThemeFactory.create_batch(3, edition=edition):
            RecommendationFactory.create_batch(4, theme=theme)
        theme = _themes(gr2030).exclude(edition=edition).first()
        RecommendationFactory.create_batch(5, theme=theme)

        assert queries() == small

    def test_only_a_copy_has_a_comparison(self, editor_client, gr2022):
        assert editor_client.get(_url("compare", gr2022)).status_code == 404


def test_text_diff_marks_words_and_escapes():
    old, new = text_diff("De <b>oude</b> tekst\nblijft", "De nieuwe tekst\nblijft & groeit")

    assert old == (
        'De <del><span class="visually-hidden">[verwijderd: </span>&lt;b&gt;oude&lt;/b&gt;'
        '<span class="visually-hidden">]</span></del> tekst<br>blijft'
    )
    assert new == (
        'De <ins><span class="visually-hidden">[toegevoegd: </span>nieuwe'
        '<span class="visually-hidden">]</span></ins> tekst<br>blijft'
        '<ins><span class="visually-hidden">[toegevoegd: </span> &amp; groeit'
        '<span class="visually-hidden">]</span></ins>'
    )
