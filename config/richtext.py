"""Limited formatting for content texts: bold, italic, lists and links, nothing else.

The one place of the rules: which tags a text may have (`ALLOWED_TAGS`), where a link may
lead (`link_href`), which texts are formatted and how (`Formatting`: `RICH`, `INLINE`,
`LINES`, each with the extensions of its editor, django-prose-editor in the admin, checked
against `ALLOWED_TAGS` by the tests), and the sanitiser that runs on every save (`clean`
of each formatting, called by the model fields of config/richtext_fields.py) and on every
render (`render_richtext`, `render_inline`), so a script tag or an event-handler attribute
never reaches a page, a PDF or the API.

How texts are stored (the editor's format, what `clean` returns):

- a formatted text (`RICH`): `<p>` paragraphs and `<ul>`/`<ol>` lists whose `<li>` hold
  inline text; inline `<strong>`, `<em>`, `<a href>` and `<br>`; nothing between blocks.
- one line (`INLINE`, a recommendation's lead): inline text, no blocks, no line breaks.
- lines (`LINES`, a recommendation's sub-points): one inline text per line; its editor
  shows them as a bulleted list.

`clean` also reads texts written before the editor (paragraphs separated by a blank line,
a single newline a line break, `<b>`/`<i>`), the demo content's transcriptions and older
exports: the data migrations `*_richtext_editor` ran it over every stored text. Pasted Word
or web HTML is cleaned in the browser first (static/admin/js/richtext.js); here headings
become bold paragraphs, other blocks paragraphs, and nh3 drops everything not allowed.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import static_lazy

from .richtext_blocks import blocks, lines

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
INLINE_TAGS = {"strong", "em", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# What a stored or rendered link leads to (`link_href`); http is let through nh3's own check
# only to be made https by `link_href`.
LINK_SCHEMES = ("https", "mailto", "tel")
BLOCK_TAG = re.compile(r"<\s*(p|ul|ol)[\s>]", re.IGNORECASE)
ANY_BLOCK_TAG = re.compile(r"<\s*(p|ul|ol|li)[\s>]", re.IGNORECASE)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
BLOCK_BOUNDARY = re.compile(r"<\s*/?\s*(?:p|br|ul|ol|li)\b[^>]*>", re.IGNORECASE)

# Tags of pasted or older HTML that say what the allowed ones say: renamed before nh3.
_RENAMED_TAG = re.compile(
    r"<(/?)(b|i|h[1-6]|div|blockquote|section|article|header|footer|address|pre|figure"
    r"|figcaption|table|caption|tr|td|th|dt|dd)(?=[\s/>])[^>]*>",
    re.IGNORECASE,
)
_RENAMES = {"b": "strong", "i": "em"}
_HTML_BLOCK = re.compile(r"<\s*(p|div|h[1-6]|table|body|html|head|meta)\b", re.IGNORECASE)
_NOT_BOLD = re.compile(r"font-weight\s*:\s*(normal|[1-4]00)\b", re.IGNORECASE)

_WEB_URL = re.compile(r"^https?://([^/?#\s]+)(?:[/?#]\S*)?$", re.IGNORECASE)
_WEB_ADDRESS = re.compile(
    r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:[/?#:][^\s]*)?$", re.IGNORECASE
)
_EMAIL = re.compile(r"^[^@\s/:]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{5,}$")
_PHONE_PUNCTUATION = re.compile(r"[\s()./-]")
_DIALABLE = re.compile(r"^\+?[0-9]{3,}$")

# Shown above formatted fields in the admin.
ADMIN_HELP = _(
    "Opmaak met de knoppen boven het tekstvak: vet, cursief, opsommingen en links. Een link "
    "gaat naar een webadres (https://…; www… wordt https://www…), een e-mailadres of een "
    "telefoonnummer. Geplakte tekst uit Word of een website houdt alleen die opmaak."
)


# --- links ---------------------------------------------------------------------------------


def link_href(address):
    """Where a link may lead, or None: an https:// address, `mailto:` or `tel:`.

    Shorthands are completed: www.… and other bare domain names get https://, an e-mail
    address mailto:, a phone number tel:; http:// becomes https:// (links pasted from
    older pages; the editor's link dialog asks for https:// itself). Anything else, a
    relative address, javascript: or data: among them, is no link. The same rules in
    the editor: `linkHref` in static/admin/js/richtext.js.
    """
    value = (address or "").strip()
    scheme, colon, rest = value.partition(":")
    scheme = scheme.lower()
    if colon and scheme in ("https", "http"):
        web = _WEB_URL.match(value)
        host = web.group(1) if web else ""
        if "@" in host or "." not in host.partition(":")[0]:
            return None
        return f"https{value[len(scheme) :]}"
    if colon and scheme == "mailto":
        return f"mailto:{rest}" if _EMAIL.match(rest.split("?")[0]) else None
    if colon and scheme == "tel":
        number = _PHONE_PUNCTUATION.sub("", rest)
        return f"tel:{number}" if _DIALABLE.match(number) else None
    if _WEB_ADDRESS.match(value):
        return f"https://{value}"
    if _EMAIL.match(value):
        return f"mailto:{value}"
    if _PHONE.match(value):
        number = _PHONE_PUNCTUATION.sub("", value)
        return f"tel:{number}" if _DIALABLE.match(number) else None
    return None


def _link_attributes(tag, attribute, value):
    """nh3's attribute filter: links follow `link_href`, other attributes stay."""
    if tag == "a" and attribute == "href":
        return link_href(value)
    return value


