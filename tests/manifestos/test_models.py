import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from config.richtext import plain_text
from manifestos.models import Edition, Recommendation, Theme
from tests.factories import (
    CampaignFactory,
    EditionFactory,
    MunicipalityFactory,
    ProvinceFactory,
    RecommendationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def assert_rejected(factory, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


class TestEditionScope:
    def test_one_national_edition_per_campaign(self):
        national = EditionFactory()

        assert_rejected(EditionFactory, campaign=national.campaign)

    def test_one_edition_per_province(self):
        edition = EditionFactory(for_province=True)

        assert_rejected(EditionFactory, campaign=edition.campaign, province=edition.province)

    def test_one_edition_per_municipality(self):
        edition = EditionFactory(for_municipality=True)

        assert_rejected(
            EditionFactory, campaign=edition.campaign, municipality=edition.municipality
        )

    def test_not_both_a_province_and_a_municipality(self):
        municipality = MunicipalityFactory()

        assert_rejected(EditionFactory, province=municipality.province, municipality=municipality)

    def test_validation_explains_the_scope_rule(self):
        municipality = MunicipalityFactory()
        edition = EditionFactory.build(
            campaign=CampaignFactory(), province=municipality.province, municipality=municipality
        )

        with pytest.raises(ValidationError, match="niet beide"):
            edition.full_clean()

    def test_validation_explains_a_second_national_edition(self):
        national = EditionFactory()

        with pytest.raises(ValidationError, match="al een landelijke editie"):
            EditionFactory.build(campaign=national.campaign).full_clean()

    def test_a_campaign_can_have_all_scopes_side_by_side(self):
        campaign = CampaignFactory()
        municipality = MunicipalityFactory()
        other_province = ProvinceFactory()

        EditionFactory(campaign=campaign)
        EditionFactory(campaign=campaign, province=municipality.province)
        EditionFactory(campaign=campaign, province=other_province)
        EditionFactory(campaign=campaign, municipality=municipality)
        EditionFactory()  # another campaign's national edition

        assert campaign.editions.count() == 4


class TestMostSpecificEdition:
    @pytest.fixture
    def setting(self):
        campaign = CampaignFactory()
        municipality = MunicipalityFactory()
        return campaign, municipality.province, municipality

    def candidates(self, campaign, province, municipality):
        return Edition.objects.for_scope(campaign, province=province, municipality=municipality)

    def test_the_municipality_edition_wins(self, setting):
        campaign, province, municipality = setting
        EditionFactory(campaign=campaign)
        EditionFactory(campaign=campaign, province=province)
        own = EditionFactory(campaign=campaign, municipality=municipality)

        assert self.candidates(*setting).most_specific_first().first() == own

    def test_else_the_province_edition(self, setting):
        campaign, province, _ = setting
        EditionFactory(campaign=campaign)
        provincial = EditionFactory(campaign=campaign, province=province)
        EditionFactory(campaign=campaign, municipality=MunicipalityFactory(province=province))

        assert self.candidates(*setting).most_specific_first().first() == provincial

    def test_else_the_national_edition(self, setting):
        campaign, _, municipality = setting
        national = EditionFactory(campaign=campaign)
        EditionFactory(campaign=campaign, province=ProvinceFactory())
        EditionFactory(campaign=CampaignFactory(), municipality=municipality)

        assert self.candidates(*setting).most_specific_first().first() == national

    def test_a_province_page_ignores_municipal_editions(self, setting):
        campaign, province, municipality = setting
        provincial = EditionFactory(campaign=campaign, province=province)
        EditionFactory(campaign=campaign, municipality=municipality)

        candidates = Edition.objects.for_scope(campaign, province=province)

        assert candidates.most_specific_first().first() == provincial

    def test_nothing_to_show(self, setting):
        EditionFactory(campaign=setting[0], province=ProvinceFactory())

        assert self.candidates(*setting).most_specific_first().first() is None


class TestThemePositions:
    def test_top_level_positions_are_unique_per_edition(self):
        theme = ThemeFactory(position=1)

        assert_rejected(ThemeFactory, edition=theme.edition, position=1)

    def test_another_edition_may_use_the_same_position(self):
        ThemeFactory(position=1)

        ThemeFactory(position=1)

        assert Theme.objects.filter(position=1).count() == 2

    def test_subtheme_positions_are_unique_per_parent(self):
        parent = ThemeFactory()
        ThemeFactory(parent=parent, position=1)

        assert_rejected(ThemeFactory, parent=parent, position=1)

    def test_subthemes_number_apart_from_top_level_themes(self):
        first = ThemeFactory(position=1)
        second = ThemeFactory(edition=first.edition, position=2)

        ThemeFactory(parent=first, position=1)
        ThemeFactory(parent=second, position=1)

        assert first.edition.themes.filter(position=1).count() == 3

    def test_factory_numbers_siblings(self):
        edition = EditionFactory()
        first, second = ThemeFactory.create_batch(2, edition=edition)
        subthemes = ThemeFactory.create_batch(2, parent=first)

        assert (first.position, second.position) == (1, 2)
        assert [theme.position for theme in subthemes] == [1, 2]
        assert {theme.edition for theme in subthemes} == {edition}


class TestThemeNesting:
    def test_a_subtheme_of_a_theme_in_the_same_edition_is_valid(self):
        parent = ThemeFactory()

        ThemeFactory.build(parent=parent, edition=parent.edition, position=1).full_clean()

    def test_parent_from_another_edition_is_rejected(self):
        parent = ThemeFactory()
        theme = ThemeFactory.build(parent=parent, edition=EditionFactory(), position=1)

        with pytest.raises(ValidationError) as excinfo:
            theme.full_clean()

        assert "andere editie" in str(excinfo.value.message_dict["parent"])

    def test_only_one_level_of_nesting(self):
        subtheme = ThemeFactory(parent=ThemeFactory())
        theme = ThemeFactory.build(parent=subtheme, edition=subtheme.edition, position=1)

        with pytest.raises(ValidationError) as excinfo:
            theme.full_clean()

        assert "geen subthema" in str(excinfo.value.message_dict["parent"])


class TestThemeSlug:
    def test_made_from_the_title_in_a_dutch_friendly_form(self):
        edition = EditionFactory()

        def slug(title):
            return ThemeFactory(edition=edition, title=title).slug

        assert slug("Een innovatieve gemeente") == "een-innovatieve-gemeente"
        assert slug("Eén loket voor ondernemers") == "een-loket-voor-ondernemers"
        assert slug("Onderwijs & arbeidsmarkt") == "onderwijs-en-arbeidsmarkt"
        assert slug("Minder <em>regels</em><img src=x onerror=alert(1)>") == "minder-regels"
        assert (
            slug("’s-Hertogenbosch: Ruimte voor bedrijven")
            == "s-hertogenbosch-ruimte-voor-bedrijven"
        )
        # A slug always has a letter: a bare number would look like an old id address.
        assert slug("2030") == "thema-2030"
        assert slug("!!!") == "thema"

    def test_a_long_title_is_cut_between_words(self):
        # Longer than a slug may be, within the title's 200 characters.
        theme = ThemeFactory(title=("Werk " + "maken van vakmanschap " * 8).strip())

        assert len(theme.slug) <= 80
        assert theme.slug.startswith("werk-maken-van-vakmanschap-")
        assert set(theme.slug.split("-")) == {"werk", "maken", "van", "vakmanschap"}

    def test_the_same_title_in_one_edition_gets_2_and_3_and_sub_themes_count_too(self):
        first = ThemeFactory(title="Vakmensen")
        sub = ThemeFactory(parent=first, title="Vakmensen")
        third = ThemeFactory(edition=first.edition, title="Vakmensen")
        elsewhere = ThemeFactory(title="Vakmensen")

        assert [first.slug, sub.slug, third.slug] == ["vakmensen", "vakmensen-2", "vakmensen-3"]
        assert elsewhere.slug == "vakmensen"

    def test_stays_when_the_title_changes(self):
        theme = ThemeFactory(title="Regeldruk")

        theme.title = "Minder regeldruk voor het mkb"
        theme.save()
        theme.refresh_from_db()

        assert theme.slug == "regeldruk"
        assert theme.anchor == "thema-regeldruk"

    def test_unique_within_the_edition(self):
        theme = ThemeFactory(title="Regeldruk")
        other = ThemeFactory.build(edition=theme.edition, title="Iets anders", slug="regeldruk")

        with pytest.raises(ValidationError, match="al een thema met deze slug"):
            other.full_clean()
        assert_rejected(ThemeFactory, edition=theme.edition, slug="regeldruk")

    def test_a_typed_slug_needs_a_letter(self):
        theme = ThemeFactory.build(edition=EditionFactory(), slug="42")

        with pytest.raises(ValidationError) as excinfo:
            theme.full_clean()

        assert "minstens één letter" in str(excinfo.value.message_dict["slug"])


class TestRecommendation:
    def test_positions_are_unique_per_theme(self):
        recommendation = RecommendationFactory()

        assert_rejected(
            RecommendationFactory, theme=recommendation.theme, position=recommendation.position
        )

    def test_another_theme_may_use_the_same_position(self):
        RecommendationFactory(position=1)

        RecommendationFactory(position=1)

        assert Recommendation.objects.filter(position=1).count() == 2

    def test_needs_a_lead_or_a_body(self):
        assert_rejected(RecommendationFactory, lead="", body="")

    def test_validation_explains_the_text_rule(self):
        recommendation = RecommendationFactory.build(theme=ThemeFactory(), lead="", body="")

        with pytest.raises(ValidationError, match="kernzin of een tekst"):
            recommendation.full_clean()

    @pytest.mark.parametrize(
        ("lead", "body"), [("Praktijkleren verdient blijvende steun", ""), ("", "Alleen tekst.")]
    )
    def test_a_lead_or_a_body_alone_is_enough(self, lead, body):
        recommendation = RecommendationFactory(lead=lead, body=body)

        recommendation.full_clean()

    def test_point_list_skips_blank_lines_and_trims(self):
        recommendation = RecommendationFactory.build(
            points="  Defensie: investeer.  \n\n   \nMaritiem: ondersteun de sector.\n"
        )

        assert recommendation.point_list == [
            "Defensie: investeer.",
            "Maritiem: ondersteun de sector.",
        ]

    def test_no_points(self):
        assert RecommendationFactory.build(points="").point_list == []

    def test_factory_numbers_recommendations_per_theme(self):
        theme = ThemeFactory()

        recommendations = RecommendationFactory.create_batch(3, theme=theme)

        assert [r.position for r in recommendations] == [1, 2, 3]


class TestThemeTree:
    def test_themes_in_order_with_their_subthemes(self, django_assert_num_queries):
        edition = EditionFactory()
        third = ThemeFactory(edition=edition, position=3, title="De slimme gemeente")
        first = ThemeFactory(edition=edition, position=1, title="De ondernemende gemeente")
        second = ThemeFactory(edition=edition, position=2, title="De duurzame gemeente")
        energy = ThemeFactory(parent=second, position=2, title="Energietransitie")
        circular = ThemeFactory(parent=second, position=1, title="Circulaire economie")
        inflow = ThemeFactory(parent=third, position=1, title="Instroom vakmensen")
        RecommendationFactory(theme=energy, position=2, body="Tweede")
        RecommendationFactory(theme=energy, position=1, body="Eerste")
        ThemeFactory()  # a theme of another edition stays out

        edition = Edition.objects.with_content().get(pk=edition.pk)
        with django_assert_num_queries(0):
            tree = edition.theme_tree()
            outline = [
                (
                    theme.title,
                    [
                        (child.title, [plain_text(r.body) for r in child.recommendations.all()])
                        for child in theme.children
                    ],
                )
                for theme in tree
            ]

        assert tree == [first, second, third]
        assert outline == [
            ("De ondernemende gemeente", []),
            (
                "De duurzame gemeente",
                [("Circulaire economie", []), ("Energietransitie", ["Eerste", "Tweede"])],
            ),
            ("De slimme gemeente", [("Instroom vakmensen", [])]),
        ]
        assert [child.pk for child in tree[1].children] == [circular.pk, energy.pk]
        assert [child.pk for child in tree[2].children] == [inflow.pk]

    def test_an_edition_without_themes(self):
        edition = Edition.objects.with_content().get(pk=EditionFactory().pk)

        assert edition.theme_tree() == []
