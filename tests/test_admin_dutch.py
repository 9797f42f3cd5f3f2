"""The back office speaks Dutch: no English from Django, its add-ons or the project.

The walk opens every page of the admin (each app, list, add, change, history and delete
page, the extra pages of imports, copy and planning), as a superuser and as a
regiomanager (who also meets the 403 and 404 pages), and reads what a user sees: the
text, and the titles, placeholders, labels and button texts. It fails on common
English texts of Django's admin. Texts Django has no Dutch for yet are translated in
locale/nl/LC_MESSAGES/ (see the comment there).
"""

import datetime
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, reverse
from django.utils.html import strip_tags
from django.views.defaults import server_error

from campaigns.models import Campaign
from config.roles import ACCOUNT_MANAGER, REGIOMANAGER
from manifestos.models import Theme
from manifestos.services import campaign_copy
from tests.factories import AccessAttemptFactory, ContactFactory, UserFactory
from tests.html import change_form_data
from tests.test_admin import _an_object

pytestmark = pytest.mark.django_db

# Whole words, case as Django writes them: "Filter" and "Status" are Dutch as well.
ENGLISH = [
    "Select an option",
    "Select",
    "Filter by",
    "Save",
    "Save and",
    "Add another",
    "Add",
    "Delete",
    "Remove",
    "History",
    "View on site",
    "View",
    "Change",
    "Search",
    "Action:",
    "Go",
    "Run",
    "This field is required",
    "Show all",
    "Clear all",
    "Close",
    "Home",
    "Log out",
    "Logout",
    "Welcome",
    "Choose",
    "Today",
    "Now",
    "Yes",
    "No",
    "Unknown",
    "Any date",
    "Past 7 days",
    "Sort",
    "Hide",
    "Show",
    "Toggle",
    "Skip to",
    "Password",
    "Username",
    "Permissions",
    "Active",
    "Date",
    "Time",
    "Currently",
    "Clear",
    "results",
    "selected",
    "Previous",
    "Next",
    "Cancel",
    "Are you sure",
    "Please correct",
    "Enter a valid",
    "Ensure this value",
    "All of the following",
    "Forbidden",
    "Not Found",
    "Server Error",
    "User Agent",
    "IP Address",
    "access attempt",
    "access log",
    "access failure",
    "successfully",
    "Pagination",
]
ENGLISH_PATTERN = re.compile("|".join(rf"(?<![\w-]){re.escape(word)}(?![\w-])" for word in ENGLISH))
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "data-inline-formset"}
BUTTON_TYPES = {"submit", "button", "reset"}


class _ShownText(HTMLParser):
    """The texts of a page a user reads: text (not scripts, styles or typed-in text
    areas), titles, placeholders and labels, and the texts of buttons."""

    def __init__(self):
        super().__init__()
        self.texts = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in {"script", "style", "textarea", "template"}:
            self._hidden += 1
        for name, value in attributes.items():
            if value and name in SHOWN_ATTRIBUTES:
                self.texts.append(value)
        if tag == "input" and attributes.get("type") in BUTTON_TYPES and attributes.get("value"):
            self.texts.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in {"script", "style", "textarea", "template"}:
            self._hidden = max(self._hidden - 1, 0)

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data.strip())


def english_on(html):
    reader = _ShownText()
    reader.feed(html)
    return sorted(
        {
            f"{match.group()!r} in {text[:120]!r}"
            for text in reader.texts
            for match in ENGLISH_PATTERN.finditer(text)
        }
    )


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), pattern.name, pattern


# Pages that are no page to read: answers in JSON or a file, a redirect, a POST only, the
# login (a logged-in user is sent on), and an import's confirmation (without an upload
# it sends back to the upload page).
NOT_PAGES = {
    "autocomplete",
    "jsi18n",
    "view_on_site",
    "logout",
    "login",
    # Buttons on an edition's page (manifestos/admin/working_copies.py).
    "manifestos_edition_working_copy_start",
    "manifestos_edition_working_copy_publish",
}


def admin_pages():
    """The address of every admin page, an object of the model filled in where one is asked."""
    models = {
        f"{model._meta.app_label}_{model._meta.model_name}": model for model in admin.site._registry
    }
    urls = [reverse("admin:index")]
    urls += [
        reverse("admin:app_list", args=[label])
        for label in sorted({model._meta.app_label for model in admin.site._registry})
    ]
    for _route, name, pattern in _routes(admin.site.urls[0]):
        if name in NOT_PAGES | {"index", "app_list"} or name.endswith(("_confirm", "_export")):
            continue
        arguments = pattern.pattern.regex.groupindex
        if not arguments:
            urls.append(reverse(f"admin:{name}"))
            continue
        model = next((m for prefix, m in models.items() if name.startswith(prefix + "_")), None)
        if model is None or set(arguments) != {"object_id"}:
            continue
        # The comparison of a campaign with its source is there for a copy only.
        obj = (
            Campaign.objects.filter(copied_from__isnull=False).first()
            if name == "campaigns_campaign_compare"
            else _an_object(model)
        )
        urls.append(reverse(f"admin:{name}", args=[obj.pk]))
    return urls


