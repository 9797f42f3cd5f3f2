"""Every URL pattern of the project, walked with generated arguments and query strings.

The resolver is iterated (public pages, previews, health checks, the admin of every
model, the admin's own regex patterns), and each pattern gets hypothesis-generated path
arguments (real slugs and ids, unicode, huge numbers, `%00` and other raw escapes, very
long values) and query strings, requested by an anonymous visitor, a regiomanager and a
superuser. Whatever comes in, the answer is never a server error. Example counts come
from the hypothesis profile (tests/conftest.py): derandomized and small in CI.
"""

import re
from urllib.parse import quote, urlencode

import pytest
from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaigns.models import Campaign
from config.roles import REGIOMANAGER
from manifestos.transfer.demo import demo_content_load
from regions.models import Municipality, Province
from regions.register import shipped_register_import
from tests import factories

# Each test runs in its own transaction inside the module's (see `world`).
pytestmark = pytest.mark.django_db

ROUTE_ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^)]*)\)")


def walk(patterns, prefix="", namespace=""):
    """(route, name) for every URL pattern, with regex patterns turned into routes; names
    carry their namespace ("api:campaign-detail"), so equal names in two apps both count."""
    for pattern in patterns:
        text = str(pattern.pattern)
        if text.startswith("^") or "(?P<" in text:
            text = REGEX_GROUP.sub(r"<regex:\g<name>>", text.lstrip("^").rstrip("$"))
            text = text.replace("\\", "")
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + text, inner)
        else:
            assert isinstance(pattern, URLPattern)
            yield prefix + text, f"{namespace}{pattern.name}" if pattern.name else prefix + text


PATTERNS = dict((name, route) for route, name in walk(get_resolver().url_patterns))

# Text that has broken web applications: control characters, escapes, lookalikes, SQL,
# markup, path tricks, numbers beyond 64 bits, and values far longer than any field.
NASTY = [
    "\x00",
    "%00",
    "0",
    "-1",
    "9" * 40,
    "1e309",
    "NaN",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "' OR '1'='1' --",
    "\u202e\u200b\ufeff",
    "İstanbul ß ǅ ﬃ",
    "🏭🔩",
    "\ud800",
    "x" * 5000,
    "__proto__",
    "None",
]
nasty_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=80),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(alphabet="9", min_size=19, max_size=400),
)
# Percent sequences written into the URL as they are: NUL, invalid UTF-8, half escapes.
raw_escapes = st.sampled_from(["%00", "%ff", "%c0%af", "%", "%zz", "%2e%2e%2f", "%0d%0a"])

QUERY_KEYS = [
    "q",
    "page",
    "p",
    "o",
    "e",
    "all",
    "_popup",
    "_to_field",
    "_changelist_filters",
    "next",
    "status__exact",
    "campaign__id__exact",
    "id__in",
    "election_date__gte",
    "published_at__year",
    "province__id__exact",
    "term",
    "app_label",
    "model_name",
    "field_name",
]


def quoted(value):
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


query_strings = st.one_of(
    st.just(""),
    st.dictionaries(
        st.sampled_from(QUERY_KEYS) | st.text(max_size=12),
        nasty_text.map(lambda value: value.encode("utf-8", "surrogatepass")),
        max_size=4,
    ).map(urlencode),
    raw_escapes.map(lambda escape: f"q={escape}"),
)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo content plus a draft campaign, one object of every admin model, and a
    client per role; rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        shipped_register_import()
        demo_content_load()
        draft = factories.CampaignFactory(draft=True, slug="concept2030")
        factories.EditionFactory(campaign=draft)
        regiomanager = factories.UserFactory(staff=True, role=REGIOMANAGER)
        factories.ContactFactory(user=regiomanager)
        superuser = factories.UserFactory(superuser=True)
        for factory in (
            factories.AccessAttemptFactory,
            factories.AccessLogFactory,
            factories.AccessFailureLogFactory,
            factories.FigureRowFactory,
            factories.KeyFigureFactory,
            factories.MunicipalityAliasFactory,
        ):
            factory()
        clients = {"anonymous": Client()}
        for role, user in {"regiomanager": regiomanager, "superuser": superuser}.items():
            clients[role] = Client()
            clients[role].force_login(user)

        municipalities = list(
            Municipality.objects.filter(slug__in=["voorne-aan-zee", "weesp", "s-gravenhage"])
        )
        real = {
            "campaign": [*Campaign.objects.values_list("slug", flat=True)],
            "slug": [
                *(m.slug for m in municipalities),
                *Province.objects.filter(slug__in=["zuid-holland", "noord-holland"]).values_list(
                    "slug", flat=True
                ),
            ],
            "object_id": [
                str(pk)
                for model in {entry.content_type.model_class() for entry in LogEntry.objects.all()}
                | {Campaign, Municipality}
                if model
                for pk in model.objects.values_list("pk", flat=True)[:2]
            ],
            "app_label": ["auth", "axes", "regions", "manifestos", "campaigns"],
            "url": ["", "campaigns/campaign/1/", "onbekend/"],
        }
        yield clients, real
        transaction.set_rollback(True)


def path_strategy(route, real):
    """URLs for `route`: each argument a real value, generated text, or a raw escape."""
    parts = ROUTE_ARGUMENT.split(route)
    # split() yields: text, converter, name, text, converter, name, …, text
    pieces = []
    for index in range(0, len(parts), 3):
        pieces.append(st.just(parts[index]))
        if index + 2 < len(parts):
            name = parts[index + 2]
            pieces.append(
                st.one_of(
                    st.sampled_from(real.get(name) or ["x"]),
                    nasty_text.map(quoted),
                    raw_escapes,
                )
            )
    return st.tuples(*pieces).map(lambda values: "/" + "".join(values))


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_no_url_pattern_answers_a_server_error(name, world):
    clients, real = world
    route = PATTERNS[name]

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(path=path_strategy(route, real), query=query_strings)
    def check(path, query):
        url = f"{path}?{query}" if query else path
        for role, client in clients.items():
            response = client.get(url)
            assert response.status_code < 500, (role, url, response.status_code)

    check()


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_an_empty_to_field_parameter_is_a_bad_request_not_a_server_error(admin_client, view):
    """Found by the test above: Django's admin looked up a field named ""."""
    campaign = factories.CampaignFactory()
    url = f"/admin/campaigns/campaign/{campaign.pk}/{view}/?_to_field="

    assert admin_client.get(url).status_code == 400
    assert admin_client.post(url, {"post": "yes"}).status_code == 400
    assert Campaign.objects.filter(pk=campaign.pk).exists()