def _cleaner(tags, link_rel):
    return nh3.Cleaner(
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={*LINK_SCHEMES, "http"},
        attribute_filter=_link_attributes,
        link_rel=link_rel,
    )


# Stored: no rel (the page decides it); rendered: links never reach back into the page.
_STORED = _cleaner(ALLOWED_TAGS, link_rel=None)
_RENDERED = _cleaner(ALLOWED_TAGS, link_rel="noopener noreferrer")
_RENDERED_INLINE = _cleaner(INLINE_TAGS, link_rel="noopener noreferrer")
_NO_TAGS = nh3.Cleaner(tags=set())


def _renamed(match):
    closing, tag = match.group(1), match.group(2).lower()
    if tag == "b" and _NOT_BOLD.search(match.group(0)):
        return ""  # Google Docs wraps a whole paste in <b style="font-weight:normal">
    if tag in _RENAMES:
        return f"<{closing}{_RENAMES[tag]}>"
    if tag[0] == "h" and tag[1:].isdigit():
        return "</strong></p>" if closing else "<p><strong>"
    return f"<{closing}p>"


def _sanitised(text):
    """Tags renamed to the allowed ones, older texts' paragraphs made, then nh3 for storing.

    HTML with paragraphs, headings or divisions (the editor's, a paste) is read as HTML: its
    line breaks are spaces. Other text is read as texts were written before the editor:
    a blank line between paragraphs, a line break where the line ends."""
    text = text or ""
    if not _HTML_BLOCK.search(text):
        text = paragraphs(text)
    return _STORED.clean(_RENAMED_TAG.sub(_renamed, text))


# --- the formattings ---------------------------------------------------------------------


def clean_rich(text):
    """A formatted text as stored: paragraphs and lists (see the module's docstring)."""
    return blocks(_sanitised(text))


def clean_inline(text):
    """One line as stored: inline text, its paragraphs and items joined by a space."""
    return " ".join(lines(_sanitised(text)))


def clean_lines(text):
    """Lines as stored: one inline text per line. Reads the editor's list (any HTML with
    paragraphs or items) as well as lines typed before the editor, one per line."""
    text = text or ""
    if ANY_BLOCK_TAG.search(text):
        return "\n".join(lines(_sanitised(text)))
    return "\n".join(line for line in map(clean_inline, text.splitlines()) if line)


def _as_editor_inline(text):
    text = text or ""
    return text if ANY_BLOCK_TAG.search(text) else f"<p>{text}</p>"


def _as_editor_lines(text):
    text = text or ""
    if ANY_BLOCK_TAG.search(text):
        return text
    return "<ul>" + "".join(f"<li>{line}</li>" for line in text.splitlines() or [""]) + "</ul>"


