"""The demo content: the five real campaigns, checked against the source documents.

The expectations below are written down from the source documents in
`shared/seeds/` (see its README), not copied from the TOML files: themes in
printed order, and for every recommendation the words it starts with (and,
for GR2026 and TK2025, the words it ends with), so a recommendation that is
missing, duplicated, merged with its neighbour, cut short or moved to the
wrong theme fails a test.
"""

import datetime
import re
import shutil
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models

from campaigns.models import Campaign, ElectionType, UpcomingElection
from config.richtext import plain_text
from manifestos.models import Edition, Recommendation, Theme
from manifestos.transfer import demo as demo_content_module
from manifestos.transfer.demo import DemoContentError, demo_content_load
from regions.models import Contact, FigureRow, RegionalFigures
from tests.html import find, find_all, parse_page
from tests.html import text as page_text

pytestmark = pytest.mark.django_db

DEMO_APPS = ("regions", "campaigns", "manifestos")
# The register is loaded before the demo content; these models are not the demo's.
REGISTER_MODELS = {"Province", "Municipality", "MunicipalityAlias"}


def words(text):
    """The text a reader sees, all runs of white space as one space (the PDFs break lines
    anywhere): stored texts are the editor's HTML (config/richtext.py)."""
    return plain_text(text)


def paragraphs_of(text):
    """The inner HTML of each paragraph of a stored formatted text."""
    return re.findall(r"<p>(.*?)</p>", text)


def recommendation_text(recommendation):
    """Everything a reader sees of a recommendation, in printed order."""
    parts = [
        recommendation.lead,
        recommendation.body,
        *recommendation.point_list,
        recommendation.conclusion,
    ]
    return words(" ".join(part for part in parts if part))


def edition_of(slug):
    return Edition.objects.with_content().get(campaign__slug=slug)


def outline(edition):
    """[(title, [recommendation texts], [(subtitle, [recommendation texts]), …]), …]"""
    return [
        (
            words(theme.title),
            [recommendation_text(r) for r in theme.recommendations.all()],
            [
                (words(child.title), [recommendation_text(r) for r in child.recommendations.all()])
                for child in theme.children
            ],
        )
        for theme in edition.theme_tree()
    ]


def assert_recommendations_start_with(where, texts, beginnings):
    assert len(texts) == len(beginnings), f"{where}: {len(texts)} aanbevelingen: {texts}"
    assert [
        text[: len(start)] for text, start in zip(texts, beginnings, strict=True)
    ] == beginnings, where


def assert_outline(edition, expected):
    actual = outline(edition)

    assert [title for title, _, _ in actual] == [title for title, _, _ in expected]
    for (title, texts, children), (_, beginnings, expected_children) in zip(
        actual, expected, strict=True
    ):
        assert_recommendations_start_with(title, texts, beginnings)
        assert [child for child, _ in children] == [child for child, _ in expected_children], title
        for (child, child_texts), (_, child_beginnings) in zip(
            children, expected_children, strict=True
        ):
            assert_recommendations_start_with(f"{title} / {child}", child_texts, child_beginnings)


# ---------------------------------------------------------------------------
# Source 000_e11151c3717aeb3c.txt: four numbered themes, bullets "y".
# (start, end) of every recommendation.
GR2026_THEMES = [
    (
        "Een gemeente met voldoende banen voor vakmensen",
        [
            (
                "Investeer in de regionale opleidings- en arbeidsmarktinfrastructuur",
                "sectorale netwerken in de regio.",
            ),
            (
                "Zet regionaal in op vernieuwende leeromgevingen",
                "zowel voor jongeren als voor volwassenen.",
            ),
            (
                "Ontwikkel, samen met werkgevers en onderwijs, opleidingsroutes",
                "in hun eigen tempo worden opgeleid tot vakkracht.",
            ),
            (
                "Zet binnen arbeidsmarktregio’s de praktisch ingerichte bedrijfsvakscholen",
                "als volwaardige leerroutes en ondersteun leerbedrijven.",
            ),
        ],
    ),
    (
        "Een duurzaam ondernemende gemeente",
        [
            (
                "Kom in samenspraak met de regio en/of provincie",
                "met slim gebruik hiervan netcongestie tegen te gaan.",
            ),
            ("Faciliteer een smart grid", "en bedrijven die stroom nodig hebben."),
            (
                "Circulair ondernemen vraagt meer ruimte op bedrijventerreinen.",
                "efficiënter gebruik van de percelen op de bedrijventerreinen.",
            ),
            (
                "Breng met het bedrijfsleven in kaart wat de circulaire ruimtevraag is.",
                "de ruimtelijke en economische strategie.",
            ),
            (
                "Efficiënter en circulair ruimtegebruik vraagt soms clustering",
                "een alternatieve locatie voor hun bedrijf te zoeken.",
            ),
        ],
    ),
    (
        "Een ondernemende en aantrekkelijke gemeente",
        [
            (
                "Snij fors in de regeldruk.",
                "Maak alleen nieuwe lokale regels als dit strikt noodzakelijk is.",
            ),
            (
                "Onderken het belang van de MKB-maakindustrie en stel gezamenlijk",
                "inzicht in de actuele uitdagingen en innovatieve oplossingen.",
            ),
            (
                "Bij elke ruimtelijke ontwikkeling op- of nabij een bedrijventerrein",
                "Borg dit in het participatiebeleid.",
            ),
            (
                "Ondersteun als gemeente samenwerkingsverbanden op bedrijventerreinen.",
                "netcongestie, verduurzaming en veiligheid.",
            ),
        ],
    ),
    (
        "Een innovatieve gemeente",
        [
            (
                "Biedt concrete ondersteuning aan MKB-maakbedrijven",
                "in relevante bovenregionale economische netwerken.",
            ),
            (
                "Ondersteun mogelijkheden om bedrijven contact te laten leggen",
                "Europese digitale-innovatiehubs in de regio.",
            ),
            (
                "Zet instrumenten en netwerken om innovatie te ondersteunen slimmer in",
                "een ondernemersfonds, een fieldlab of Regiodeals.",
            ),
            (
                "Betrek bij aanbestedingen de hele keten",
                "reparatie, revisie en hergebruik van materialen.",
            ),
        ],
    ),
]

