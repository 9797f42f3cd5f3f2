"""The content fields of an edition, theme and recommendation: declared once, here.

`texts` lists the texts an editor writes, in the order pages show them, each with
how it is shown (`Text`). Every path that carries content reads these lists:

- copying a campaign, and comparing a copy with its source (services.py);
- the export and import (transfer/format.py) and the demo loader (transfer/demo.py);
- the API (api/serialise.py) and its OpenAPI description (api/schema.py);
- the admin form of a recommendation (admin/editions.py).

So a field added to `texts` is copied, exported, imported and served without
touching any of them. `other` names every other field of the model with why it is
not content; each path handles those on its own terms. tests/manifestos/test_fields.py
fails when a model field is in neither list, and proves that every path carries every
text. What else a new field needs (templates, admin sections): docs/adding-a-field.md.
"""

from dataclasses import dataclass
from enum import StrEnum


class Text(StrEnum):
    """How a content text is shown on the page, in the PDF and in the API. A formatted one
    is stored and edited as its model field says (config/richtext_fields.py: the same kind,
    tests/manifestos/test_fields.py)."""

    PLAIN = "plain"  # as typed, escaped: a title, a name (the API sends it as it is)
    INLINE = "inline"  # one line with <strong>, <em>, <a>: a recommendation's lead
    RICH = "rich"  # paragraphs and lists (config/richtext.py)
    LINES = "lines"  # one inline text per line: a recommendation's sub-points


def text_lines(text):
    """The lines of a `Text.LINES` text, without blank ones and surrounding spaces."""
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class ContentFields:
    texts: dict[str, Text]
    other: dict[str, str]

    def values(self, obj):
        """{name: value} of the texts of `obj`, as stored."""
        return {name: getattr(obj, name) for name in self.texts}


ID = "its database id: a copy gets its own, the export names things by natural keys"
LINEAGE = "lineage: a copy points at its source, the export writes the source's key"
POSITION = "its place among its siblings: copied and exported as it is, sent by the API"
WORKING_COPY = (
    "in a working copy (working_copies.py): what it will replace; exported as a key, "
    "not copied, not sent by the API (visitors see a copy only once it replaced it)"
)

EDITION = ContentFields(
    texts={"title": Text.PLAIN, "intro": Text.RICH, "closing": Text.RICH},
    other={
        "id": ID,
        "campaign": "the campaign it belongs to",
        "province": "its scope, with `municipality`: national, one province or one municipality",
        "municipality": "its scope, with `province`",
        "contact": "a person, not a text: copied as it is, exported by slug, a card in the API",
        "status": "publication: a copy starts as a draft",
        "published_at": "publication: a copy starts unscheduled",
        "copied_from": LINEAGE,
        "replaces": WORKING_COPY,
        "updated_at": "set on every save (and when a theme or recommendation changes)",
    },
)
THEME = ContentFields(
    texts={
        "title": Text.PLAIN,
        "intro": Text.RICH,
        "facts_title": Text.PLAIN,
        "facts": Text.RICH,
        "quote": Text.RICH,
        "quote_author": Text.PLAIN,
        "quote_author_role": Text.PLAIN,
    },
    other={
        "id": ID,
        "edition": "the edition it belongs to",
        "parent": "the theme a sub-theme belongs to",
        "position": POSITION,
        "slug": (
            "its public key (anchor, comparison address): made from the title once, then "
            "kept; copied, exported and sent by the API as it is"
        ),
        "copied_from": LINEAGE,
        "previous": "the theme at an earlier election, for the comparison: exported as a key",
        "replaces": WORKING_COPY,
    },
)
RECOMMENDATION = ContentFields(
    texts={"lead": Text.INLINE, "body": Text.RICH, "points": Text.LINES, "conclusion": Text.RICH},
    other={
        "id": ID,
        "theme": "the theme it belongs to",
        "position": POSITION,
        "copied_from": LINEAGE,
        "replaces": WORKING_COPY,
        "search_vector": "computed by the database from the texts (migration 0005)",
    },
)
