"""Limited formatting for content texts: bold, italic, lists and links, nothing else.

Texts are stored as typed in the admin (plain paragraphs, optionally with those
few tags) and always rendered through the sanitiser, so a script tag or an
event-handler attribute never reaches a page.
"""

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
BLOCK_TAG = re.compile(r"<\s*(p|ul|ol)[\s>]", re.IGNORECASE)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

# Shown above rich-text fields in the admin, where descriptions are HTML: hence the entities.
ADMIN_HELP = _(
    "Alinea's scheiden met een lege regel. Toegestaan: &lt;strong&gt;, &lt;em&gt;, "
    "&lt;a href&gt; en lijsten met &lt;ul&gt;/&lt;ol&gt; en &lt;li&gt;; al het andere "
    "wordt verwijderd."
)


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def paragraphs(text: str) -> str:
    """Wrap blank-line separated chunks in <p>, leaving list blocks as they are."""
    blocks = []
    for chunk in PARAGRAPH_BREAK.split(text.strip()):
        chunk = chunk.strip()
        if not chunk:
            continue
        if BLOCK_TAG.match(chunk):
            blocks.append(chunk)
        else:
            blocks.append(f"<p>{chunk.replace(chr(10), '<br>')}</p>")
    return "\n".join(blocks)


def render_richtext(text: str) -> SafeString:
    if not text:
        return mark_safe("")
    return mark_safe(sanitise(paragraphs(text)))


def render_inline(text: str) -> SafeString:
    """A single line (a sub-point, a lead): inline tags only, no paragraphs."""
    if not text:
        return mark_safe("")
    return mark_safe(
        nh3.clean(
            text,
            tags={"strong", "b", "em", "i", "a"},
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=ALLOWED_URL_SCHEMES,
            link_rel="noopener noreferrer",
        )
    )


def plain_text(text: str) -> str:
    """A content text as plain text on one line: every tag dropped (an unclosed one too,
    as a browser would), entities decoded, white space folded."""
    return " ".join(html.unescape(nh3.clean(text or "", tags=set())).split())