# Source 002_925a9dd25f7fb9b4.txt: five themes under "wat kan de politiek doen";
# every recommendation: (bold lead as printed or None, start, end, number of » sub-points).
# The flyer sets its theme headings and abbreviations in small capitals, which the
# extract gives in lowercase: the headings have their capital letter, BOR and BBP
# are capitals (manifestos/demo/README.md, "Small capitals in TK2025").
TK2025_THEMES = [
    (
        "Mkb-maakindustrie: motor voor welvaart en strategische onafhankelijkheid",
        [
            (
                "Ontwikkel een Sectoraal Industriebeleid: koester sterke ketens!",
                "Het industriebeleid moet meer sectoraal",
                "zorg, energie en defensie.",
                0,
            ),
            (
                "Maak arbeidsproductiviteit het speerpunt van Industriebeleid",
                "Arbeidsproductiviteit moet centraal staan",
                "tegen de achtergrond van een vergrijzende bevolking.",
                0,
            ),
            (
                "Zorg voor meer regie voor Economische Zaken op het Industriebeleid",
                "Het ministerie van Economische Zaken moet weer de centrale regie krijgen",
                "die echt bijdragen aan ons (toekomstig) verdienvermogen.",
                6,
            ),
        ],
    ),
    (
        "Opleiden voor de toekomst – een wendbare arbeidsmarkt en innovatief (beroeps)onderwijs",
        [
            (
                "Structurele samenwerking tegen het tekort aan vakmensen",
                "Om tekorten in de technieksector op te lossen",
                "een duurzame plek op de arbeidsmarkt.",
                0,
            ),
            (
                "Praktijkleren verdient blijvende steun",
                "Werkgevers investeren dagelijks",
                "een krachtige motor voor vakmanschap in tekortsectoren.",
                0,
            ),
            (
                "Leid op voor de toekomst - verbeter aansluiting onderwijs en arbeidsmarkt",
                "Om mensen voor te bereiden op de banen van morgen",
                "verkleinen we personeelstekorten in vitale sectoren.",
                0,
            ),
            (
                "Macrodoelmatigheid als uitgangspunt voor onderwijs én bekostiging",
                "We willen dat macrodoelmatigheid (Kansrijk Opleiden) leidend wordt",
                "doelgerichter sturen richting werk voor iedereen.",
                0,
            ),
            (
                "Leg Techniek en Digitale vaardigheden vast in het curriculum voor po en vo",
                "Leg een stevige basis in het primair en voortgezet onderwijs",
                "met structurele betrokkenheid van het bedrijfsleven.",
                0,
            ),
            (
                "Benut ieder talent! Niemand aan de kant",
                "Geef statushouders perspectief in de techniek.",
                "zichtbaar én inzetbaar voor onze economie.",
                0,
            ),
            (
                "Voorkom dat schoolverlaters uitvallen",
                "Voortijdig schoolverlaters dreigen langdurig buitenspel te staan",
                "een tweede kans bieden op een toekomst in vakmanschap.",
                0,
            ),
            (
                "Bundel krachten voor duurzame zij-instroom",
                "Het is van belang te investeren in regionale publiek-private leeromgevingen",
                "praktijkleren en gericht perspectief op werk.",
                0,
            ),
            (
                "Zet Leven Lang Ontwikkelen in als motor voor innovatie",
                "Werkenden moeten zich eenvoudig kunnen blijven ontwikkelen.",
                "te bundelen in één toegankelijk systeem.",
                0,
            ),
        ],
    ),
    (
        "Duurzaamheid en klimaat: breng mkb-maakindustrie in positie",
        [
            (
                "Voorwaarde voor groei en verduurzaming: Breng de energie-infrastructuur op orde",
                "Voor mkb-maakbedrijven is betrouwbare, betaalbare en beschikbare duurzame energie",
                "Leer van succesvolle regionale initiatieven, vooral op bedrijventerreinen.",
                3,
            ),
            (
                "Maak de circulaire economie kernpunt van klimaat – en grondstoffenbeleid",
                "Benut de kansen van de circulaire maakindustrie",
                "minder afhankelijk van (kritische) grondstoffen uit het buitenland.",
                0,
            ),
        ],
    ),
    (
        # The first two are printed without a bold lead; "Werk het beleid uit …"
        # continues the second ("het beleid" is the one it asks for).
        "Innovatie en arbeidsproductiviteitverhoging",
        [
            (
                None,
                "Investeer in de toekomst van Nederland, minimaal 3% van het BBP aan innovatie.",
                "een vast deel van wordt besteed in de mkb-maakindustrie.",
                0,
            ),
            (
                None,
                "Maak beleid voor het verhogen van de arbeidsproductiviteit",
                "voor het opschalen van arbeidsproductiviteitsprogramma’s.",
                3,
            ),
            (
                "Maak innovatiestimuleringsmaatregelen beter bereikbaar voor de MKB-maakindustrie",
                "Innovatie is cruciaal voor het verhogen van de arbeidsproductiviteit",
                "hun innovatiekracht en verdienvermogen écht te benutten.",
                0,
            ),
            (
                "MKB-maakindustrie-financiering: kredietgarantie voor digitalisering nodig",
                "Mkb-maakbedrijven lopen nog altijd tegen muren op",
                "versnelt vernieuwing in de gehele mkb-maakindustrie.",
                0,
            ),
        ],
    ),
    (
        "Ondernemersklimaat mkb-maakindustrie",
        [
            (
                "Maak echt werk van vermindering regeldruk voor mkb-maakbedrijven",
                "Pas hiervoor de systematiek van regeldrukaanpak aan",
                "zijn al meerdere malen geïnventariseerd.",
                2,
            ),
            (
                "Bedrijfsopvolgingsregeling (BOR) essentieel voor mkb-familie(maak)bedrijven",
                "De Bedrijfsopvolgingsregeling (BOR) is essentieel",
                "met eventueel enkele aanpassingen om misbruik tegen te gaan.",
                0,
            ),
            (
                "Landelijke regie op ruimte voor bedrijventerreinen noodzakelijk",
                "Het is lastig een huis kopen als je geen baan kunt vinden.",
                "dus onwenselijke en grote maatschappelijke gevolgen.",
                0,
            ),
        ],
    ),
]

