"""The content fields of editions, themes and recommendations are declared once
(manifestos/fields.py), and every path that carries content carries all of them.

A field added to one of the three models fails the first test until it is declared
either a content text or another field (with why). Every test after it walks the
declared texts rather than naming them, each text set to a value of its own, so a
newly declared text is checked on every path at once: copy, the comparison of a
copy, export and import, the demo loader, the API and its schema, the admin form.
"""

import pytest
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models

from campaigns.models import Campaign
from config.richtext import INLINE, LINES, RICH
from manifestos.admin.editions import EditionAdmin, RecommendationInline, ThemeAdmin
from manifestos.api import schema
from manifestos.api.serialise import text_key
from manifestos.fields import EDITION, RECOMMENDATION, THEME, Text, text_lines
from manifestos.models import Edition, Recommendation, Theme
from manifestos.services import _recommendation_edit, campaign_copy
from manifestos.transfer import demo
from manifestos.transfer.export import content_export
from manifestos.transfer.importer import content_import
from tests.factories import (
    CampaignFactory,
    EditionFactory,
    MunicipalityFactory,
    RecommendationFactory,
    ThemeFactory,
)

DECLARED = [(Edition, EDITION), (Theme, THEME), (Recommendation, RECOMMENDATION)]
IDS = ["edition", "theme", "recommendation"]


def sample(model, name, kind, tag="bron"):
    """A value of its own for each text of each model, as stored (config/richtext.py):
    formatted texts as paragraphs, sub-points as two lines."""
    value = f"{tag}-{model.__name__.lower()}-{name}"
    if kind == Text.LINES:
        return f"{value}-een\n{value}-twee"
    if kind == Text.RICH:
        return f"<p>{value}</p>"
    return value


def samples(model, declared, tag="bron"):
    return {name: sample(model, name, kind, tag) for name, kind in declared.texts.items()}


@pytest.mark.parametrize(("model", "declared"), DECLARED, ids=IDS)
def test_every_field_is_declared_a_content_text_or_not(model, declared):
    names = {f.name for f in model._meta.concrete_fields} | {
        f.name for f in model._meta.many_to_many
    }
    assert not set(declared.texts) & set(declared.other)
    unclassified = names - set(declared.texts) - set(declared.other)
    assert not unclassified, (
        f"{model.__name__}: declare {sorted(unclassified)} in manifestos/fields.py "
        "(see docs/adding-a-field.md)"
    )
    assert set(declared.texts) | set(declared.other) == names, "a declared field is gone"
    for name in declared.texts:
        assert isinstance(model._meta.get_field(name), models.CharField | models.TextField)


@pytest.mark.parametrize(("model", "declared"), DECLARED, ids=IDS)
def test_each_text_is_stored_and_edited_as_it_is_shown(model, declared):
    formatting = {Text.PLAIN: None, Text.INLINE: INLINE, Text.RICH: RICH, Text.LINES: LINES}

    for name, kind in declared.texts.items():
        assert getattr(model._meta.get_field(name), "formatting", None) is formatting[kind], name


@pytest.fixture
def content(db):
    """One edition of a campaign with a theme, a sub-theme and a recommendation in each,
    every text set to a value of its own."""
    campaign = CampaignFactory(slug="bron2030")
    edition = EditionFactory(
        campaign=campaign,
        municipality=MunicipalityFactory(cbs_code="GM0518"),
        **samples(Edition, EDITION),
    )
    theme = ThemeFactory(edition=edition, **samples(Theme, THEME))
    subtheme = ThemeFactory(parent=theme, **samples(Theme, THEME, tag="sub"))
    for parent in (theme, subtheme):
        RecommendationFactory(theme=parent, **samples(Recommendation, RECOMMENDATION))
    return campaign


