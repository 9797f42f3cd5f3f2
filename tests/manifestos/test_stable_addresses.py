"""What a visitor, a feed reader or an API client keeps survives a restore.

The demo content is exported and imported into an emptied database in which rows were
made and deleted before, so every database id differs afterwards; the anchors on the
pages, the comparison addresses, the API's answers and the Atom ids must not. The
addresses by database id that were public before (`/vergelijk/42/`,
`/api/v1/editions/6/`) lead to the new ones.
"""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import transaction
from django.test import Client

from manifestos.models import Edition, Theme
from manifestos.transfer.demo import demo_content_load
from manifestos.transfer.export import content_export
from manifestos.transfer.format import CONTENT_MODELS
from manifestos.transfer.importer import content_import
from regions.register import shipped_register_import
from tests.factories import RecommendationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
PAGES = [
    "/gr2026/",
    "/gr2026/gemeente/s-gravenhage/",
    "/gr2026/gemeente/s-gravenhage/print/",
    "/gr2022/provincie/gelderland/",
    "/ps2023/provincie/noord-holland/",
    "/tk2025/",
    "/tk2021/",
    "/gr2026/vergelijk/",
    "/tk2025/vergelijk/",
    "/zoeken/?q=vakmensen",
]
API_START = [
    "/api/v1/campaigns/",
    "/api/v1/editions/",
    "/api/v1/campaigns/gr2026/municipalities/GM0518/",
    "/api/v1/campaigns/ps2023/provinces/PV27/",
]
# The API answers followed from API_START: campaigns and editions (the regions and
# contacts hold no content ids, and their lists run to hundreds of answers).
API_FOLLOWED = re.compile(r'"http://testserver(/api/v1/(?:campaigns|editions)/[^"?]*)"')
ADDRESSES = re.compile(r'\b(id|href)="([^"]*)"')


def make_and_delete_rows():
    """Campaigns, editions, themes and recommendations made and deleted again: the ids
    of whatever is made next move on."""
    for _ in range(3):
        theme = ThemeFactory()
        RecommendationFactory(theme=ThemeFactory(parent=theme))
        theme.edition.campaign.delete()


def addresses(body):
    """Every id and link of a page, in order: its anchors and where it leads."""
    return ADDRESSES.findall(body)


def compare_pages(pages):
    found = {}
    for url in ("/gr2026/vergelijk/", "/tk2025/vergelijk/"):
        for kind, href in pages[url]["addresses"]:
            if kind == "href" and href.startswith(url) and href != url:
                found[href] = None
    return list(found)


def api_answers(client):
    answers, queue = {}, list(API_START)
    while queue:
        url = queue.pop(0)
        if url in answers:
            continue
        response = client.get(url)
        answers[url] = (response.status_code, response.content.decode())
        queue.extend(API_FOLLOWED.findall(answers[url][1]))
    return answers


def feed_entries(client):
    root = ET.fromstring(client.get("/feeds/campagnes.atom").content)
    return [
        (
            entry.findtext(f"{ATOM}id"),
            entry.find(f"{ATOM}link").get("href"),
            entry.findtext(f"{ATOM}updated"),
        )
        for entry in root.findall(f"{ATOM}entry")
    ]


def what_is_kept(client):
    pages = {}
    for url in PAGES:
        response = client.get(url)
        pages[url] = {"status": response.status_code, "addresses": addresses(response.text)}
    for url in compare_pages(pages):
        response = client.get(url)
        pages[url] = {"status": response.status_code, "addresses": addresses(response.text)}
    return {"pages": pages, "api": api_answers(client), "feed": feed_entries(client)}


def database_ids():
    themes = Theme.objects.select_related("edition__campaign", "edition__province")
    return {
        "themes": {
            (theme.edition.campaign.slug, theme.edition.key, theme.slug): theme.pk
            for theme in themes.select_related("edition__municipality")
        },
        "editions": sorted(Edition.objects.values_list("pk", flat=True)),
    }


@pytest.fixture(scope="module")
def restored(django_db_setup, django_db_blocker):
    """The demo content (with a theme slug staff chose) before and after a round trip;
    made once for the module and rolled back after it."""
    client = Client()
    with django_db_blocker.unblock(), transaction.atomic():
        shipped_register_import()
        make_and_delete_rows()
        demo_content_load()
        theme = Theme.objects.get(
            edition__campaign__slug="gr2026", title="Een innovatieve gemeente"
        )
        theme.slug = "innovatie"
        theme.save()
        before, ids_before = what_is_kept(client), database_ids()
        document = json.loads(json.dumps(content_export()))

        for model in reversed(CONTENT_MODELS):
            model._default_manager.all().delete()
        make_and_delete_rows()
        content_import(data=document)

        yield before, what_is_kept(client), ids_before, database_ids()
        transaction.set_rollback(True)


def test_database_ids_do_differ_after_the_round_trip(restored):
    _before, _after, ids_before, ids_after = restored

    assert set(ids_before["editions"]).isdisjoint(ids_after["editions"])
    assert ids_before["themes"].keys() == ids_after["themes"].keys()
    assert set(ids_before["themes"].values()).isdisjoint(ids_after["themes"].values())


def test_anchors_and_links_of_the_pages_are_kept(restored):
    before, after, _ids_before, _ids_after = restored

    assert all(page["status"] == 200 for page in before["pages"].values()), before["pages"]
    gr2026 = before["pages"]["/gr2026/"]["addresses"]
    assert ("id", "thema-innovatie") in gr2026
    assert ("href", "#thema-innovatie") in gr2026
    assert ("id", "thema-een-gemeente-met-voldoende-banen-voor-vakmensen") in gr2026
    anchors = [value for _kind, value in gr2026 if value.lstrip("#").startswith("thema-")]
    assert anchors and not any(re.fullmatch(r"#?thema-[0-9]+", value) for value in anchors)
    assert after["pages"] == before["pages"]


def test_comparison_addresses_are_kept(restored):
    before, after, _ids_before, _ids_after = restored

    compared = [url for url in before["pages"] if re.fullmatch(r"/[a-z0-9]+/vergelijk/.+/", url)]
    assert "/gr2026/vergelijk/innovatie/" in compared
    assert len(compared) == 8  # four GR2026 themes and four TK2025 themes
    assert [after["pages"][url]["status"] for url in compared] == [200] * 8


def test_api_answers_are_kept_whole(restored):
    before, after, _ids_before, _ids_after = restored

    assert len(before["api"]) > 10
    assert "/api/v1/editions/gr2022/PV25/" in before["api"]
    assert all(status == 200 for status, _body in before["api"].values())
    assert after["api"] == before["api"]


def test_atom_entry_ids_are_kept(restored):
    before, after, _ids_before, _ids_after = restored

    assert len(before["feed"]) == 10  # five campaigns and their five editions
    assert after["feed"] == before["feed"]


def test_the_old_id_addresses_lead_to_the_kept_ones(restored, client):
    _before, _after, _ids_before, ids_after = restored
    innovatie = ids_after["themes"][("gr2026", "national", "innovatie")]
    gelderland = Edition.objects.get(campaign__slug="gr2022")

    compare = client.get(f"/gr2026/vergelijk/{innovatie}/")
    api = client.get(f"/api/v1/editions/{gelderland.pk}/")

    assert (compare.status_code, compare["Location"]) == (301, "/gr2026/vergelijk/innovatie/")
    assert (api.status_code, api["Location"]) == (
        301,
        "http://testserver/api/v1/editions/gr2022/PV25/",
    )