# Source 001_02abd7a762fe192c.txt (Gelderland): three themes with "•" sub-topics,
# each followed by "Wat kan uw gemeente doen". The innovation text has no
# sub-heading of its own, so its five recommendations belong to the theme itself.
GR2022_THEMES = [
    (
        "De ondernemende gemeente",
        [],
        [
            (
                "Een sterk lokaal & regionaal ondernemersklimaat",
                ["Stimuleer ondernemerschap.", "Zorg voor toekomstbestendige bedrijventerreinen."],
            ),
            (
                "Verminderen van regeldruk, think small first",
                [
                    "Think small first. Betrek mkb-maakbedrijven",
                    "Schrap bij het invoeren van een nieuwe regeling",
                ],
            ),
        ],
    ),
    (
        "De innovatieve en duurzame gemeente",
        [
            "Koppel de innovatiekracht van lokale individuele bedrijven",
            "Positioneer uw gemeente in relevante economische netwerken",
            "Speel in op regionale en lokale sterktes",
            "Hou er bij het maken van bestemmings- en omgevingsplannen",
            "Jaag de besluitvorming over een glasvezelnetwerk aan",
        ],
        [
            (
                "Circulaire economie",
                ["Laten we vaker kennis delen.", "Hoe dichter bij huis wordt geproduceerd"],
            ),
            (
                "Energietransitie",
                [
                    "Laat lokale klimaatregels proportioneel zijn",
                    "Stimuleer oplossingen om lokaal en regionaal energie op te slaan.",
                    "Voorkom onnodige eisen aan een bedrijf",
                    "Zorg in samenspraak met regionale partners en netbeheerders",
                ],
            ),
        ],
    ),
    (
        "De slimme gemeente",
        [],
        [
            (
                "Instroom vakmensen bevorderen",
                [
                    "Stimuleer en verbeter waar mogelijk de relaties",
                    "Sluit aan bij Sterk Techniek Onderwijs",
                    "Bij gemeentelijke organisaties zijn veel technische functies",
                ],
            ),
            ("Leven lang ontwikkelen", ["Nederland is onderverdeeld in arbeidsmarktregio’s."]),
        ],
    ),
]

