"""The data migrations `*_richtext_editor` change how texts are stored, not what anyone sees.

Before: the demo content stored as it was before the editor (the texts as transcribed,
blank-line paragraphs and all) and shown by the code of that time (`legacy_*` below, the
former config/richtext.py). After: the migrations of every app run over it, and today's
code shows it. Compared, as normalised HTML (django.test.html: white space between tags
and the order of attributes do not count; each response's CSP nonce is left out):

- every page of the sitemap, and the print version of every province and municipality
  page (the HTML each PDF is made from);
- the text of the PDF of every edition that has PDFs (WeasyPrint makes each in seconds,
  so one per edition, not one per municipality);
- every answer of the API, found by following its links from /api/v1/.
"""

import difflib
import importlib
import io
import json
import pkgutil
import re
from urllib.parse import urlsplit

import nh3
import pytest
from django.apps import apps
from django.db import models
from django.test.html import parse_html
from django.utils.safestring import mark_safe
from pypdf import PdfReader

from config import page_cache
from config.richtext import INLINE, LINES, RICH
from config.richtext_fields import _Formatted
from manifestos.transfer.demo import demo_content_load

pytestmark = pytest.mark.django_db

APPS = ("regions", "campaigns", "manifestos")
FORMATTED = {
    ("campaigns", "Campaign"): {
        "web_intro",
        "follow_up_intro",
        "intro_letter",
        "foreword",
        "about",
    },
    ("regions", "Contact"): {"bio"},
    ("manifestos", "Edition"): {"intro", "closing"},
    ("manifestos", "Theme"): {"intro", "facts", "quote"},
    ("manifestos", "Recommendation"): {"lead", "body", "points", "conclusion"},
}
REGION_PAGE = re.compile(r"^/[^/]+/(gemeente|provincie)/[^/]+/$")
NONCE = re.compile(r' nonce="[^"]*"')
API = "http://testserver/api/v1/"

# --- the code before the editor (config/richtext.py as it was) ---------------------------

LEGACY_ATTRIBUTES = {"a": {"href", "title"}}
LEGACY_SCHEMES = {"http", "https", "mailto", "tel"}


def legacy_paragraphs(text):
    blocks = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        chunk = chunk.strip()
        if not chunk:
            continue
        if re.match(r"<\s*(p|ul|ol)[\s>]", chunk, re.IGNORECASE):
            blocks.append(chunk)
        else:
            blocks.append(f"<p>{chunk.replace(chr(10), '<br>')}</p>")
    return "\n".join(blocks)


def legacy_render_richtext(text):
    if not text:
        return mark_safe("")
    return mark_safe(
        nh3.clean(
            legacy_paragraphs(text),
            tags={"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"},
            attributes=LEGACY_ATTRIBUTES,
            url_schemes=LEGACY_SCHEMES,
            link_rel="noopener noreferrer",
        )
    )


def legacy_render_inline(text):
    if not text:
        return mark_safe("")
    return mark_safe(
        nh3.clean(
            text,
            tags={"strong", "b", "em", "i", "a"},
            attributes=LEGACY_ATTRIBUTES,
            url_schemes=LEGACY_SCHEMES,
            link_rel="noopener noreferrer",
        )
    )


def _stored_as_typed(field, value, model_instance):
    return super(_Formatted, field).clean(value, model_instance)


@pytest.fixture
def legacy_demo_content(register, monkeypatch):
    """The demo content as the loader stored it before the editor: texts as transcribed."""
    with monkeypatch.context() as patch:
        patch.setattr(_Formatted, "pre_save", models.Field.pre_save)
        patch.setattr(_Formatted, "clean", _stored_as_typed)
        demo_content_load()


def _shown_by_the_legacy_code(patch):
    for module in ("config.templatetags.richtext", "manifestos.api.serialise"):
        patch.setattr(f"{module}.render_richtext", legacy_render_richtext)
        patch.setattr(f"{module}.render_inline", legacy_render_inline)


