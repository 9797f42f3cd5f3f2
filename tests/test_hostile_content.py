"""Script and attribute-injection payloads in every text field that reaches a page.

Every character and text field of the content models (campaign, key figure, edition,
theme, recommendation, district, province, municipality and its alias, contact, regional
figures and their rows) is filled with a payload carrying a short marker that names the
field. Public pages (home, campaign, province, municipality, print, search, finder, 404)
and the admin (changelist, change page, history with old and new values, delete
confirmation) must show the marker as text and never turn the payload into markup: no
script without this response's nonce, no event-handler attribute, no javascript: URL.
The values are written with `QuerySet.update()`, as a hostile import or a database
restore could, so no form validation stands in between.
"""

import datetime
import json
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from config.roles import REGIOMANAGER
from tests import factories

pytestmark = pytest.mark.django_db

# {m} is the field's marker: first, so that fields with a short max_length keep it.
PAYLOADS = {
    "script-tag": "{m}<script>alert(1)</script>",
    "img-onerror": '{m}"><img src=x onerror=alert(1)>',
    "single-quote-attribute": "{m}' onmouseover='alert(1)' x='",
    "javascript-link": '{m}<a href="javascript:alert(1)">klik</a>',
    "breakout": "{m}</textarea></title></script><svg onload=alert(1)>",
    "template": "{m}{{{{ request.user }}}}{{% debug %}}<style>*{{display:none}}</style>",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}


class Page(HTMLParser):
    """What a page would make a browser do: scripts, handlers, URLs; and its text."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.problems, self.text, self.script_nonces = [], [], set()
        self.in_script = self.script_type = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith(
                ("javascript:", "data:text/html")
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in ("value", "title", "alt", "content", "aria-label") and value:
                self.text.append(value)
        if tag == "script":
            self.in_script, self.script_type = True, attributes.get("type")
            # Scripts a browser would run; a JSON-LD data block is never run and needs none.
            if "src" not in attributes and attributes.get("type") != "application/ld+json":
                self.script_nonces.add(attributes.get("nonce"))
        if tag in ("style", "iframe", "object", "embed", "base") or (
            tag in ("img", "svg") and attributes.get("src") == "x"
        ):
            self.problems.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and self.script_type == "application/ld+json":
            json.loads(data)  # cut short by a "</script>" in a value, it would not parse
        elif self.in_script and "alert(1)" in data:
            self.problems.append(f"script text {data[:60]!r}")
        self.text.append(data)


def text_fields(model):
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField)
        and not field.choices
        and field.name != "cbs_code"  # a database constraint allows only PV00 / GM0000
    ]


@pytest.fixture
def world():
    """One of every content object, linked so that all of them reach the public pages."""
    district = factories.DistrictFactory()
    province = factories.ProvinceFactory(district=district)
    municipality = factories.MunicipalityFactory(province=province)
    regiomanager = factories.UserFactory(staff=True, role=REGIOMANAGER)
    contact = factories.ContactFactory(district=district, user=regiomanager, bio="Bio")
    campaign = factories.CampaignFactory(central_contact=contact)
    national = factories.EditionFactory(campaign=campaign)
    provincial = factories.EditionFactory(campaign=campaign, province=province)
    local = factories.EditionFactory(campaign=campaign, municipality=municipality)
    objects = [
        district,
        province,
        municipality,
        factories.MunicipalityAliasFactory(municipality=municipality),
        contact,
        campaign,
        factories.KeyFigureFactory(campaign=campaign),
        factories.CampaignEventFactory(campaign=campaign, location="Plaats", description="Tekst"),
        national,
        provincial,
        local,
    ]
    for edition in (national, provincial, local):
        theme = factories.ThemeFactory(
            edition=edition, facts_title="Feiten", facts="Feit", quote="Citaat"
        )
        objects += [
            theme,
            factories.RecommendationFactory(
                theme=theme, lead="Kop", points="Punt een\nPunt twee", conclusion="Slot"
            ),
        ]
    for figures in (
        factories.RegionalFiguresFactory(province=None, municipality=municipality),
        factories.RegionalFiguresFactory(province=province),
    ):
        objects += [figures, factories.FigureRowFactory(figures=figures)]
    return {
        "objects": objects,
        "campaign": campaign,
        "province": province,
        "municipality": municipality,
        "regiomanager": regiomanager,
        "contact": contact,
    }


def fill(objects, payload):
    """Every text field gets the payload with its own marker; returns {marker: field}."""
    markers = {}
    for obj in objects:
        model = type(obj)
        values = {}
        for field in text_fields(model):
            marker = f"xq{len(markers)}q"
            markers[marker] = f"{model.__name__}.{field.name}"
            values[field.name] = payload.format(m=marker)[: field.max_length or None]
        model.objects.filter(pk=obj.pk).update(**values)
        obj.refresh_from_db()
    return markers


def public_urls(world):
    campaign, province, municipality = world["campaign"], world["province"], world["municipality"]
    base = campaign.get_absolute_url()
    return [
        "/",
        base,
        f"{base}agenda/",
        f"{base}provincie/{province.slug}/",
        f"{base}provincie/{province.slug}/print/",
        f"{base}gemeente/{municipality.slug}/",
        f"{base}gemeente/{municipality.slug}/print/",
        f"{base}gemeente/{municipality.slug[:-1]}/",  # 404 with suggestions
        "/gemeenten/zoeken/?q=" + quote(municipality.name[:5]),
        "/zoeken/?q=aanbeveling",
    ]


def admin_urls(objects):
    urls = []
    for obj in objects:
        model = type(obj)
        if model not in admin.site._registry:
            continue  # An inline: shown on its parent's change and delete pages.
        info = (model._meta.app_label, model._meta.model_name)
        urls += [
            reverse("admin:{}_{}_changelist".format(*info)),
            reverse("admin:{}_{}_change".format(*info), args=[obj.pk]),
            reverse("admin:{}_{}_history".format(*info), args=[obj.pk]),
            reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]),
        ]
    return urls


def record_history(objects, user):
    """A change in each object's history with old and new values, as the admin records."""
    for obj in objects:
        values = [
            {"field": str(field.verbose_name), "old": getattr(obj, field.name), "new": str(obj)}
            for field in text_fields(type(obj))
        ]
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[obj],
            action_flag=CHANGE,
            change_message=json.dumps([{"changed": {"fields": ["x"]}, "values": values}]),
            single_object=True,
        )
    assert LogEntry.objects.filter(content_type__in=ContentType.objects.all()).exists()