# Source 004_459fec5d6ed802c9.txt (Noord-Holland): same shape, "Wat kan de provincie doen".
PS2023_THEMES = [
    (
        "Ondernemend Noord-Holland",
        [],
        [
            (
                "Verminderen van regeldruk",
                [
                    "Maak ook, samen met de sectoren, serieus werk",
                    "Gebruik de reeds bestaande MKB-toets",
                ],
            ),
            (
                "Een sterk ondernemersklimaat",
                [
                    "Zorg voor toekomstbestendige bedrijventerreinen.",
                    "Zorg samen met de gemeenten en het (georganiseerd) bedrijfsleven",
                    "Zorg samen met de netbeheerder voor capaciteit",
                ],
            ),
        ],
    ),
    (
        "Een innovatief en duurzaam Noord-Holland",
        [
            "Heb oog voor het mkb, investeer met subsidies",
            "Blijf actief aangehaakt bij Smart Industry",
        ],
        [
            (
                "Circulaire economie",
                [
                    "Aanbestedingen vragen om een circulaire en innovatieve beoordeling",
                    "Houd er rekening mee dat voor circulariteit op bedrijventerreinen",
                ],
            ),
            (
                "Energietransitie",
                [
                    "Laat klimaatregels proportioneel zijn",
                    "Stimuleer oplossingen om lokaal en regionaal energie op te slaan.",
                    "Voorkom onnodige eisen aan een bedrijf",
                    "Zorg in samenspraak met regionale partners en netbeheerders",
                ],
            ),
        ],
    ),
    (
        "Werken & Ontwikkelen in Noord-Holland",
        [],
        [
            (
                "Instroom vakmensen bevorderen",
                [
                    "Met het Manifest Werken en Ontwikkelen",
                    "Stuur aan op slimme samenwerking",
                    "Voor (zij)instromers in de bouw en techniek",
                ],
            ),
        ],
    ),
]

# Source 003_79a1a217f40ab338.txt: the goals of "Een stimulerend industriebeleid".
# Under each goal the document prints descriptive paragraphs only, no recommendations
# and no "Wat kan de politiek doen": (title, [how each printed paragraph starts]), and
# the paragraphs are the goal's explanation.
TK2021_GOALS = [
    (
        "Productief produceren door mkb-maakindustrie",
        [
            "Leg de komende jaren de nadruk op de stimulering van procesinnovatie.",
            "Provincies verdringen elkaar om middelen in te zetten",
        ],
    ),
    ("Klimaat en grondstoffen", ["De mkb-maakbedrijven verbruiken relatief weinig energie."]),
    ("Ruimte voor het mkb", ["Zorg voor eenduidige regels"]),
    ("Human capital", ["Voldoende vakmensen, die goed zijn opgeleid"]),
    ("Exportpotentieel versterken", ["Versterk de positie van de Nederlandse mkb-maakbedrijven"]),
    (
        "De overheid als opdrachtgever voor de mkb-maakindustrie in Nederland",
        ["Zet een breed programma op"],
    ),
]
TK2021_THEMES = [(title, [], []) for title, _ in TK2021_GOALS]


class TestCampaigns:
    def test_election_type_and_date(self, demo_content):
        assert {
            campaign.slug: (campaign.election_type, campaign.election_date)
            for campaign in Campaign.objects.all()
        } == {
            "gr2026": (ElectionType.GEMEENTERAAD, datetime.date(2026, 3, 18)),
            "gr2022": (ElectionType.GEMEENTERAAD, datetime.date(2022, 3, 16)),
            "tk2025": (ElectionType.TWEEDE_KAMER, datetime.date(2025, 10, 29)),
            "tk2021": (ElectionType.TWEEDE_KAMER, datetime.date(2021, 3, 17)),
            "ps2023": (ElectionType.PROVINCIALE_STATEN, datetime.date(2023, 3, 15)),
        }

    def test_all_five_are_visible_to_visitors(self, demo_content):
        assert set(Campaign.objects.public().values_list("slug", flat=True)) == {
            "gr2026",
            "gr2022",
            "tk2025",
            "tk2021",
            "ps2023",
        }
        assert Campaign.objects.current().filter(slug="gr2026").exists()
        assert set(Campaign.objects.archived().values_list("slug", flat=True)) >= {
            "gr2022",
            "ps2023",
            "tk2021",
        }

    def test_report_names_what_was_created(self, demo_content):
        assert "campagne Gemeenteraadsverkiezingen 2026" in demo_content.created
        assert "contactpersoon Monique van der Voort" in demo_content.created
        assert demo_content.skipped == []

    def test_editions(self, demo_content):
        scopes = {}
        for edition in Edition.objects.select_related("campaign", "province", "municipality"):
            scopes.setdefault(edition.campaign.slug, []).append(
                (edition.province and edition.province.name, edition.municipality)
            )

        assert scopes == {
            "gr2026": [(None, None)],
            "gr2022": [("Gelderland", None)],
            "tk2025": [(None, None)],
            "tk2021": [(None, None)],
            "ps2023": [("Noord-Holland", None)],
        }
        assert edition_of("gr2022").province.cbs_code == "PV25"
        assert edition_of("ps2023").province.cbs_code == "PV27"

    def test_edition_titles(self, demo_content):
        assert edition_of("gr2026").title == "De MKB-maakindustrie brengt je gemeente vooruit"
        assert edition_of("ps2023").title == (
            "Mkb-maakindustrie en provincie Noord-Holland: Waardevolle partners"
        )
        assert edition_of("tk2021").title == "Een stimulerend industriebeleid"