def _richtext_migrations():
    for app in APPS:
        package = importlib.import_module(f"{app}.migrations")
        (name,) = [
            module.name
            for module in pkgutil.iter_modules(package.__path__)
            if module.name.endswith("_richtext_editor")
        ]
        yield importlib.import_module(f"{app}.migrations.{name}")


def _stored_texts():
    return {
        (label, row["pk"], name): row[name]
        for (app, model), names in FORMATTED.items()
        for label in [f"{app}.{model}"]
        for row in apps.get_model(app, model).objects.values("pk", *names)
        for name in names
    }


# --- what visitors and API clients get ----------------------------------------------------


def _html(response):
    """The page without its CSP nonce (parsed only when it differs: see `_same`)."""
    assert response.status_code == 200, response.status_code
    return Html(NONCE.sub("", response.content.decode()))


class Html(str):
    """HTML, compared as django.test.html parses it."""

    def normalised(self):
        return str(parse_html(self))


def _pdf_text(response):
    assert response.status_code == 200, response.status_code
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def _json(value):
    """JSON with every HTML string marked as such."""
    if isinstance(value, dict):
        return {key: _json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json(item) for item in value]
    if isinstance(value, str) and "<" in value:
        return Html(value)
    return value


def _normalised(value):
    if isinstance(value, dict):
        return {key: _normalised(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalised(item) for item in value]
    return value.normalised() if isinstance(value, Html) else value


def _same(before, after):
    return before == after or _normalised(before) == _normalised(after)


def _links(value):
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [link for item in value for link in _links(item)]
    return [value] if isinstance(value, str) and value.startswith(API) else []


def _api(client):
    answers, queue = {}, ["/api/v1/"]
    while queue:
        path = queue.pop()
        if path in answers:
            continue
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        data = response.json()
        answers[path] = _json(data)
        queue += [
            urlsplit(link).path + (f"?{urlsplit(link).query}" if "?" in link else "")
            for link in _links(data)
        ]
    return answers


def _everything(client):
    """{what: how it is shown} of every page, print page, edition PDF and API answer."""
    page_cache.content_changed()
    sitemap = client.get("/sitemap.xml").content.decode()
    paths = [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    shown = {}
    pdf_of_campaign = {}
    for path in paths:
        shown[path] = _html(client.get(path))
        if REGION_PAGE.match(path):
            shown[f"{path}print/"] = _html(client.get(f"{path}print/"))
            pdf_of_campaign.setdefault(path.split("/")[1], f"{path}pdf/")
    for path in pdf_of_campaign.values():
        shown[path] = _pdf_text(client.get(path))
    for path, answer in _api(client).items():
        shown[path] = answer
    return shown


def _lines(shown):
    text = shown if isinstance(shown, str) else json.dumps(shown, indent=1, ensure_ascii=False)
    return re.sub(r"><", ">\n<", text).splitlines()


def _differences(before, after):
    report = []
    for what in sorted(set(before) | set(after)):
        if what in before and what in after and _same(before[what], after[what]):
            continue
        old, new = (_lines(_normalised(side.get(what, "—"))) for side in (before, after))
        diff = difflib.unified_diff(old, new, "voor", "na", n=1, lineterm="")
        report.append(f"{what}:\n" + "\n".join(list(diff)[:30]))
    return report


def test_every_page_pdf_and_api_answer_is_the_same_after_the_migrations(
    client, legacy_demo_content, settings, monkeypatch
):
    settings.API_RATE_LIMIT = 100_000
    stored = _stored_texts()
    # The stored texts are those of before the editor: blank-line paragraphs, no <p>.
    assert any("\n\n" in text for text in stored.values())
    assert not any(text.startswith("<p>") for text in stored.values())

    with monkeypatch.context() as patch:
        _shown_by_the_legacy_code(patch)
        before = _everything(client)
    for migration in _richtext_migrations():
        migration.forwards(apps, None)
    after = _everything(client)

    migrated = _stored_texts()
    kinds = {"lead": INLINE, "points": LINES}
    assert {key: kinds.get(key[2], RICH).clean(text) for key, text in migrated.items()} == migrated
    assert migrated != stored
    assert len(before) > 1000
    assert _differences(before, after) == []
