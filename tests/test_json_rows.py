"""Lists read inside their parent's query (config/json_rows.py) are the same objects, with
the same values of the same types, as an ordinary query of them gives."""

import pytest
from django.db.models import Model

from campaigns.models import Campaign
from manifestos.models import Edition, Recommendation
from regions.models import Municipality, Province, RegionalFigures
from tests.factories import (
    ContactFactory,
    FigureRowFactory,
    KeyFigureFactory,
    MunicipalityFactory,
    RecommendationFactory,
    RegionalFiguresFactory,
    ThemeFactory,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


def values(obj: Model, exclude=()):
    return {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.attname not in exclude
    }


def same_objects(read, expected, exclude=()):
    assert [values(obj, exclude) for obj in read] == [values(obj, exclude) for obj in expected]
    for obj, other in zip(read, expected, strict=True):
        for name, value in values(obj, exclude).items():
            assert type(value) is type(getattr(other, name)), name


def test_breakdown_rows_keep_their_decimal_places_and_order():
    figures = RegionalFiguresFactory()
    FigureRowFactory(figures=figures, kind="education_level", position=2, value="12.50")
    FigureRowFactory(figures=figures, kind="company_type", position=1, value=1234, unit="count")
    FigureRowFactory(figures=figures, kind="education_level", position=1, value="0.05")

    with page_queries() as queries:
        (read,) = RegionalFigures.objects.filter(pk=figures.pk).with_rows()
        rows = list(read.rows.all())

    assert len(queries) == 1
    same_objects(rows, list(figures.rows.order_by("kind", "position")))
    assert [str(row.value) for row in rows] == ["1234.00", "0.05", "12.50"]


def test_themes_and_recommendations_come_in_page_order_with_their_parents():
    theme = ThemeFactory(position=2)
    first = ThemeFactory(edition=theme.edition, position=1)
    child = ThemeFactory(parent=first, position=1)
    for position in (3, 1, 2):
        RecommendationFactory(theme=child, position=position, points="een\ntwee")

    with page_queries() as queries:
        edition = Edition.objects.filter(pk=theme.edition_id).with_content().get()
        tree = edition.theme_tree()
        recommendations = list(tree[0].children[0].recommendations.all())
        parents = {recommendation.theme.pk for recommendation in recommendations}

    assert len(queries) == 1
    assert [t.pk for t in tree] == [first.pk, theme.pk]
    assert parents == {child.pk}
    same_objects(
        recommendations,
        list(Recommendation.objects.filter(theme=child).order_by("position")),
        exclude=("search_vector",),
    )


def test_key_figures_and_district_contacts_as_an_ordinary_query_gives_them():
    campaign = KeyFigureFactory(position=2).campaign
    KeyFigureFactory(campaign=campaign, position=1)
    municipality = MunicipalityFactory()
    district = municipality.province.district
    ContactFactory(district=district, name="Zeger")
    ContactFactory(district=district, name="Anna")

    with page_queries() as queries:
        read_campaign = Campaign.objects.with_key_figures().get(pk=campaign.pk)
        figures = list(read_campaign.key_figures.all())
        read = Municipality.objects.with_district_contacts().get(pk=municipality.pk)
        contacts = list(read.province.district.contacts.all())
        province = Province.objects.with_district_contacts().get(pk=municipality.province_id)
        province_contacts = list(province.district.contacts.all())

    assert len(queries) == 3
    assert province_contacts == contacts
    same_objects(figures, list(campaign.key_figures.order_by("position")))
    same_objects(contacts, list(district.contacts.order_by("name")))
    assert [contact.name for contact in contacts] == ["Anna", "Zeger"]


def test_every_municipality_at_once_has_the_same_district_contacts_in_two_queries():
    first = MunicipalityFactory()
    district = first.province.district
    second = MunicipalityFactory(province=first.province)
    elsewhere = MunicipalityFactory()
    ContactFactory(district=district, name="Zeger")
    ContactFactory(district=district, name="Anna")
    ContactFactory(district=elsewhere.province.district, name="Bram")
    ContactFactory(district=None, name="Centraal")

    with page_queries() as queries:
        every = {m.pk: m for m in Municipality.objects.all_with_district_contacts()}
        contacts = {pk: list(m.province.district.contacts.all()) for pk, m in every.items()}

    assert len(queries) == 2
    for municipality in (first, second, elsewhere):
        one = Municipality.objects.with_district_contacts().get(pk=municipality.pk)
        same_objects(contacts[municipality.pk], list(one.province.district.contacts.all()))
    assert [contact.name for contact in contacts[second.pk]] == ["Anna", "Zeger"]
    assert [contact.name for contact in contacts[elsewhere.pk]] == ["Bram"]