def test_the_next_elections_are_the_public_date_and_nothing_more(demo_content):
    """Provinciale Staten and water boards on 17 March 2027: a public date, no content."""
    assert [
        (u.election_type, u.election_date, u.name, u.notes) for u in UpcomingElection.objects.all()
    ] == [
        (
            ElectionType.PROVINCIALE_STATEN,
            datetime.date(2027, 3, 17),
            "Provinciale Statenverkiezingen 2027",
            "",
        ),
        (ElectionType.WATERSCHAP, datetime.date(2027, 3, 17), "Waterschapsverkiezingen 2027", ""),
    ]
    assert "volgende verkiezing Provinciale Statenverkiezingen 2027 (17-03-2027)" in (
        demo_content.created
    )


class TestPeople:
    def test_noord_holland_names_its_regiosecretaris(self, demo_content):
        contact = edition_of("ps2023").contact

        assert contact.name == "Monique van der Voort"
        assert contact.role == "Regiosecretaris Metaalunie"
        assert contact.email == "voort@metaalunie.nl"
        assert contact.phone_uri == "tel:+31611170871"

    def test_tk2025_central_contact(self, demo_content):
        contact = Campaign.objects.get(slug="tk2025").central_contact

        assert contact.name == "Wijnand van Zanten"
        assert contact.role == "manager public affairs"
        assert contact.phone_uri == "tel:+31653289935"

    def test_no_invented_people(self, demo_content):
        assert set(Contact.objects.values_list("name", flat=True)) == {
            "Monique van der Voort",
            "Wijnand van Zanten",
        }

    def test_fried_kaanen_closes_gr2022(self, demo_content):
        # Printed at the very end, after the association's box "De Ondernemersorganisatie
        # voor het MKB-metaal": the edition's closing text, not a quote in theme 3.
        edition = edition_of("gr2022")
        closing = words(edition.closing)

        assert closing.startswith("”Geef specifiek aandacht aan het mkb in het algemeen")
        assert closing.endswith("buurgemeenten.” Fried Kaanen, voorzitter Koninklijke Metaalunie")
        assert not Theme.objects.exclude(quote="").exists()
        assert not Theme.objects.filter(intro__contains="Geef specifiek aandacht").exists()

    def test_mark_helder_signs_as_chair(self, demo_content):
        for slug in ("gr2026", "tk2025"):
            campaign = Campaign.objects.get(slug=slug)
            assert campaign.foreword_author == "Mark Helder", slug
            assert campaign.foreword_author_role == "Voorzitter Koninklijke Metaalunie", slug


def test_key_figures_belong_to_the_campaign_that_printed_them(demo_content):
    values = {
        campaign.slug: [figure.value for figure in campaign.key_figures.all()]
        for campaign in Campaign.objects.prefetch_related("key_figures")
    }

    gr2026, tk2025, gr2022 = values["gr2026"], values["tk2025"], values["gr2022"]
    assert "35 miljard euro" in gr2026
    assert "€ 32 miljoen" in gr2026
    assert gr2026.index("35 miljard euro") < gr2026.index("€ 32 miljoen")
    assert "€40 miljoen" in tk2025
    assert "35 miljard euro" in tk2025
    assert "€ 32 miljoen" not in tk2025
    assert "30 miljard" in gr2022
    assert "180.000" in gr2022
    assert not any("35 miljard" in value for value in gr2022)
    assert not any("30 miljard" in value for value in gr2026 + tk2025)
    assert values["tk2021"] == []  # the 2021 manifesto prints no figures of the association


class TestRegionalFigures:
    def test_gelderland_and_nothing_invented(self, demo_content):
        figures = RegionalFigures.objects.with_rows().get(province__cbs_code="PV25")

        assert figures.member_companies == 2029
        assert figures.employees == 24041
        assert figures.source == "CBS en Metaalunie"
        # Undated, as printed, in the manifesto of the 2022 municipal elections.
        assert (figures.reference_date, figures.manifesto_year) == (None, 2022)
        # The charts are printed without their values.
        assert figures.company_types() == []
        assert set(RegionalFigures.objects.values_list("province__cbs_code", flat=True)) == {
            "PV25",
            "PV27",
        }
        assert not RegionalFigures.objects.filter(province__isnull=True).exists()

    def test_noord_holland_education_levels_in_printed_order(self, demo_content):
        figures = RegionalFigures.objects.with_rows().get(province__cbs_code="PV27")

        assert figures.source == "CBS en Metaalunie"
        assert (figures.reference_date, figures.manifesto_year) == (None, 2023)
        assert [(row.label, row.value, row.unit) for row in figures.education_levels()] == [
            ("basisonderwijs", Decimal("6.7"), FigureRow.Unit.PERCENT),
            ("vmbo, havo/vwo onderbouw, mbo 1", Decimal("15.3"), FigureRow.Unit.PERCENT),
            ("mbo 2-4, havo/vwo", Decimal("55.6"), FigureRow.Unit.PERCENT),
            ("hbo, wo", Decimal("22.3"), FigureRow.Unit.PERCENT),
        ]


