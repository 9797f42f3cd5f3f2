"""Publishing in the back office: publish now, schedule, archive, back to draft; the
warnings about what visitors would miss; the planning of what appears when."""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign
from config.roles import EDITOR, REGIOMANAGER, roles_sync
from manifestos.models import Edition
from manifestos.publication_warnings import campaign_warnings
from manifestos.publishing import (
    campaign_publish,
    edition_publish,
    publication_archive,
    publication_unpublish,
)
from tests.factories import (
    CampaignFactory,
    ContactFactory,
    DistrictFactory,
    EditionFactory,
    MunicipalityFactory,
    ProvinceFactory,
    RecommendationFactory,
    RegionalFiguresFactory,
    ThemeFactory,
    UserFactory,
)
from tests.html import change_form_data

pytestmark = pytest.mark.django_db

Status = Campaign.Status
CHANGELIST = reverse("admin:campaigns_campaign_changelist")
PLANNING = reverse("admin:campaigns_campaign_planning")


def visible_text(response):
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


def message_text(message):
    """A message as the editor reads it (messages may hold links)."""
    return html.unescape(re.sub(r"<[^>]+>", "", str(message)))


def messages_of(response, level_tag=None):
    return [
        message_text(message)
        for message in response.context["messages"]
        if level_tag is None or message.level_tag == level_tag
    ]


def reload(obj):
    obj.refresh_from_db()
    return obj


@pytest.fixture
def roles():
    return roles_sync()


@pytest.fixture
def editor_client(client, roles):
    user = UserFactory(staff=True, role=EDITOR)
    client.force_login(user)
    return client


def run_action(client, action, *campaigns):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [campaign.pk for campaign in campaigns]},
        follow=True,
    )


# --- the services ----------------------------------------------------------------------


class TestPublishNow:
    def test_a_draft_becomes_published_from_now_with_its_draft_editions(self, client):
        campaign = CampaignFactory(draft=True)
        draft_edition = EditionFactory(campaign=campaign, status=Status.DRAFT)
        own_moment = timezone.now() + datetime.timedelta(days=3)
        scheduled_edition = EditionFactory(
            campaign=campaign,
            for_province=True,
            status=Status.PUBLISHED,
            published_at=own_moment,
        )
        now = timezone.now()

        joined = campaign_publish(campaign=campaign, now=now)

        assert joined == 1
        assert (reload(campaign).status, campaign.published_at) == (Status.PUBLISHED, now)
        assert reload(draft_edition).status == Status.PUBLISHED
        assert reload(draft_edition).published_at is None
        assert reload(scheduled_edition).published_at == own_moment
        assert client.get(f"/{campaign.slug}/").status_code == 200

    def test_a_scheduled_campaign_appears_now(self, client):
        campaign = CampaignFactory(scheduled=True)
        now = timezone.now()

        campaign_publish(campaign=campaign, now=now)

        assert reload(campaign).published_at == now
        assert client.get(f"/{campaign.slug}/").status_code == 200

    def test_republishing_an_archived_campaign_keeps_its_first_moment(self):
        first = timezone.now() - datetime.timedelta(days=400)
        campaign = CampaignFactory(archived=True, published_at=first)

        campaign_publish(campaign=campaign)

        assert (reload(campaign).status, campaign.published_at) == (Status.PUBLISHED, first)


def test_archiving_keeps_a_published_campaign_public(client):
    campaign = CampaignFactory()

    publication_archive(item=campaign)

    assert reload(campaign).status == Status.ARCHIVED
    assert client.get(f"/{campaign.slug}/").status_code == 200


def test_a_draft_cannot_be_archived_because_that_would_publish_it(client):
    campaign = CampaignFactory(draft=True)

    with pytest.raises(ValidationError):
        publication_archive(item=campaign)

    assert reload(campaign).status == Status.DRAFT
    assert client.get(f"/{campaign.slug}/").status_code == 404


def test_back_to_draft_hides_the_campaign_and_cancels_its_schedule(client):
    campaign = CampaignFactory(scheduled=True)
    edition = EditionFactory(campaign=campaign)

    publication_unpublish(item=campaign)

    assert (reload(campaign).status, campaign.published_at) == (Status.DRAFT, None)
    assert reload(edition).status == Status.PUBLISHED  # hidden with its campaign
    assert client.get(f"/{campaign.slug}/").status_code == 404


