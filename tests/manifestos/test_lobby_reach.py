"""The staff dashboard: reach per district and province, top recommendations, exports."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from manifestos.models import Adoption
from tests.factories import AdoptionFactory, PartyFactory

pytestmark = pytest.mark.django_db

REACH = reverse("admin:manifestos_party_reach")


def table_rows(response):
    """{row heading: [cells]} of the dashboard's district/province table."""
    report = response.context["report"]
    rows = {}
    for district in report.districts:
        rows[district.name] = [district.total, *[count for _label, count in district.stages]]
        for province in district.provinces:
            rows[province.name] = [province.total, *[count for _label, count in province.stages]]
    total = report.total
    rows["Totaal"] = [total.total, *[count for _label, count in total.stages]]
    return rows


def record(lobby, *, municipality, sent=True, reacted=False, adopt=(), coalition=()):
    party = PartyFactory(
        campaign=lobby["campaign"],
        municipality=municipality,
        sent_on=datetime.date(2026, 1, 10) if sent else None,
        reaction_on=datetime.date(2026, 1, 20) if reacted else None,
    )
    for recommendation in adopt:
        AdoptionFactory(party=party, recommendation=recommendation)
    for recommendation in coalition:
        AdoptionFactory(
            party=party,
            recommendation=recommendation,
            stage=Adoption.Stage.COALITION,
            adopted_on=datetime.date(2026, 5, 1),
        )
    return party


def test_counts_municipalities_not_parties_per_stage(client, lobby):
    noord, recs = lobby["noord"], lobby["recommendations"]
    first, second = noord.municipalities
    # Two parties in one municipality count once.
    record(lobby, municipality=first, reacted=True, adopt=[recs[0], recs[1]])
    record(lobby, municipality=first, adopt=[recs[0]], coalition=[recs[0]])
    record(lobby, municipality=second)
    client.force_login(lobby["editor"])

    rows = table_rows(client.get(REACH))

    #                        total, sent, reacted, adopted, coalition
    assert rows["Provincie Noord"] == [2, 2, 1, 1, 1]
    assert rows["Noord"] == [2, 2, 1, 1, 1]
    assert rows["Provincie Zuid"] == [2, 0, 0, 0, 0]
    assert rows["Totaal"] == [4, 2, 1, 1, 1]


def test_the_most_adopted_recommendations_come_first(client, lobby):
    noord, recs = lobby["noord"], lobby["recommendations"]
    record(lobby, municipality=noord.municipalities[0], adopt=[recs[2], recs[1]])
    record(lobby, municipality=noord.municipalities[1], adopt=[recs[2]])
    client.force_login(lobby["editor"])

    response = client.get(REACH)

    top = response.context["report"].top
    assert [(t.recommendation, t.programme) for t in top] == [(recs[2], 2), (recs[1], 1)]
    page = response.content.decode()
    assert '<svg class="chart__svg"' in page
    assert 'id="reach-top"' in page


def test_a_district_filter_narrows_everything(client, lobby):
    record(lobby, municipality=lobby["zuid"].municipalities[0], adopt=[lobby["recommendations"][0]])
    client.force_login(lobby["editor"])

    response = client.get(REACH, {"campagne": "gr2026", "district": lobby["noord"].district.slug})

    rows = table_rows(response)
    assert "Provincie Zuid" not in rows
    assert rows["Totaal"] == [2, 0, 0, 0, 0]
    assert response.context["report"].top == []


def test_the_number_of_queries_does_not_grow_with_the_data(client, lobby):
    client.force_login(lobby["editor"])
    counts = []
    for municipalities in (lobby["noord"].municipalities[:1], lobby["noord"].municipalities):
        for municipality in municipalities:
            record(
                lobby,
                municipality=municipality,
                reacted=True,
                adopt=lobby["recommendations"],
                coalition=lobby["recommendations"][:1],
            )
        for url in (REACH, reverse("admin:manifestos_party_reach_export", args=["csv"])):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))

    assert counts[:2] == counts[2:], counts


def test_the_csv_export_has_one_row_per_party_with_its_stages(client, lobby):
    recs = lobby["recommendations"]
    party = record(lobby, municipality=lobby["noord"].municipalities[0], adopt=[recs[0]])
    party.name = "=HYPERLINK(kwaad)"
    party.save()
    client.force_login(lobby["editor"])

    response = client.get(
        reverse("admin:manifestos_party_reach_export", args=["csv"]), {"campagne": "gr2026"}
    )

    assert response["Content-Disposition"] == 'attachment; filename="bereik-gr2026.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:6] == ["campagne", "district", "provincie", "gemeente", "CBS-code", "partij"]
    assert len(rows) == 1 + 3  # the two parties of the fixture and this one
    exported = next(row for row in rows if row[5].startswith("'="))
    assert exported[7] == "2026-01-10"
    assert exported[12].startswith("1.1 ")  # theme 1, recommendation 1


def test_the_xlsx_export_opens_in_a_spreadsheet(client, lobby):
    record(lobby, municipality=lobby["noord"].municipalities[0])
    client.force_login(lobby["editor"])

    response = client.get(
        reverse("admin:manifestos_party_reach_export", args=["xlsx"]), {"campagne": "gr2026"}
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][5] == "partij"
    assert len(values) == 1 + 3


def test_an_unknown_export_format_is_not_found(client, lobby):
    client.force_login(lobby["editor"])

    response = client.get(reverse("admin:manifestos_party_reach_export", args=["pdf"]))

    assert response.status_code == 404