class TestThemesAndRecommendations:
    def test_gr2026(self, demo_content):
        edition = edition_of("gr2026")
        actual = outline(edition)

        assert [title for title, _, _ in actual] == [title for title, _ in GR2026_THEMES]
        for (title, texts, children), (_, expected) in zip(actual, GR2026_THEMES, strict=True):
            assert children == [], title
            assert len(texts) == len(expected), title
            for text, (start, end) in zip(texts, expected, strict=True):
                assert text.startswith(start), (title, text)
                assert text.endswith(end), (title, text)
        # The flyer prints plain bullets: no bold lead sentences.
        assert (
            not Recommendation.objects.filter(theme__edition__campaign__slug="gr2026")
            .exclude(lead="")
            .exists()
        )

    def test_tk2025(self, demo_content):
        edition = edition_of("tk2025")
        actual = outline(edition)
        themes = edition.theme_tree()

        assert [title for title, _, _ in actual] == [title for title, _ in TK2025_THEMES]
        for theme, (title, expected) in zip(themes, TK2025_THEMES, strict=True):
            recommendations = list(theme.recommendations.all())
            assert theme.children == [], title
            assert len(recommendations) == len(expected), title
            for recommendation, (lead, start, end, points) in zip(
                recommendations, expected, strict=True
            ):
                text = recommendation_text(recommendation)
                if lead is not None:
                    assert words(recommendation.lead) == lead
                    assert text.removeprefix(lead).lstrip().startswith(start), (title, lead)
                else:
                    assert text.startswith(start), (title, text)
                assert text.endswith(end), (title, text)
                assert len(recommendation.point_list) == points, (title, text)

    def test_tk2025_sector_points(self, demo_content):
        recommendation = Recommendation.objects.get(
            theme__edition__campaign__slug="tk2025",
            lead="Zorg voor meer regie voor Economische Zaken op het Industriebeleid",
        )

        assert [words(point).split(":")[0] for point in recommendation.point_list] == [
            "Defensie",
            "Agro & machinebouw",
            "Chips & halfgeleiderindustrie",
            "Maritiem",
            "Duurzame energie",
            "Zorg",
        ]
        assert words(recommendation.conclusion).startswith(
            "Economische Zaken moet op meer industriële ketens een aanjagende rol krijgen"
        )

    def test_gr2022(self, demo_content):
        assert_outline(edition_of("gr2022"), GR2022_THEMES)

    def test_ps2023(self, demo_content):
        assert_outline(edition_of("ps2023"), PS2023_THEMES)

    def test_tk2021(self, demo_content):
        edition = edition_of("tk2021")

        assert_outline(edition, TK2021_THEMES)
        for theme, (title, beginnings) in zip(edition.theme_tree(), TK2021_GOALS, strict=True):
            paragraphs = [words(paragraph) for paragraph in paragraphs_of(theme.intro)]
            assert_recommendations_start_with(title, paragraphs, beginnings)
        assert not Recommendation.objects.filter(theme__edition=edition).exists()

    def test_sustainability_facts_box(self, demo_content):
        # GR2022 prints seven bullets; PS2023 gives "Recycled content …" a bullet of its own.
        for slug, bullets in (("gr2022", 7), ("ps2023", 6)):
            (theme,) = Theme.objects.filter(edition__campaign__slug=slug).exclude(facts="")
            assert theme.facts_title.startswith("Een aantal feiten over de ‘duurzaamheid’"), slug
            assert theme.facts.count("<li>") == bullets, slug
            assert "De sector kent een laag energieverbruik." in theme.facts, slug
            assert "De mkb-maakindustrie is koploper op vlak van MVO." in theme.facts, slug


def demo_texts():
    """(where, text) for every text field of every object the demo content created;
    slugs are addresses, not text."""
    for model in apps.get_models():
        if model._meta.app_label not in DEMO_APPS or model.__name__ in REGISTER_MODELS:
            continue
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField))
            and not isinstance(field, models.SlugField)
        ]
        for obj in model.objects.all():
            for name in fields:
                value = getattr(obj, name)
                if value:
                    yield f"{model.__name__} {obj.pk} {name}", value


# A hyphen followed by a space is only right when a word part is left out
# ("opleidings- en arbeidsmarktinfrastructuur", "op- of nabij",
# "product- maar zeker ook productie- en procesinnovatie").
SUSPENDED_HYPHEN = re.compile(r"(\w+)- (\w+)")
RECOMMENDATION_SUSPENDED_HYPHENS = {
    "opleidings- en",  # GR2026: opleidings- en arbeidsmarktinfrastructuur
    "verhuis- en",  # GR2026: verhuis- en verplaatsingskosten
    "op- of",  # GR2026: op- of nabij een bedrijventerrein
    "vestigings- en",  # GR2022: vestigings- en ondernemersklimaat
    "bestemmings- en",  # GR2022: bestemmings- en omgevingsplannen
    "onderwijs- en",  # GR2022: onderwijs- en kennisinstellingen
    "bij- en",  # TK2025: bij- en omscholing
}


