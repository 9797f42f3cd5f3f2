"""Regional figures as bar charts: what a reader sees, and what a screen reader announces."""

import datetime
from decimal import Decimal

import pytest
from django.test.html import Element

from regions.charts import bar_chart
from regions.models import FigureRow
from tests.factories import (
    CampaignFactory,
    FigureRowFactory,
    MunicipalityFactory,
    RegionalFiguresFactory,
)
from tests.html import attr, by_id, find, find_all, parse_page, text

pytestmark = pytest.mark.django_db


def charts(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return find_all(parse_page(response), "figure", "chart")


def bars(chart):
    """(label, value, bar width in percent) per bar, as drawn."""
    svg = find(chart, "svg")
    labels = [text(t) for t in find_all(svg, "text", "chart__label")]
    values = [text(t) for t in find_all(svg, "text", "chart__value")]
    widths = [float(attr(r, "width").removesuffix("%")) for r in find_all(svg, "rect")]
    return list(zip(labels, values, widths, strict=True))


@pytest.fixture
def town(db):
    """A municipality of a published campaign, with figures of its own."""
    municipality = MunicipalityFactory()
    campaign = CampaignFactory(national_edition=True)
    figures = RegionalFiguresFactory(
        province=None,
        municipality=municipality,
        source="CBS en Metaalunie",
        reference_date=datetime.date(2025, 1, 1),
    )
    return f"/{campaign.slug}/gemeente/{municipality.slug}/", figures


class TestBarChart:
    def test_bars_are_proportional_to_the_values(self, client, town):
        url, figures = town
        for label, value in [("klein", "10"), ("groot", "40"), ("middel", "25.5")]:
            FigureRowFactory(figures=figures, label=label, value=Decimal(value))

        (chart,) = charts(client, url)

        drawn = bars(chart)
        assert [label for label, _, _ in drawn] == ["klein", "groot", "middel"]
        widths = {label: width for label, _, width in drawn}
        assert widths["groot"] == max(widths.values())
        assert widths["klein"] / widths["groot"] == pytest.approx(10 / 40, abs=1e-3)
        assert widths["middel"] / widths["groot"] == pytest.approx(25.5 / 40, abs=1e-3)
        # The longest bar leaves room for its value on the right.
        assert widths["groot"] < 80

    def test_labels_and_values_are_text_in_dutch_notation(self, client, town):
        url, figures = town
        FigureRowFactory(figures=figures, label="mbo 2-4, havo/vwo", value=Decimal("55.6"))
        FigureRowFactory(figures=figures, label="hbo, wo", value=Decimal("22.3"))
        for label, value in [("Machinebouw", "12345"), ("Basismetaal", "987")]:
            FigureRowFactory(
                figures=figures,
                kind=FigureRow.Kind.COMPANY_TYPE,
                unit=FigureRow.Unit.COUNT,
                label=label,
                value=Decimal(value),
            )

        company_types, education_levels = charts(client, url)

        assert [(label, value) for label, value, _ in bars(company_types)] == [
            ("Machinebouw", "12.345"),
            ("Basismetaal", "987"),
        ]
        assert [(label, value) for label, value, _ in bars(education_levels)] == [
            ("mbo 2-4, havo/vwo", "55,6%"),
            ("hbo, wo", "22,3%"),
        ]

    def test_a_screen_reader_gets_a_name_and_every_value(self, client, town):
        url, figures = town
        FigureRowFactory(figures=figures, label="basisonderwijs", value=Decimal("6.7"))
        FigureRowFactory(figures=figures, label="hbo, wo", value=Decimal("22.3"))

        (chart,) = charts(client, url)

        # The caption the source prints above this chart.
        caption = "Werkenden bij mkb-maakbedrijven naar opleidingsniveau"
        assert text(find(chart, "figcaption")) == caption
        svg = find(chart, "svg")
        assert attr(svg, "role") == "img"
        assert text(by_id(svg, attr(svg, "aria-labelledby"))) == caption
        description = text(by_id(svg, attr(svg, "aria-describedby")))
        assert description == "basisonderwijs: 6,7%; hbo, wo: 22,3%"
        assert attr(svg, "style") is None

    def test_the_table_stays_as_text_alternative(self, client, town):
        url, figures = town
        FigureRowFactory(figures=figures, label="basisonderwijs", value=Decimal("6.7"))
        FigureRowFactory(figures=figures, label="hbo, wo", value=Decimal("22.3"))

        (chart,) = charts(client, url)

        details = find(chart, "details", "chart__table")
        assert text(find(details, "summary")) == "Toon als tabel"
        rows = [text(row) for row in find_all(find(details, "table"), "tr")]
        assert rows == ["basisonderwijs 6,7%", "hbo, wo 22,3%"]

    def test_source_and_reference_date_under_the_chart(self, client, town):
        url, figures = town
        FigureRowFactory(figures=figures, label="basisonderwijs", value=Decimal("6.7"))

        (chart,) = charts(client, url)

        last = [child for child in chart.children if isinstance(child, Element)][-1]
        assert text(last) == "Bron: CBS en Metaalunie · peildatum 1 januari 2025"

    def test_undated_figures_name_their_source_only(self, client, town):
        url, figures = town
        figures.reference_date = None
        figures.save()
        FigureRowFactory(figures=figures, label="basisonderwijs", value=Decimal("6.7"))

        (chart,) = charts(client, url)

        last = [child for child in chart.children if isinstance(child, Element)][-1]
        assert text(last) == "Bron: CBS en Metaalunie"

    def test_counts_and_percentages_are_not_drawn_against_each_other(self, client, town):
        url, figures = town
        FigureRowFactory(figures=figures, label="procent", value=Decimal("50"))
        FigureRowFactory(figures=figures, label="aantal", value=Decimal("500"), unit="count")

        response = client.get(url)

        page = parse_page(response)
        assert find_all(page, "svg", "chart__svg") == []
        rows = [text(row) for row in find_all(find(page, "table", "figure-table"), "tr")]
        assert rows == ["procent 50,0%", "aantal 500"]


class TestBarChartLayout:
    def test_zero_values_get_no_bar_and_no_error(self):
        rows = [
            FigureRow(label="niets", value=Decimal(0), unit="percent"),
            FigureRow(label="ook niets", value=Decimal(0), unit="percent"),
        ]

        chart = bar_chart(rows)

        assert [bar.width for bar in chart.bars] == ["0.00%", "0.00%"]
        assert [bar.value for bar in chart.bars] == ["0,0%", "0,0%"]

    def test_long_labels_wrap_and_rows_do_not_overlap(self):
        rows = [
            FigureRow(label="kort", value=Decimal(1), unit="count"),
            FigureRow(
                label="reparatie en installatie van machines en apparaten", value=2, unit="count"
            ),
            FigureRow(label="kort", value=Decimal(3), unit="count"),
        ]

        chart = bar_chart(rows)

        long_label = chart.bars[1].label_lines
        assert [line.text for line in long_label] == [
            "reparatie en installatie",
            "van machines en apparaten",
        ]
        for upper, lower in zip(chart.bars, chart.bars[1:], strict=False):
            for line in upper.label_lines:
                assert line.y < upper.bar_y
            assert upper.bar_y + chart.bar_height < lower.label_lines[0].y - chart.label_size
        assert chart.bars[-1].bar_y + chart.bar_height <= chart.height

    def test_no_rows_no_chart(self):
        assert bar_chart([]) is None


class TestDemoFigures:
    @pytest.mark.parametrize(
        "url", ["/ps2023/provincie/noord-holland/", "/ps2023/gemeente/alkmaar/"]
    )
    def test_the_noord_holland_education_levels(self, client, demo_content, url):
        (chart,) = charts(client, url)

        assert [(label, value) for label, value, _ in bars(chart)] == [
            ("basisonderwijs", "6,7%"),
            ("vmbo, havo/vwo onderbouw, mbo 1", "15,3%"),
            ("mbo 2-4, havo/vwo", "55,6%"),
            ("hbo, wo", "22,3%"),
        ]
        assert text(find(chart, "figcaption")) == (
            "Werkenden bij mkb-maakbedrijven naar opleidingsniveau"
        )
        assert text(find(chart, "p", "figures__source")) == "Bron: CBS en Metaalunie"

    def test_gelderland_has_counts_with_their_source_and_no_chart(self, client, demo_content):
        response = client.get("/gr2022/gemeente/arnhem/")

        box = find(parse_page(response), "section", "figures")
        assert find_all(box, "figure", "chart") == []
        assert "Aantal bedrijven 2.029" in text(box)
        assert text(find(box, "p", "figures__source")) == "Bron: CBS en Metaalunie"