def test_publishing_an_edition_now_clears_a_future_moment():
    edition = EditionFactory(
        status=Status.DRAFT, published_at=timezone.now() + datetime.timedelta(days=2)
    )

    edition_publish(edition=edition)

    assert (reload(edition).status, edition.published_at) == (Status.PUBLISHED, None)
    assert Edition.objects.public().filter(pk=edition.pk).exists()


# --- the actions -----------------------------------------------------------------------


def test_the_publish_action_publishes_and_says_how_many_editions_joined(editor_client):
    campaign = CampaignFactory(draft=True, name="Gemeenteraad 2030")
    EditionFactory.create_batch(2, campaign=campaign, for_province=True, status=Status.DRAFT)

    response = run_action(editor_client, "publish_now", campaign)

    assert reload(campaign).status == Status.PUBLISHED
    assert campaign.editions.filter(status=Status.PUBLISHED).count() == 2
    assert "‘Gemeenteraad 2030’ is gepubliceerd, met 2 concept-edities." in messages_of(response)


def test_the_archive_action_skips_drafts_and_says_why(editor_client):
    published = CampaignFactory(name="Gepubliceerd")
    draft = CampaignFactory(draft=True, name="Concept")

    response = run_action(editor_client, "archive", published, draft)

    assert reload(published).status == Status.ARCHIVED
    assert reload(draft).status == Status.DRAFT
    texts = messages_of(response)
    assert any(text.startswith("‘Gepubliceerd’ is gearchiveerd") for text in texts)
    assert any(text.startswith("Concept: Een concept kan niet gearchiveerd") for text in texts)


def test_the_back_to_draft_action(editor_client):
    campaign = CampaignFactory()

    run_action(editor_client, "unpublish", campaign)

    assert reload(campaign).status == Status.DRAFT


def test_the_edition_actions(editor_client):
    draft = EditionFactory(status=Status.DRAFT)
    published = EditionFactory(status=Status.PUBLISHED)
    url = reverse("admin:manifestos_edition_changelist")

    editor_client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    editor_client.post(url, {"action": "unpublish", "_selected_action": [published.pk]})

    assert reload(draft).status == Status.PUBLISHED
    assert reload(published).status == Status.DRAFT


def test_editions_show_and_filter_by_status(editor_client):
    EditionFactory(title="Nog in de maak", status=Status.DRAFT)
    EditionFactory(title="Al gepubliceerd", status=Status.PUBLISHED)
    url = reverse("admin:manifestos_edition_changelist")

    text = visible_text(editor_client.get(url, {"status__exact": Status.DRAFT}))

    assert "Nog in de maak" in text
    assert "concept" in text
    assert "Al gepubliceerd" not in text


# --- warnings --------------------------------------------------------------------------


def labels(warnings, start):
    """The item labels of the one warning whose message starts with `start`."""
    [warning] = [w for w in warnings if str(w.message).startswith(start)]
    return [item.label for item in warning.items]


EMPTY = "Thema's zonder aanbevelingen"
NO_CONTACT = "Geen contactpersoon"
OLD_FIGURES = "Regiocijfers van meer dan twee jaar"
PARTIAL = "Zonder landelijke editie zijn er alleen pagina's"
NO_FIGURES = "Provincies zonder regiocijfers"