class TestTranscription:
    def test_no_word_split_at_a_line_end_survives(self, demo_content):
        wrong = [
            (where, match.group())
            for where, text in demo_texts()
            for match in SUSPENDED_HYPHEN.finditer(text)
            if match.group(2) not in {"en", "of", "maar"}
        ]

        assert wrong == []

    def test_recommendations_keep_exactly_the_printed_suspended_hyphens(self, demo_content):
        found = {
            match.group()
            for recommendation in Recommendation.objects.all()
            for field in (recommendation.lead, recommendation.body, recommendation.points)
            for match in SUSPENDED_HYPHEN.finditer(field)
        }

        assert found == RECOMMENDATION_SUSPENDED_HYPHENS

    def test_no_hyphen_at_a_line_end(self, demo_content):
        assert [where for where, text in demo_texts() if re.search(r"\w-\n", text)] == []

    def test_no_split_letters(self, demo_content):
        artefacts = [
            "ef ficiënt",
            "grondstof fen",
            "behoef te",
            "heef t",
            "geef t",
            "blijf t",
            "sof tware",
            "af fairs",
            "schaf fen",
            "wat k an",
            "stagiair ,",
        ]

        assert [
            (where, artefact)
            for where, text in demo_texts()
            for artefact in artefacts
            if artefact in text
        ] == []

    def test_no_bullet_glyphs_or_page_furniture(self, demo_content):
        furniture = re.compile(
            r"(^|\n)\s*(y |•|»)|lees verder >>|Onze thema’s voor uw verkiezingsprogramma - vervolg"
        )

        assert [where for where, text in demo_texts() if furniture.search(text)] == []


# The TK2025 flyer sets these in small capitals; the extract gives them in lowercase.
FLATTENED_SMALL_CAPITALS = re.compile(r"\b(asml|uwv|szw|bor|navo|r&d|bnp|bbp|bbl)\b")
# "mkb" at the start of a paragraph, a sentence, a list item or a bold heading.
MKB_AT_THE_START = re.compile(r"(^|[.!?] |<li>|<strong>)mkb", re.MULTILINE)


def campaign_texts(slug):
    """(where, text) for every text of one campaign: its own, its editions', themes' and
    recommendations'."""
    objects = [
        Campaign.objects.get(slug=slug),
        *Edition.objects.filter(campaign__slug=slug),
        *Theme.objects.filter(edition__campaign__slug=slug),
        *Recommendation.objects.filter(theme__edition__campaign__slug=slug),
    ]
    for obj in objects:
        for field in obj._meta.concrete_fields:
            value = getattr(obj, field.name)
            if isinstance(field, (models.CharField, models.TextField)) and value:
                yield f"{type(obj).__name__} {obj.pk} {field.name}", value


def themes_on_page(page):
    """{theme title: its section} as a visitor sees them, in page order."""
    return {
        page_text(find(section, "span", "theme__name")): section
        for section in find_all(page, "section", "theme")
    }


class TestAsPrinted:
    """What the PDF extraction flattened, restored as the flyers print it."""

    def test_tk2025_small_capitals_are_capitals(self, demo_content):
        texts = dict(campaign_texts("tk2025"))
        everything = words(" ".join(texts.values()))

        assert [
            (where, match.group())
            for where, text in demo_texts()
            for match in FLATTENED_SMALL_CAPITALS.finditer(text)
        ] == []
        for printed in [
            "topbedrijf ASML als aanjager",
            "gemeenten en UWV.",
            "op het gebied van SZW.",
            "Bedrijfsopvolgingsregeling (BOR) is essentieel",
            "de 5% NAVO-norm",
            "40% van het BNP",
            "60% van de R&D-uitgaven",
            "3% van het BBP aan innovatie",
            "Beroeps Begeleidende Leerweg (BBL)",
        ]:
            assert printed in everything, printed

    def test_mkb_keeps_the_association_house_style(self, demo_content):
        # Lowercase in running text, a capital where a heading or sentence begins.
        assert [where for where, text in demo_texts() if MKB_AT_THE_START.search(text)] == []
        tk2025 = words(" ".join(text for _, text in campaign_texts("tk2025")))
        assert "Mkb-maakbedrijven produceren innovatieve producten" in tk2025
        assert "ondanks het Nationale Convenant mkb-financiering" in tk2025
        assert "voor het kleine mkb tot en met 25 werknemers" in tk2025
        assert "ook op hbo en wo-niveau" in tk2025

    def test_every_heading_starts_with_a_capital(self, demo_content):
        assert [
            (theme.edition.campaign.slug, theme.title)
            for theme in Theme.objects.select_related("edition__campaign")
            if not theme.title[0].isupper()
        ] == []

    def test_tk2025_closes_with_its_last_printed_line(self, demo_content):
        paragraphs = paragraphs_of(edition_of("tk2025").closing)

        assert paragraphs[0] == "<strong>Samenwerken aan oplossingen</strong>"
        assert paragraphs[-1] == (
            "<strong>Samen aan de slag met én voor ondernemers in Nederland!</strong>"
        )

    def test_the_tk2025_page(self, client, demo_content):
        page = parse_page(client.get("/tk2025/"))
        edition = find(page, "article", "edition")
        elements = find_all(edition)
        closing = find(edition, "div", "edition__closing")

        assert list(themes_on_page(page)) == [title for title, _ in TK2025_THEMES]
        assert "met topbedrijf ASML als aanjager" in page_text(edition)
        assert not FLATTENED_SMALL_CAPITALS.search(page_text(page))
        assert page_text(closing).endswith(
            "Samen aan de slag met én voor ondernemers in Nederland!"
        )
        last_theme = find_all(edition, "section", "theme")[-1]
        assert elements.index(closing) > elements.index(last_theme)

    def test_the_tk2021_page_shows_the_goals_with_their_text_only(self, client, demo_content):
        page = parse_page(client.get("/tk2021/"))
        themes = themes_on_page(page)

        assert list(themes) == [title for title, _ in TK2021_GOALS]
        for (title, beginnings), section in zip(TK2021_GOALS, themes.values(), strict=True):
            assert page_text(find(section, "div", "theme__intro")).startswith(beginnings[0]), title
        assert find_all(page, "ol", "recommendations") == []
        assert find_all(page, None, "theme__heading") == []
        assert "Wat kan de politiek doen" not in page_text(page)
        # The 2021 manifesto has no association box: no empty card either.
        assert find_all(page, "section", "about") == []
        assert "stelt zich voor" not in page_text(page)

    def test_the_gelderland_page_closes_with_the_quote(self, client, demo_content):
        page = parse_page(client.get("/gr2022/provincie/gelderland/"))
        closing = page_text(find(page, "div", "edition__closing"))

        assert closing.startswith("”Geef specifiek aandacht aan het mkb in het algemeen")
        assert closing.endswith("Fried Kaanen, voorzitter Koninklijke Metaalunie")
        slimme_gemeente = themes_on_page(page)["De slimme gemeente"]
        assert "Geef specifiek aandacht" not in page_text(slimme_gemeente)
        assert find_all(page, "figure", "quote") == []
        assert "Koninklijke Metaalunie stelt zich voor" in page_text(find(page, "section", "about"))