def assert_texts(campaign):
    """The campaign's edition, themes and recommendations hold every sample text."""
    edition = Edition.objects.get(campaign=campaign)
    assert EDITION.values(edition) == samples(Edition, EDITION)
    theme = edition.themes.get(parent__isnull=True)
    subtheme = edition.themes.get(parent__isnull=False)
    assert THEME.values(theme) == samples(Theme, THEME)
    assert THEME.values(subtheme) == samples(Theme, THEME, tag="sub")
    for parent in (theme, subtheme):
        recommendation = parent.recommendations.get()
        assert RECOMMENDATION.values(recommendation) == samples(Recommendation, RECOMMENDATION)


def test_a_copy_carries_every_text(content):
    copy = campaign_copy(source=content, name="Kopie", slug="kopie2034", election_date="2034-03-15")

    assert_texts(copy)


@pytest.mark.parametrize("name", list(RECOMMENDATION.texts))
def test_the_comparison_of_a_copy_sees_a_change_in_every_text(name):
    source = Recommendation(**samples(Recommendation, RECOMMENDATION))
    copy = Recommendation(**samples(Recommendation, RECOMMENDATION))
    assert _recommendation_edit(source, copy) is None

    setattr(copy, name, "gewijzigd")

    edit = _recommendation_edit(source, copy)
    assert [change.label for change in edit.changes] == [
        Recommendation._meta.get_field(name).verbose_name
    ]


def test_export_and_import_carry_every_text(content):
    document = content_export()
    edition = document["campaigns"][0]["editions"][0]
    assert {name: edition[name] for name in EDITION.texts} == samples(Edition, EDITION)

    content_import(data=document, replace=True)

    assert_texts(Campaign.objects.get(slug="bron2030"))


@pytest.mark.parametrize(("model", "declared"), DECLARED, ids=IDS)
def test_the_demo_loader_reads_every_text_from_its_toml_table(model, declared):
    table = {
        name: text_lines(value) if kind == Text.LINES else value
        for (name, kind), value in zip(
            declared.texts.items(), samples(model, declared).values(), strict=True
        )
    }

    assert demo._texts(model, declared, table) == samples(model, declared)


def sent(value):
    """An API value as text: a list of sub-points joined by line breaks."""
    return "\n".join(value) if isinstance(value, list) else value


def assert_sent(data, model, declared, tag="bron"):
    for name, kind in declared.texts.items():
        value = sample(model, name, kind, tag)
        if kind == Text.PLAIN:
            assert data[text_key(name, kind)] == value
        else:
            for line in text_lines(value):
                assert line in sent(data[text_key(name, kind)]), name


def test_the_api_sends_every_text(client, content):
    edition = Edition.objects.get(campaign=content)

    data = client.get(f"/api/v1/editions/bron2030/{edition.key}/").json()

    assert_sent(data, Edition, EDITION)
    (theme,) = data["themes"]
    assert_sent(theme, Theme, THEME)
    assert_sent(theme["subthemes"][0], Theme, THEME, tag="sub")
    assert_sent(theme["recommendations"][0], Recommendation, RECOMMENDATION)
    page = client.get("/api/v1/campaigns/bron2030/municipalities/GM0518/").json()
    assert_sent(page["edition"], Edition, EDITION)


@pytest.mark.parametrize(
    ("component", "declared"),
    [
        ("Edition", EDITION),
        ("PageEdition", EDITION),
        ("Theme", THEME),
        ("Recommendation", RECOMMENDATION),
    ],
)
def test_the_api_schema_describes_every_text(component, declared):
    properties = schema.COMPONENTS[component]["properties"]

    for name, kind in declared.texts.items():
        assert properties[text_key(name, kind)] == schema.TEXT_SCHEMAS[kind]


@pytest.mark.parametrize(
    ("declared", "form_fields"),
    [
        (EDITION, flatten_fieldsets(EditionAdmin.fieldsets)),
        (THEME, flatten_fieldsets(ThemeAdmin.fieldsets)),
        (RECOMMENDATION, RecommendationInline.fields),
    ],
    ids=IDS,
)
def test_the_admin_edits_every_text(declared, form_fields):
    assert set(declared.texts) <= set(form_fields)