class TestWarnings:
    def test_empty_themes_are_listed_and_themes_with_content_below_are_not(self):
        campaign = CampaignFactory(election_type="TK", central_contact=ContactFactory())
        edition = EditionFactory(campaign=campaign)
        RecommendationFactory(theme=ThemeFactory(edition=edition, title="Met aanbeveling"))
        ThemeFactory(edition=edition, title="Leeg thema")
        parent = ThemeFactory(edition=edition, title="Alleen subthema's")
        RecommendationFactory(theme=ThemeFactory(parent=parent, title="Vol subthema"))
        ThemeFactory(parent=parent, title="Leeg subthema")
        hidden = EditionFactory(campaign=campaign, for_province=True, status=Status.DRAFT)
        ThemeFactory(edition=hidden, title="Leeg in een concept")

        found = labels(campaign_warnings(campaign=campaign), EMPTY)

        assert found == [
            "‘Leeg thema’ (landelijk)",
            "‘Leeg subthema’ (subthema van ‘Alleen subthema's’, landelijk)",
        ]

    def test_provinces_without_any_contact_are_listed(self):
        with_contact, without = DistrictFactory(), DistrictFactory()
        ContactFactory(district=with_contact)
        ProvinceFactory(name="Bereikbaar", district=with_contact)
        ProvinceFactory(name="Onbereikbaar", district=without)
        ProvinceFactory(name="Met eigen editie", district=without)
        campaign = CampaignFactory()
        EditionFactory(campaign=campaign)
        EditionFactory(
            campaign=campaign,
            province=ProvinceFactory._meta.model.objects.get(name="Met eigen editie"),
            contact=ContactFactory(central=True),
        )

        found = labels(campaign_warnings(campaign=campaign), NO_CONTACT)

        assert found == ["de campagnepagina", "Onbereikbaar"]

    def test_a_central_contact_leaves_nobody_without_a_contact(self):
        ProvinceFactory(district=DistrictFactory())
        campaign = CampaignFactory(central_contact=ContactFactory(central=True))
        EditionFactory(campaign=campaign)

        warnings = campaign_warnings(campaign=campaign)

        assert not [w for w in warnings if str(w.message).startswith(NO_CONTACT)]

    def test_figures_older_than_two_years_before_the_election_or_undated(self):
        campaign = CampaignFactory(election_date=datetime.date(2026, 3, 18))
        EditionFactory(campaign=campaign)
        RegionalFiguresFactory(
            province=ProvinceFactory(name="Oud"), reference_date=datetime.date(2024, 3, 17)
        )
        RegionalFiguresFactory(
            province=ProvinceFactory(name="Net op tijd"), reference_date=datetime.date(2024, 3, 18)
        )
        RegionalFiguresFactory(province=ProvinceFactory(name="Ongedateerd"), reference_date=None)
        renewed = ProvinceFactory(name="Vernieuwd")
        RegionalFiguresFactory(province=renewed, reference_date=datetime.date(2019, 1, 1))
        RegionalFiguresFactory(province=renewed, reference_date=datetime.date(2025, 1, 1))
        gone = MunicipalityFactory(name="Opgeheven", valid_until=datetime.date(2023, 1, 1))
        RegionalFiguresFactory(for_municipality=True, municipality=gone, reference_date=None)

        found = labels(campaign_warnings(campaign=campaign), OLD_FIGURES)

        assert found == ["Ongedateerd (zonder peildatum)", "Oud (peildatum 17 maart 2024)"]

    def test_without_a_national_edition_it_names_the_regions_that_have_pages(self):
        campaign = CampaignFactory()
        EditionFactory(campaign=campaign, province=ProvinceFactory(name="Gelderland"))
        EditionFactory(campaign=campaign, municipality=MunicipalityFactory(name="Houten"))
        EditionFactory(campaign=campaign, for_province=True, status=Status.DRAFT)

        found = labels(campaign_warnings(campaign=campaign), PARTIAL)

        assert found == ["gemeente Houten", "provincie Gelderland"]

    def test_a_national_edition_leaves_no_region_without_pages(self):
        campaign = CampaignFactory(national_edition=True)

        warnings = campaign_warnings(campaign=campaign)

        assert not [w for w in warnings if str(w.message).startswith(PARTIAL)]

    def test_provinces_whose_pages_show_no_figures(self):
        district = DistrictFactory()
        RegionalFiguresFactory(province=None, district=district)
        ProvinceFactory(name="Via het district", district=district)
        RegionalFiguresFactory(province=ProvinceFactory(name="Met cijfers"))
        ProvinceFactory(name="Zonder cijfers")
        campaign = CampaignFactory(national_edition=True)

        found = labels(campaign_warnings(campaign=campaign), NO_FIGURES)

        assert "Zonder cijfers" in found
        assert "Met cijfers" not in found
        assert "Via het district" not in found

    def test_figures_of_regions_without_pages_are_no_concern(self):
        gelderland = ProvinceFactory(name="Gelderland")
        RegionalFiguresFactory(province=gelderland, reference_date=None, manifesto_year=2022)
        RegionalFiguresFactory(province=ProvinceFactory(name="Elders"), reference_date=None)
        campaign = CampaignFactory(election_date=datetime.date(2026, 3, 18))
        EditionFactory(campaign=campaign, province=gelderland)

        warnings = campaign_warnings(campaign=campaign)

        assert labels(warnings, OLD_FIGURES) == [
            "Gelderland (zonder peildatum, uit het manifest van 2022)"
        ]
        assert not [w for w in warnings if str(w.message).startswith(NO_FIGURES)]

    def test_a_national_campaign_shows_no_figures_so_warns_about_none(self):
        campaign = CampaignFactory(election_type="TK")
        EditionFactory(campaign=campaign)
        RegionalFiguresFactory(reference_date=None)

        warnings = campaign_warnings(campaign=campaign)

        assert not [w for w in warnings if str(w.message).startswith(OLD_FIGURES)]