def check(client, urls):
    """Fetches each page; returns the text they show, and fails on injected markup."""
    shown = []
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        page = Page(response.content.decode())
        assert not page.problems, (url, page.problems)
        nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
        assert page.script_nonces <= {nonce}, (url, page.script_nonces)
        shown.append(" ".join(page.text))
    return " ".join(shown)


PAST_ELECTION = datetime.date(2026, 3, 18)

# Fields only the admin shows, and why the public pages leave them out.
NOT_PUBLIC = {
    "District.name",  # the pages name the contact person, not the district
    "Campaign.image_alt",  # no image uploaded in this set-up
    "MunicipalityAlias.name",  # found by the finder, never printed
    "CampaignEvent.url",  # the address of the link "Meer informatie en bron"
    "Campaign.flyer_url",  # the address of the link "Download de flyer (pdf)"
    "Campaign.campaign_page_url",  # the address of the link to the association's page
    "Campaign.intro_letter",  # the member e-mail: on no page (the web copy is web_intro)
}


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_payloads_are_shown_as_text_on_public_pages(client, world, payload):
    markers = fill(world["objects"], payload)

    # The web copy before election day, and the follow-up copy after it (lifecycle.py).
    campaign = world["campaign"]
    shown = []
    for election_date in (timezone.localdate() + datetime.timedelta(days=60), PAST_ELECTION):
        campaign.election_date = election_date
        campaign.save()
        shown.append(check(client, public_urls(world)))

    missing = [field for marker, field in markers.items() if marker not in " ".join(shown)]
    assert set(missing) == NOT_PUBLIC


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_payloads_are_shown_as_text_in_the_admin(client, world, payload):
    superuser = factories.UserFactory(superuser=True)
    markers = fill(world["objects"], payload)
    record_history(world["objects"], superuser)
    client.force_login(superuser)

    shown = check(client, admin_urls(world["objects"]))

    missing = [field for marker, field in markers.items() if marker not in shown]
    assert not missing


def test_a_regiomanagers_own_card_shows_payloads_as_text(client, world):
    markers = fill([world["contact"]], PAYLOADS["img-onerror"])
    client.force_login(world["regiomanager"])

    change, history = admin_urls([world["contact"]])[1:3]  # a regiomanager deletes nothing
    shown = check(client, [change, history])

    assert all(marker in shown for marker in markers)


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_a_hostile_search_query_is_echoed_as_text(client, world, payload):
    marked = payload.format(m="xqzoekq")
    shown = check(
        client,
        [
            "/zoeken/?q=" + quote(marked),
            "/gemeenten/zoeken/?q=" + quote(marked),
            "/admin/login/?next=" + quote(marked),
        ],
    )
    assert "xqzoekq" in shown