_MARKS = {
    "Bold": True,
    "Italic": True,
    # The project's own Link, after the library's (static/admin/js/richtext.js): the link rules
    # of `link_href`, a Dutch dialog, no "open in a new window" (a page decides that).
    "SafeLink": True,
    # The project's paste cleaning, Dutch button labels and the editor's base styles from a
    # file instead of an inline <style> the CSP refuses (static/admin/js/richtext.js).
    "SiteEditor": True,
    # The browser's spelling check stays on (the library turns it off by default).
    "NoSpellCheck": False,
}

# The project's extensions for django-prose-editor (its setting DJANGO_PROSE_EDITOR_EXTENSIONS):
# the module that defines them, and the tags each adds to the editor's allow-list.
EDITOR_MODULES = [
    {
        "js": [static_lazy("admin/js/richtext.js")],
        "extensions": {
            "SafeLink": html_tags(["a"], ALLOWED_ATTRIBUTES),
            "SiteEditor": html_tags([]),
        },
    }
]


@dataclass(frozen=True)
class Formatting:
    """A kind of formatted text: what its editor offers and how it is stored."""

    name: str
    # django-prose-editor's extensions for its editor (their tags: the tests compare them
    # with ALLOWED_TAGS and INLINE_TAGS).
    extensions: dict
    # Any input (the editor's HTML, an older text, pasted HTML) to the stored form.
    clean: Callable[[str], str]
    # The stored form to what the editor reads (the same for RICH).
    for_editor: Callable[[str], str]


RICH = Formatting(
    "rich",
    {
        **_MARKS,
        "HardBreak": True,
        "BulletList": True,
        "OrderedList": {"enableListAttributes": False},
        "ListItem": True,
    },
    clean_rich,
    clean_rich,
)
INLINE = Formatting("inline", _MARKS, clean_inline, _as_editor_inline)
LINES = Formatting(
    "lines", {**_MARKS, "BulletList": True, "ListItem": True}, clean_lines, _as_editor_lines
)


# --- rendering -----------------------------------------------------------------------------


def paragraphs(text: str) -> str:
    """Wrap blank-line separated chunks in <p>, leaving list blocks as they are (texts
    written before the editor; the editor's HTML is one chunk and stays as it is)."""
    wrapped = []
    for chunk in PARAGRAPH_BREAK.split(text.strip()):
        chunk = chunk.strip()
        if not chunk:
            continue
        if BLOCK_TAG.match(chunk):
            wrapped.append(chunk)
        else:
            wrapped.append(f"<p>{chunk.replace(chr(10), '<br>')}</p>")
    return "\n".join(wrapped)


def render_richtext(text: str) -> SafeString:
    if not text:
        return mark_safe("")
    return mark_safe(_RENDERED.clean(paragraphs(text)))


def render_inline(text: str) -> SafeString:
    """A single line (a sub-point, a lead): inline tags only, no paragraphs."""
    if not text:
        return mark_safe("")
    return mark_safe(_RENDERED_INLINE.clean(text))


def readable_text(text: str) -> str:
    """A stored text as plain lines, to compare two versions of it word by word: a paragraph
    per line, a list item per line after "• ", a line break a new line; inline tags dropped,
    entities decoded."""
    text = re.sub(r"<li>", "\n• ", text or "")
    text = re.sub(r"</p>|<br>", "\n", text)
    lines = html.unescape(_NO_TAGS.clean(text)).splitlines()
    return "\n".join(line.strip() for line in lines if line.strip())


def plain_text(text: str) -> str:
    """A content text as plain text on one line: every tag dropped (an unclosed one too,
    as a browser would), blocks and line breaks a space, entities decoded, white space
    folded."""
    return " ".join(html.unescape(_NO_TAGS.clean(BLOCK_BOUNDARY.sub(" ", text or ""))).split())


def stored_texts_clean(model, formattings):
    """Bring the stored texts of `model` ({field name: Formatting}) to their stored form;
    returns how many rows changed. For the data migrations `*_richtext_editor`, whose
    historical models do not clean on save."""
    names = list(formattings)
    changed = []
    for row in model._default_manager.only("pk", *names).iterator(chunk_size=500):
        before = [getattr(row, name) for name in names]
        for name, formatting in formattings.items():
            setattr(row, name, formatting.clean(getattr(row, name)))
        if [getattr(row, name) for name in names] != before:
            changed.append(row)
    model._default_manager.bulk_update(changed, names, batch_size=500)
    return len(changed)
