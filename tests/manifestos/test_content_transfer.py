"""Exporting all content to JSON and importing it again gives exactly the same state.

The round trip runs on the full demo content (register plus the five campaigns),
enriched with what the demo does not use (districts, photos, a flyer, figures of
a district and a municipality, subthemes, copy lineage), and compares both the
JSON and a snapshot of every object of every content model, with relations
followed to what they point at rather than compared by database id.
"""

import datetime
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models.fields.files import FieldFile

from campaigns.models import Campaign, SitePage, UpcomingElection
from manifestos.models import Adoption, Edition, Party, Recommendation, Theme
from manifestos.transfer.export import content_export
from manifestos.transfer.format import (
    FIELDS,
    FORMAT,
    LEFT_OUT,
    RELATIONS,
    VERSION,
    ContentTransferError,
    content_counts,
)
from manifestos.transfer.importer import content_import
from manifestos.working_copies import working_copy_start
from regions.models import Contact, FigureRow, Municipality, Province, RegionalFigures
from tests.factories import (
    AdoptionFactory,
    ContactFactory,
    DistrictFactory,
    EditionFactory,
    FigureRowFactory,
    PartyFactory,
    RecommendationFactory,
    RegionalFiguresFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CONTENT_APPS = ("regions", "campaigns", "manifestos")


def content_models():
    return [model for app in CONTENT_APPS for model in apps.get_app_config(app).get_models()]


def snapshot():
    """{model label: sorted representations of all its objects}, without database ids.

    An object is represented by all its field values; a relation by the
    representation of the object it points at (recursively), a many-to-many
    relation by the sorted representations of its targets.
    """
    memo = {}

    def represent(obj):
        key = (type(obj), obj.pk)
        if key in memo:
            return memo[key]
        values = []
        for model_field in obj._meta.concrete_fields:
            if model_field.primary_key:
                continue
            value = getattr(obj, model_field.name)
            if model_field.is_relation:
                if value is not None and model_field.related_model in content_models():
                    value = represent(value)
                elif value is not None:
                    value = ("pk", value.pk)  # a user account: not content, kept as it is
            elif isinstance(value, FieldFile):
                value = value.name
            values.append((model_field.name, value))
        for model_field in obj._meta.many_to_many:
            targets = getattr(obj, model_field.name).all()
            values.append((model_field.name, tuple(sorted(repr(represent(t)) for t in targets))))
        memo[key] = tuple(values)
        return memo[key]

    return {
        model._meta.label: sorted(repr(represent(obj)) for obj in model._default_manager.all())
        for model in content_models()
    }


def content_delete():
    """Remove all content the way a fresh environment has none (children first)."""
    Campaign.objects.all().delete()
    RegionalFigures.objects.all().delete()
    Contact.objects.all().delete()
    Municipality.objects.all().delete()
    Province.objects.all().delete()
    for model in content_models():
        model._default_manager.all().delete()
    assert not any(model._default_manager.exists() for model in content_models())


@pytest.fixture
def rich_content(demo_content):
    """The demo content plus every kind of relation and field the demo leaves empty."""
    noord = DistrictFactory(name="Noord", slug="noord")
    Province.objects.filter(cbs_code__in=["PV20", "PV21", "PV22"]).update(district=noord)
    ContactFactory(
        name="Test Regiomanager",
        slug="test-regiomanager",
        district=noord,
        photo="contacts/test-regiomanager.webp",
        bio="Eerste alinea.\n\nTweede <strong>alinea</strong>.",
    )
    gr2026 = Campaign.objects.get(slug="gr2026")
    gr2022 = Campaign.objects.get(slug="gr2022")
    Campaign.objects.filter(pk=gr2026.pk).update(
        flyer="flyers/gr2026.pdf", copied_from=gr2022, central_contact=Contact.objects.first()
    )
    figures = RegionalFiguresFactory(
        for_district=True, district=noord, reference_date=datetime.date(2025, 1, 1)
    )
    FigureRowFactory(figures=figures, kind=FigureRow.Kind.COMPANY_TYPE, value=Decimal("12.50"))
    FigureRowFactory(figures=figures, kind=FigureRow.Kind.COMPANY_TYPE, value=Decimal("3"))
    RegionalFiguresFactory(
        for_municipality=True,
        municipality=Municipality.objects.get(cbs_code="GM0518"),
        reference_date=None,
        member_companies=None,
    )

    source_edition = Edition.objects.get(campaign=gr2022)
    edition = EditionFactory(
        campaign=gr2026,
        municipality=Municipality.objects.get(cbs_code="GM0518"),
        copied_from=source_edition,
        published_at=datetime.datetime(2026, 2, 1, 9, 30, 15, 123456, tzinfo=datetime.UTC),
    )
    source_theme = source_edition.themes.filter(parent__isnull=True).order_by("position").last()
    theme = ThemeFactory(edition=edition, copied_from=source_theme)
    subtheme = ThemeFactory(parent=theme, quote="Citaat", quote_author="Iemand")
    source_recommendation = source_theme.recommendations.order_by("position").first()
    RecommendationFactory(theme=theme, copied_from=source_recommendation)
    RecommendationFactory(theme=subtheme, points="een\ntwee", lead="Kernzin")
    # A lineage link that points forward: an older campaign "copied from" a newer theme.
    Theme.objects.filter(edition=source_edition, position=1, parent__isnull=True).update(
        copied_from=subtheme
    )
    _lobby_content(gr2026, edition)
    _working_copy(edition)
    UpcomingElection.objects.create(
        election_type="EP",
        election_date=datetime.date(2029, 6, 7),
        notes="Een toelichting van één zin.",
    )


def _working_copy(edition):
    """Changes to the published municipal edition, scheduled: a theme retitled, one added
    with a recommendation, the sub-theme's recommendation left out."""
    copy = working_copy_start(edition=edition)
    copy.status = Campaign.Status.PUBLISHED
    copy.published_at = datetime.datetime(2026, 3, 1, 7, 0, tzinfo=datetime.UTC)
    copy.save()
    copy.themes.filter(parent=None).update(title="Een nieuwe titel")
    Recommendation.objects.filter(theme__edition=copy, theme__parent__isnull=False).delete()
    RecommendationFactory(theme=ThemeFactory(edition=copy, title="Nieuw thema"))


def _lobby_content(gr2026, municipal_edition):
    """Parties of all three kinds of region, every stage recorded, by a known account."""
    Campaign.objects.filter(pk=gr2026.pk).update(party_results_public=True)
    recorder = UserFactory(username="rm-zuid-holland")
    moment = datetime.datetime(2026, 1, 12, 8, 15, 30, 654321, tzinfo=datetime.UTC)
    party = PartyFactory(
        campaign=gr2026,
        municipality=Municipality.objects.get(cbs_code="GM0518"),
        name="Haagse Partij",
        website="https://haagse-partij.example",
        sent_on=datetime.date(2026, 1, 12),
        sent_by="Regiomanager",
        sent_recorded_by=recorder,
        sent_recorded_at=moment,
        reaction_on=datetime.date(2026, 1, 20),
        reaction_summary="Dank; we nemen het mee.",
        reaction_file="lobby/reacties/haagse-partij.pdf",
        reaction_recorded_by=recorder,
        reaction_recorded_at=moment,
    )
    national = Edition.objects.get(campaign=gr2026, province=None, municipality=None)
    national_recommendation = (
        national.themes.order_by("position").first().recommendations.order_by("position").last()
    )
    AdoptionFactory(
        party=party,
        recommendation=national_recommendation,
        evidence_quote="Wij investeren in vakmanschap.",
        recorded_by=recorder,
        recorded_at=moment,
    )
    AdoptionFactory(
        party=party,
        recommendation=municipal_edition.themes.get(parent=None).recommendations.first(),
        stage=Adoption.Stage.COALITION,
        adopted_on=datetime.date(2026, 5, 1),
    )
    PartyFactory(campaign=gr2026, municipality=party.municipality, name="andere partij")
    PartyFactory(
        campaign=Campaign.objects.get(slug="ps2023"),
        municipality=None,
        province=Province.objects.get(cbs_code="PV27"),
        name="Provinciale Partij",
    )
    PartyFactory(
        campaign=Campaign.objects.get(slug="tk2025"), municipality=None, name="Landelijke Partij"
    )


def test_every_content_model_and_field_is_in_the_format():
    assert set(FIELDS) == set(content_models())
    for model in content_models():
        names = {f.name for f in model._meta.concrete_fields if not f.primary_key}
        names |= {f.name for f in model._meta.many_to_many}
        covered = [*FIELDS[model], *RELATIONS[model], *LEFT_OUT.get(model, [])]
        assert sorted(covered) == sorted(names), model._meta.label


def test_an_export_imported_into_an_empty_database_gives_exactly_the_same_state(rich_content):
    exported = content_export()
    text = json.dumps(exported, ensure_ascii=False, indent=2)
    before = snapshot()

    content_delete()
    content_import(data=json.loads(text))

    assert json.dumps(content_export(), ensure_ascii=False, indent=2) == text
    assert snapshot() == before


def test_the_export_names_things_by_natural_keys(rich_content):
    exported = content_export()

    assert exported["format"] == FORMAT
    assert exported["version"] == VERSION
    weesp = next(m for m in exported["municipalities"] if m["name"] == "Weesp")
    assert weesp["successors"] == ["GM0363"]
    gr2026 = next(c for c in exported["campaigns"] if c["slug"] == "gr2026")
    assert gr2026["copied_from"] == "gr2022"
    assert gr2026["flyer"] == "flyers/gr2026.pdf"
    municipal = next(e for e in gr2026["editions"] if e["scope"])
    assert municipal["scope"] == {"municipality": "GM0518"}
    assert municipal["copied_from"] == {"campaign": "gr2022", "scope": {"province": "PV25"}}
    assert municipal["themes"][0]["subthemes"][0]["recommendations"][0]["lead"] == "Kernzin"
    assert '"id"' not in json.dumps(exported)


def test_parties_are_named_by_campaign_region_and_recommendation_keys(rich_content):
    exported = content_export()

    party = next(p for p in exported["parties"] if p["name"] == "Haagse Partij")
    assert party["campaign"] == "gr2026"
    assert party["region"] == {"municipality": "GM0518"}
    assert party["sent_recorded_by"] == "rm-zuid-holland"
    coalition = next(a for a in party["adoptions"] if a["stage"] == "coalition")
    assert coalition["recommendation"] == {
        "campaign": "gr2026",
        "scope": {"municipality": "GM0518"},
        "theme": [1],
        "recommendation": 1,
    }
    regions = [(p["campaign"], p["region"]) for p in exported["parties"]]
    assert ("tk2025", None) in regions
    assert ("ps2023", {"province": "PV27"}) in regions


def test_an_account_that_does_not_exist_here_leaves_who_recorded_empty(rich_content):
    exported = content_export()
    get_user_model().objects.filter(username="rm-zuid-holland").delete()

    content_import(data=exported, replace=True)

    party = Party.objects.get(name="Haagse Partij")
    assert party.sent_recorded_by is None
    assert party.sent_recorded_at is not None


def test_a_version_1_document_is_read_as_one_without_parties(demo_content):
    exported = content_export()
    exported["version"] = 1
    del exported["parties"]
    for campaign in exported["campaigns"]:
        del campaign["party_results_public"]
    PartyFactory(campaign=Campaign.objects.get(slug="gr2026"), name="Verdwijnt")

    content_import(data=exported, replace=True)

    assert not Party.objects.exists()
    assert Campaign.objects.count() == 5


def test_contacts_are_exported_without_their_user_account(demo_content):
    ContactFactory(slug="met-account", user=UserFactory())

    contact = next(c for c in content_export()["contacts"] if c["slug"] == "met-account")

    assert "user" not in contact


def test_replacing_keeps_a_contacts_account_link(demo_content):
    user = UserFactory(staff=True)
    Contact.objects.filter(slug="monique-van-der-voort").update(user=user)
    exported = content_export()

    content_import(data=exported, replace=True)

    assert Contact.objects.get(slug="monique-van-der-voort").user == user


def test_importing_into_a_database_with_content_is_refused_without_replace(demo_content):
    exported = content_export()
    exported["campaigns"][0]["name"] = "Een andere naam"
    before = snapshot()

    with pytest.raises(ContentTransferError) as refused:
        content_import(data=exported)

    assert "--replace" in str(refused.value)
    assert "campagnes" in str(refused.value)
    assert snapshot() == before


def test_replace_swaps_all_content_register_included(demo_content):
    exported = content_export()
    exported["municipalities"] = [
        m for m in exported["municipalities"] if m["cbs_code"] != "GM0014"
    ]
    for municipality in exported["municipalities"]:
        municipality["successors"] = [c for c in municipality["successors"] if c != "GM0014"]
    exported["campaigns"] = [c for c in exported["campaigns"] if c["slug"] == "tk2025"]
    exported["campaigns"][0]["tagline"] = "Vervangen"
    # TK2021 is left out, so TK2025's themes cannot point at its themes (the comparison).
    for theme in exported["campaigns"][0]["editions"][0]["themes"]:
        theme["previous"] = None

    content_import(data=exported, replace=True)

    assert list(Campaign.objects.values_list("slug", "tagline")) == [("tk2025", "Vervangen")]
    assert not Municipality.objects.filter(cbs_code="GM0014").exists()


def _corrupt_cases():
    def wrong_version(data):
        data["version"] = VERSION + 1

    def wrong_type(data):
        data["municipalities"][5]["valid_from"] = "1 januari"

    def unknown_reference(data):
        data["campaigns"][0]["central_contact"] = "niemand"

    def invalid_value(data):
        data["campaigns"][-1]["editions"][0]["themes"][0]["recommendations"][0]["lead"] = ""
        data["campaigns"][-1]["editions"][0]["themes"][0]["recommendations"][0]["body"] = ""

    def duplicate_theme_position(data):
        themes = data["campaigns"][0]["editions"][0]["themes"]
        themes[1]["position"] = themes[0]["position"]

    def unknown_key(data):
        data["contacts"][0]["user"] = 1

    def party_with_unknown_recommendation(data):
        adoption = {
            "recommendation": {"campaign": "gr2026", "scope": None, "theme": [99],
                               "recommendation": 1},
            "stage": "programme", "adopted_on": "2026-02-01", "evidence_quote": "x",
            "evidence_link": "", "recorded_at": None, "recorded_by": None,
        }  # fmt: skip
        data["parties"] = [
            {
                "campaign": "gr2026",
                "region": {"municipality": "GM0518"},
                "name": "P",
                "website": "",
                "sent_on": None,
                "sent_by": "",
                "sent_recorded_at": None,
                "reaction_on": None,
                "reaction_summary": "",
                "reaction_link": "",
                "reaction_file": "",
                "reaction_recorded_at": None,
                "sent_recorded_by": None,
                "reaction_recorded_by": None,
                "adoptions": [adoption],
            }
        ]

    return [wrong_version, wrong_type, unknown_reference, invalid_value,
            duplicate_theme_position, unknown_key, party_with_unknown_recommendation]  # fmt: skip


@pytest.mark.parametrize("corrupt", _corrupt_cases(), ids=lambda case: case.__name__)
def test_a_corrupted_document_changes_nothing(demo_content, corrupt):
    exported = content_export()
    corrupt(exported)
    before = snapshot()

    with pytest.raises(ContentTransferError):
        content_import(data=exported, replace=True)

    assert snapshot() == before


def test_a_corrupted_document_into_an_empty_database_leaves_it_empty(demo_content):
    exported = content_export()
    exported["campaigns"][-1]["election_type"] = "XX"
    content_delete()

    with pytest.raises(ContentTransferError) as refused:
        content_import(data=exported)

    assert "election_type" in str(refused.value)
    assert not any(model._default_manager.exists() for model in content_models())


def test_the_commands_write_and_read_a_file(demo_content, tmp_path):
    path = tmp_path / "inhoud.json"
    before = snapshot()

    call_command("export_content", output=str(path))

    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT
    assert {c["slug"] for c in data["campaigns"]} == {
        "gr2026", "tk2025", "ps2023", "gr2022", "tk2021"
    }  # fmt: skip
    with pytest.raises(CommandError, match="--replace"):
        call_command("import_content", str(path))
    content_delete()
    call_command("import_content", str(path))
    assert snapshot() == before


def test_the_import_command_refuses_a_file_that_is_not_json(db, tmp_path):
    path = tmp_path / "kapot.json"
    path.write_text('{"format": ', encoding="utf-8")

    with pytest.raises(CommandError, match="geen geldig JSON"):
        call_command("import_content", str(path))

    assert not Campaign.objects.exists()


def test_theme_links_to_the_previous_election_survive_export_and_import(demo_content):
    linked = dict(
        Theme.objects.filter(previous__isnull=False).values_list(
            "title", "previous__edition__campaign__slug"
        )
    )
    exported = json.loads(json.dumps(content_export()))

    content_import(data=exported, replace=True)

    assert len(linked) == 8  # four GR2026 themes (to GR2022) and four TK2025 themes (to TK2021)
    assert (
        dict(
            Theme.objects.filter(previous__isnull=False).values_list(
                "title", "previous__edition__campaign__slug"
            )
        )
        == linked
    )
    vakmensen = Theme.objects.get(title="Een gemeente met voldoende banen voor vakmensen")
    assert vakmensen.previous.title == "De slimme gemeente"


def test_a_version_3_document_is_read_as_one_without_web_copy(demo_content):
    exported = content_export()
    exported["version"] = 3
    for campaign in exported["campaigns"]:
        for name in ("web_intro", "call_to_action", "flyer_url", "campaign_page_url"):
            del campaign[name]
    for municipality in exported["municipalities"]:
        del municipality["display_name"]

    content_import(data=exported, replace=True)

    gr2026 = Campaign.objects.get(slug="gr2026")
    assert (gr2026.web_intro, gr2026.call_to_action, gr2026.flyer_url) == ("", "", "")
    # The member e-mail stays what it was: never moved onto the pages.
    assert "deze e-mail" in gr2026.intro_letter
    assert not Municipality.objects.exclude(display_name="").exists()


def test_the_web_copy_and_display_names_travel_with_the_content(demo_content):
    exported = content_export()
    gr2026 = next(c for c in exported["campaigns"] if c["slug"] == "gr2026")
    haag = next(m for m in exported["municipalities"] if m["cbs_code"] == "GM0518")

    assert gr2026["call_to_action"].startswith("Kies voor ‘Gemaakt in jouw gemeente!’")
    assert (
        gr2026["campaign_page_url"] == "https://metaalunie.nl/Lobby/Gemeenteraadsverkiezingen-2026"
    )
    assert haag["display_name"] == "Den Haag"

    content_import(data=exported, replace=True)

    assert Municipality.objects.get(cbs_code="GM0518").name_in_text == "Den Haag"
    assert Campaign.objects.get(slug="gr2026").web_intro.startswith("<p>Op woensdag 18 maart")


def themes_in(document):
    """Every theme and sub-theme of a document."""
    for campaign in document["campaigns"]:
        for edition in campaign["editions"]:
            for theme in edition["themes"]:
                yield theme
                yield from theme["subthemes"]


def test_a_version_2_document_is_read_as_one_without_previous_themes(demo_content):
    exported = content_export()
    exported["version"] = 2
    for theme in themes_in(exported):
        del theme["previous"]

    content_import(data=exported, replace=True)

    assert Campaign.objects.count() == 5
    assert not Theme.objects.filter(previous__isnull=False).exists()


def theme_slugs():
    """{(campaign, edition scope, theme path): slug} of every theme."""
    themes = Theme.objects.select_related(
        "edition__campaign", "edition__province", "edition__municipality", "parent"
    )
    return {
        (
            theme.edition.campaign.slug,
            theme.edition.key,
            (theme.parent.position, theme.position) if theme.parent else (theme.position,),
        ): theme.slug
        for theme in themes
    }


def test_theme_slugs_travel_with_the_content(demo_content):
    theme = Theme.objects.get(title="Een innovatieve gemeente")
    theme.slug = "innovatie"
    theme.save()
    slugs = theme_slugs()
    exported = json.loads(json.dumps(content_export()))
    gr2026 = next(c for c in exported["campaigns"] if c["slug"] == "gr2026")

    assert [t["slug"] for t in gr2026["editions"][0]["themes"]] == [
        "een-gemeente-met-voldoende-banen-voor-vakmensen",
        "een-duurzaam-ondernemende-gemeente",
        "een-ondernemende-en-aantrekkelijke-gemeente",
        "innovatie",
    ]
    content_import(data=exported, replace=True)

    assert theme_slugs() == slugs


def test_a_version_5_document_gets_slugs_made_from_the_titles(demo_content):
    exported = content_export()
    exported["version"] = 5
    national = next(c for c in exported["campaigns"] if c["slug"] == "gr2026")["editions"][0]
    national["themes"][3]["title"] = national["themes"][0]["title"]
    for theme in themes_in(exported):
        del theme["slug"]

    content_import(data=exported, replace=True)

    gr2026 = Theme.objects.filter(edition__campaign__slug="gr2026", parent=None)
    assert list(gr2026.order_by("position").values_list("slug", flat=True)) == [
        "een-gemeente-met-voldoende-banen-voor-vakmensen",
        "een-duurzaam-ondernemende-gemeente",
        "een-ondernemende-en-aantrekkelijke-gemeente",
        "een-gemeente-met-voldoende-banen-voor-vakmensen-2",
    ]
    assert not Theme.objects.filter(slug="").exists()


def test_a_missing_slug_is_never_one_a_later_theme_has(demo_content):
    exported = content_export()
    national = next(c for c in exported["campaigns"] if c["slug"] == "gr2026")["editions"][0]
    first, *_, last = national["themes"]
    first["slug"] = ""
    last["slug"] = "een-gemeente-met-voldoende-banen-voor-vakmensen"

    content_import(data=exported, replace=True)

    themes = Theme.objects.filter(edition__campaign__slug="gr2026", parent=None)
    assert themes.get(position=1).slug == "een-gemeente-met-voldoende-banen-voor-vakmensen-2"
    assert themes.get(position=4).slug == "een-gemeente-met-voldoende-banen-voor-vakmensen"


def test_a_bad_or_repeated_slug_is_refused_with_its_place(demo_content):
    exported = content_export()
    themes = next(c for c in exported["campaigns"] if c["slug"] == "gr2026")["editions"][0][
        "themes"
    ]
    themes[1]["slug"] = themes[0]["slug"]
    themes[2]["slug"] = "2026"
    before = theme_slugs()

    with pytest.raises(ContentTransferError) as excinfo:
        content_import(data=exported, replace=True)

    assert "campaigns[gr2026].editions[landelijk].themes[2]: Deze editie heeft al een thema" in (
        "\n".join(excinfo.value.errors)
    )
    assert any(
        error.startswith("campaigns[gr2026].editions[landelijk].themes[3].slug: Gebruik minstens")
        for error in excinfo.value.errors
    )
    assert theme_slugs() == before


def test_upcoming_elections_survive_export_and_import(rich_content):
    exported = content_export()

    assert exported["upcoming_elections"][0] == {
        "election_type": "PS",
        "election_date": "2027-03-17",
        "name": "Provinciale Statenverkiezingen 2027",
        "notes": "",
        "created_at": exported["upcoming_elections"][0]["created_at"],
        "updated_at": exported["upcoming_elections"][0]["updated_at"],
    }
    content_import(data=exported, replace=True)

    assert [(u.election_type, u.election_date.year) for u in UpcomingElection.objects.all()] == [
        ("PS", 2027),
        ("WS", 2027),
        ("EP", 2029),
    ]
    assert content_export() == exported


def test_a_version_3_document_is_read_as_one_without_upcoming_elections(demo_content):
    exported = content_export()
    exported["version"] = 3
    del exported["upcoming_elections"]

    content_import(data=exported, replace=True)

    assert Campaign.objects.count() == 5
    assert not UpcomingElection.objects.exists()


def test_an_upcoming_election_is_checked_like_a_form_would(demo_content):
    exported = content_export()
    exported["upcoming_elections"][0]["election_type"] = "XX"

    with pytest.raises(ContentTransferError, match=r"upcoming_elections\[0\]\.election_type"):
        content_import(data=exported, replace=True)

    assert UpcomingElection.objects.count() == 2


def test_the_pages_about_the_site_travel_with_the_content(demo_content):
    SitePage.objects.filter(key="privacy").update(
        title="Privacyverklaring", body="<p>Eigen tekst.</p>"
    )
    exported = content_export()
    SitePage.objects.filter(key="privacy").update(title="Later gewijzigd")

    content_import(data=exported, replace=True)

    assert [page["key"] for page in exported["site_pages"]] == [
        "contact",
        "over-deze-site",
        "privacy",
    ]
    privacy = SitePage.objects.get(key="privacy")
    assert (privacy.title, privacy.body) == ("Privacyverklaring", "<p>Eigen tekst.</p>")
    assert content_export() == exported


def test_a_version_4_document_leaves_the_pages_and_colours_as_they_were(demo_content):
    SitePage.objects.filter(key="privacy").update(title="Privacyverklaring")
    exported = content_export()
    exported["version"] = 4
    del exported["site_pages"]
    for campaign in exported["campaigns"]:
        del campaign["colour"]

    content_import(data=exported, replace=True)

    assert SitePage.objects.get(key="privacy").title == "Privacyverklaring"
    assert set(Campaign.objects.values_list("colour", flat=True)) == {"oranje"}


def test_a_working_copy_is_nested_in_its_edition_naming_what_it_replaces(rich_content):
    gr2026 = next(c for c in content_export()["campaigns"] if c["slug"] == "gr2026")
    municipal = next(e for e in gr2026["editions"] if e["scope"])
    national = next(e for e in gr2026["editions"] if not e["scope"])

    copy = municipal["working_copy"]

    assert national["working_copy"] is None
    assert "scope" not in copy and copy["status"] == "published"
    key = {"campaign": "gr2026", "scope": {"municipality": "GM0518"}}
    retitled, added = copy["themes"]
    assert retitled["title"] == "Een nieuwe titel"
    assert retitled["replaces"] == {**key, "theme": [1]}
    assert retitled["recommendations"][0]["replaces"] == {
        **key,
        "theme": [1],
        "recommendation": 1,
    }
    assert retitled["subthemes"][0]["replaces"] == {**key, "theme": [1, 1]}
    assert retitled["subthemes"][0]["recommendations"] == []
    assert (added["title"], added["replaces"]) == ("Nieuw thema", None)
    assert "replaces" not in municipal["themes"][0]


def test_a_version_7_document_is_read_with_no_working_copies(demo_content):
    exported = content_export()
    exported["version"] = 7
    for campaign in exported["campaigns"]:
        for edition in campaign["editions"]:
            del edition["working_copy"]

    content_import(data=exported, replace=True)

    assert Edition.objects.count() == len([e for c in exported["campaigns"] for e in c["editions"]])
    assert not Edition.objects.filter(replaces__isnull=False).exists()


def test_the_pages_alone_do_not_make_a_database_full(db):
    assert SitePage.objects.count() == 3

    assert content_counts() == {}


def test_a_working_copy_replaces_only_what_its_own_edition_has(rich_content):
    exported = content_export()
    gr2026 = next(c for c in exported["campaigns"] if c["slug"] == "gr2026")
    copy = next(e for e in gr2026["editions"] if e["scope"])["working_copy"]
    copy["themes"][0]["replaces"] = {"campaign": "gr2026", "scope": None, "theme": [1]}
    before = snapshot()

    with pytest.raises(ContentTransferError) as refused:
        content_import(data=exported, replace=True)

    assert "hoort niet bij de editie van dit concept" in str(refused.value)
    assert snapshot() == before