def model_counts():
    return {
        model.__name__: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in DEMO_APPS
    }


class TestLoading:
    def test_loading_twice_changes_nothing(self, demo_content):
        before = model_counts()
        published_at = dict(Campaign.objects.values_list("slug", "published_at"))

        report = demo_content_load()

        assert report.created == []
        # campaigns, contacts, figure sets, upcoming elections
        assert len(report.skipped) == 5 + 2 + 2 + 2
        assert model_counts() == before
        assert dict(Campaign.objects.values_list("slug", "published_at")) == published_at

    def test_needs_the_register_first(self, db):
        with pytest.raises(DemoContentError, match="import_municipalities"):
            demo_content_load()

        assert not Campaign.objects.exists()
        assert not Contact.objects.exists()


@pytest.fixture
def demo_dir(tmp_path, monkeypatch):
    """A copy of the demo files to break; the loader reads it instead of the real ones."""
    directory = tmp_path / "demo"
    shutil.copytree(demo_content_module.DEMO_DIR, directory)
    monkeypatch.setattr(demo_content_module, "DEMO_DIR", directory)
    return directory


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class TestBrokenFiles:
    """A broken file is refused with a message naming it, and loads nothing."""

    def test_broken_people_file(self, register, demo_dir):
        edit(demo_dir / "people.toml", 'key = "wijnand-van-zanten"', 'key = "wijnand-van-zanten')
        before = model_counts()

        with pytest.raises(DemoContentError, match=r"people\.toml"):
            demo_content_load()

        assert model_counts() == before

    def test_broken_campaign_file_loads_nothing_of_that_campaign(self, register, demo_dir):
        edit(demo_dir / "gr2022.toml", 'slug = "gr2022"', 'slug = "gr2022')

        with pytest.raises(DemoContentError, match=r"gr2022\.toml"):
            demo_content_load()

        assert not Campaign.objects.filter(election_date=datetime.date(2022, 3, 16)).exists()
        assert not Edition.objects.filter(province__cbs_code="PV25").exists()

    def test_unknown_contact_loads_nothing_of_that_campaign(self, register, demo_dir):
        edit(demo_dir / "ps2023.toml", 'contact = "monique-van-der-voort"', 'contact = "niemand"')

        with pytest.raises(DemoContentError, match=r"ps2023\.toml.*'niemand'"):
            demo_content_load()

        assert not Campaign.objects.filter(slug="ps2023").exists()
        assert not Edition.objects.filter(province__cbs_code="PV27").exists()
        assert not Theme.objects.filter(title="Ondernemend Noord-Holland").exists()

    @pytest.mark.parametrize(
        ("name", "old", "new"),
        [
            ("gr2022.toml", 'slug = "gr2022"', 'slug = "gr2022'),
            ("ps2023.toml", 'contact = "monique-van-der-voort"', 'contact = "niemand"'),
            ("gr2026.toml", 'slug = "gr2026"', 'slug = "gr2026'),
        ],
        ids=["syntax-error", "unknown-contact", "first-campaign-file"],
    )
    def test_a_broken_file_leaves_the_database_unchanged(self, register, demo_dir, name, old, new):
        edit(demo_dir / name, old, new)
        before = model_counts()

        with pytest.raises(DemoContentError):
            demo_content_load()

        assert model_counts() == before

    def test_a_missing_field_is_named(self, register, demo_dir):
        edit(
            demo_dir / "tk2021.toml",
            'title = "Een stimulerend industriebeleid"',
            'titel = "Een stimulerend industriebeleid"',
        )

        with pytest.raises(DemoContentError, match=r"tk2021\.toml"):
            demo_content_load()