def test_publishing_shows_the_warnings_without_blocking(editor_client):
    ProvinceFactory(name="Zonder contact", district=DistrictFactory())
    campaign = CampaignFactory(draft=True, name="Gemeenteraad 2030")
    edition = EditionFactory(campaign=campaign, status=Status.DRAFT)
    ThemeFactory(edition=edition, title="Nog leeg")
    RegionalFiguresFactory(province=ProvinceFactory(name="Oude cijfers"), reference_date=None)

    response = run_action(editor_client, "publish_now", campaign)

    assert reload(campaign).status == Status.PUBLISHED
    warnings = messages_of(response, "warning")
    assert any(EMPTY in text and "Nog leeg" in text for text in warnings)
    assert any(NO_CONTACT in text and "Zonder contact" in text for text in warnings)
    assert any(
        OLD_FIGURES in text and "Oude cijfers (zonder peildatum)" in text for text in warnings
    )


def test_saving_as_published_shows_the_warnings_and_the_draft_editions(editor_client):
    campaign = CampaignFactory(election_type="TK", name="Tweede Kamer 2030")
    edition = EditionFactory(campaign=campaign)
    ThemeFactory(edition=edition, title="Nog leeg")
    EditionFactory(campaign=campaign, for_province=True, title="Regio in de maak", status="draft")
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    data = change_form_data(editor_client.get(url))

    response = editor_client.post(url, data, follow=True)

    texts = messages_of(response)
    assert any("Nog leeg" in text for text in texts), texts
    assert any("Regio in de maak" in text and "blijven onzichtbaar" in text for text in texts)


# --- the planning ----------------------------------------------------------------------


def test_the_planning_lists_what_appears_when_soonest_first(editor_client):
    now = timezone.now()
    CampaignFactory(name="Over vijf dagen", published_at=now + datetime.timedelta(days=5))
    CampaignFactory(name="Over twee dagen", published_at=now + datetime.timedelta(days=2))
    public = CampaignFactory(name="Sinds gisteren", published_at=now - datetime.timedelta(days=1))
    EditionFactory(
        campaign=public,
        for_province=True,
        title="Editie morgen",
        published_at=now + datetime.timedelta(days=1),
    )
    CampaignFactory(name="Nog een concept", draft=True)
    CampaignFactory(name="Lang geleden", published_at=now - datetime.timedelta(days=400))

    response = editor_client.get(PLANNING)

    assert response.status_code == 200
    text = visible_text(response)
    upcoming, recent = text.split("Verschenen in de laatste 30 dagen")
    order = [
        upcoming.index(name) for name in ("Editie morgen", "Over twee dagen", "Over vijf dagen")
    ]
    assert order == sorted(order)
    assert "Sinds gisteren" in recent
    assert "Nog een concept" not in text
    assert "Lang geleden" not in text


def test_the_campaign_list_links_to_the_planning(editor_client):
    assert f'href="{PLANNING}"' in editor_client.get(CHANGELIST).content.decode()


# --- who may publish -------------------------------------------------------------------


def test_a_regiomanager_gets_403_for_the_planning_and_the_actions(client, roles):
    user = UserFactory(staff=True, role=REGIOMANAGER)
    client.force_login(user)
    campaign = CampaignFactory(draft=True)

    planning = client.get(PLANNING)
    action = client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [campaign.pk]})

    assert planning.status_code == 403
    assert action.status_code == 403
    assert reload(campaign).status == Status.DRAFT


def test_who_may_only_view_campaigns_sees_the_planning_but_cannot_publish(client):
    user = UserFactory(staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_campaign"))
    client.force_login(user)
    campaign = CampaignFactory(draft=True)

    planning = client.get(PLANNING)
    client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [campaign.pk]})

    assert planning.status_code == 200
    assert reload(campaign).status == Status.DRAFT


def test_anonymous_visitors_are_sent_to_the_login_page_for_the_planning(client):
    response = client.get(PLANNING)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
