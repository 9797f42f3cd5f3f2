"""Issue #7, "done means", tried as new users would, through the admin and the site.

A regiomanager records for their district that the GR2026 manifesto was sent to
three parties in 's-Gravenhage, that one reacted and adopted two recommendations
with a link to its programme; the staff dashboard counts it; the public page
shows it once staff switch it on, and not before; a regiomanager of another
district can neither see nor change it.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from campaigns.models import Campaign
from config.roles import EDITOR, REGIOMANAGER
from manifestos.models import Party, Recommendation
from regions.models import Municipality, Province
from tests.factories import ContactFactory, DistrictFactory, UserFactory
from tests.html import change_form_data

pytestmark = pytest.mark.django_db

PROGRAMME = "https://haagse-partij.example/verkiezingsprogramma-2026.pdf"
PUBLIC_PAGE = "/gr2026/gemeente/s-gravenhage/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def regiomanager_of(district_name, *province_codes):
    district = DistrictFactory(name=district_name)
    Province.objects.filter(cbs_code__in=province_codes).update(district=district)
    user = UserFactory(staff=True, role=REGIOMANAGER)
    ContactFactory(user=user, district=district)
    return user


def test_a_regiomanager_records_the_follow_through_of_gr2026(demo_content):
    zuid_west = logged_in(regiomanager_of("Zuid-West", "PV28", "PV29"))
    noord = logged_in(regiomanager_of("Noord", "PV20", "PV21", "PV22"))
    editor = logged_in(UserFactory(staff=True, role=EDITOR))
    gr2026 = Campaign.objects.get(slug="gr2026")
    den_haag = Municipality.objects.get(cbs_code="GM0518")

    # 1. The party list of 's-Gravenhage, imported from a file: preview, then confirm.
    party_list = (
        "campagne;regio;partij;website\n"
        "gr2026;'s-Gravenhage;Haagse Partij;https://haagse-partij.example\n"
        "gr2026;GM0518;Hofstadpartij;\n"
        "gr2026;GM0518;Residentie Lokaal;\n"
    )
    preview = zuid_west.post(
        reverse("admin:manifestos_party_import"),
        {"file": SimpleUploadedFile("den-haag.csv", party_list.encode(), "text/csv")},
    )
    assert "3 nieuwe partijen" in preview.content.decode()
    zuid_west.post(
        reverse("admin:manifestos_party_import_confirm"), {"token": preview.context["token"]}
    )
    assert Party.objects.filter(campaign=gr2026, municipality=den_haag).count() == 3

    # 2. Sent to all three on one date.
    response = zuid_west.post(
        reverse("admin:manifestos_party_sent"),
        {
            "campaign": gr2026.pk,
            "municipalities": [den_haag.pk],
            "sent_on": "2026-02-02",
            "sent_by": "Regiomanager Zuid-West",
        },
        follow=True,
    )
    assert "Verzending vastgelegd voor 3 partijen." in response.content.decode()

    # 3. One reacted and adopted two recommendations, with its programme as evidence.
    party = Party.objects.get(name="Haagse Partij")
    recommendations = list(
        Recommendation.objects.filter(
            theme__edition__campaign=gr2026, theme__edition__municipality=None
        ).order_by("theme__position", "position")[:2]
    )
    url = reverse("admin:manifestos_party_change", args=[party.pk])
    data = change_form_data(zuid_west.get(url))
    data.update(
        {
            "reaction_on": "2026-02-16",
            "reaction_summary": "Twee aanbevelingen staan in ons programma.",
            "adoptions-TOTAL_FORMS": "2",
        }
    )
    for index, recommendation in enumerate(recommendations):
        data.update(
            {
                f"adoptions-{index}-stage": "programme",
                f"adoptions-{index}-recommendation": recommendation.pk,
                f"adoptions-{index}-adopted_on": "2026-02-14",
                f"adoptions-{index}-evidence_link": f"{PROGRAMME}#p{index + 4}",
            }
        )
    assert zuid_west.post(url, data).status_code == 302
    party.refresh_from_db()
    assert party.reaction_on is not None
    assert party.adoptions.count() == 2

    # 4. The other district's regiomanager sees none of it and changes nothing.
    listing = noord.get(reverse("admin:manifestos_party_changelist")).content.decode()
    assert "Haagse Partij" not in listing
    assert "Haagse Partij" not in noord.get(url, follow=True).content.decode()
    noord.post(url, {**data, "name": "Gekaapt", "reaction_summary": "Gekaapt"})
    party.refresh_from_db()
    assert party.name == "Haagse Partij"
    assert party.reaction_summary == "Twee aanbevelingen staan in ons programma."
    export = noord.get(reverse("admin:manifestos_party_reach_export", args=["csv"]))
    assert export.status_code == 403

    # 5. The staff dashboard counts 's-Gravenhage once per stage, and both recommendations.
    reach = editor.get(reverse("admin:manifestos_party_reach"), {"campagne": "gr2026"})
    report = reach.context["report"]
    district = next(row for row in report.districts if row.name == "Zuid-West")
    zuid_holland = next(row for row in district.provinces if row.name == "Zuid-Holland")
    assert (zuid_holland.sent, zuid_holland.reacted, zuid_holland.adopted) == (1, 1, 1)
    assert zuid_holland.coalition == 0
    assert [(top.recommendation, top.programme) for top in report.top] == [
        (recommendations[0], 1),
        (recommendations[1], 1),
    ]

    # 6. The public page shows it only once staff switch it on for the campaign.
    assert "Wat deden de partijen?" not in Client().get(PUBLIC_PAGE).content.decode()
    campaign_url = reverse("admin:campaigns_campaign_change", args=[gr2026.pk])
    switch = change_form_data(editor.get(campaign_url))
    switch["party_results_public"] = "on"
    assert editor.post(campaign_url, switch).status_code == 302
    page = Client().get(PUBLIC_PAGE).content.decode()
    assert "Wat deden de partijen?" in page
    assert "Haagse Partij" in page
    assert f'href="{PROGRAMME}#p4"' in page and f'href="{PROGRAMME}#p5"' in page
    assert "Hofstadpartij" not in page  # sent, but nothing adopted: nothing to show