@pytest.fixture
def a_copy(demo_content):
    """GR2022 copied, so the comparison of a copy with its source has something to show."""
    return campaign_copy(
        source=Campaign.objects.get(slug="gr2022"),
        name="Gemeenteraadsverkiezingen 2030",
        slug="gr2030",
        election_date=datetime.date(2030, 3, 20),
    )


def _walk(client, urls, allowed_statuses):
    found, statuses = {}, {}
    for url in urls:
        response = client.get(url, follow=True)
        statuses[url] = response.status_code
        english = english_on(response.content.decode())
        if english:
            found[url] = english
    assert set(statuses.values()) <= allowed_statuses, statuses
    return found


def test_a_superuser_meets_no_english_on_any_admin_page(client, a_copy):
    client.force_login(UserFactory(superuser=True))
    urls = admin_pages()
    # Every page, also the ones added later: changelists, add, change, history, delete,
    # the password page, imports, copy, compare and planning.
    assert len(urls) > 60

    found = _walk(client, urls, {200, 403})

    assert found == {}


@pytest.mark.parametrize("role", [REGIOMANAGER, ACCOUNT_MANAGER])
def test_a_regiomanager_or_beheerder_meets_no_english_also_where_they_may_not_go(
    client, a_copy, role
):
    user = UserFactory(staff=True, role=role)
    ContactFactory(user=user, name="Eigen Kaart")
    # A beheerder's own pages: an account they manage, and a lockout to lift.
    colleague = UserFactory(staff=True, role=REGIOMANAGER, username="collega")
    AccessAttemptFactory(username="collega")
    client.force_login(user)
    urls = [
        *admin_pages(),
        reverse("admin:auth_user_change", args=[colleague.pk]),
        reverse("admin:auth_user_password_change", args=[colleague.pk]),
        "/admin/bestaat-niet/",
    ]

    found = _walk(client, urls, {200, 403, 404})

    assert found == {}


def test_the_admin_error_pages_are_dutch(client, demo_content):
    client.force_login(UserFactory(staff=True, role=REGIOMANAGER))
    forbidden = client.get(reverse("admin:campaigns_campaign_add"))
    missing = client.get("/admin/bestaat-niet/")
    broken = server_error(RequestFactory().get("/admin/"))

    assert forbidden.status_code == 403
    assert "Geen toegang" in forbidden.content.decode()
    assert missing.status_code == 404
    assert "Deze pagina bestaat niet" in missing.content.decode()
    assert "Er ging iets mis" in broken.content.decode()
    for response in (forbidden, missing, broken):
        assert english_on(response.content.decode()) == []


def test_a_saved_theme_is_reported_without_de_thema(client, demo_content):
    client.force_login(UserFactory(superuser=True))
    theme = Theme.objects.first()
    url = reverse("admin:manifestos_theme_change", args=[theme.pk])

    response = client.post(url, change_form_data(client.get(url)), follow=True)

    messages = [strip_tags(str(message)) for message in response.context["messages"]]
    assert messages == [f"‘{theme}’ (thema) is gewijzigd."]


def _msgids(po_file):
    """The message ids of a gettext catalogue (the header's empty id left out)."""
    ids, context, current = [], None, None
    for line in Path(po_file).read_text(encoding="utf-8").splitlines():
        if line.startswith("msgctxt "):
            context = json.loads(line[len("msgctxt ") :])
        elif line.startswith("msgid "):
            current = [line[len("msgid ") :]]
        elif line.startswith('"') and current is not None:
            current.append(line)
        elif current is not None:
            msgid = "".join(json.loads(part) for part in current)
            if msgid:
                # The JavaScript catalogue's key of a text with a context (gettext's \x04).
                ids.append(f"{context}\x04{msgid}" if context else msgid)
            context, current = None, None
    return ids


def test_the_admins_javascript_has_dutch_for_every_text(client):
    """Calendar, clock, selection counts: what the admin's scripts write themselves."""
    client.force_login(UserFactory(superuser=True))
    english = Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"

    script = client.get(reverse("admin:jsi18n")).content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S)[1])

    missing = [msgid for msgid in _msgids(english) if msgid not in catalogue]
    assert missing == []
