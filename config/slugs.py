"""Slugs made from a title, for addresses that must outlive the database.

Dutch-friendly: Django's `slugify` drops accents ("Één loket" → "een-loket") and "&"
is read as "en" ("Onderwijs & arbeidsmarkt" → "onderwijs-en-arbeidsmarkt"); anything
typed as a tag is left out, so markup never lends its words to an address. A slug
always has a letter, so it can never be mistaken for a database id in an older
address (`/vergelijk/42/`). Among its siblings a slug is made unique with -2, -3, ….
"""

import re

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

_AMPERSAND = re.compile(r"\s*&\s*")
_LETTER = re.compile(r"[a-z]", re.IGNORECASE)


def has_letter(value):
    return bool(_LETTER.search(value))


def validate_has_letter(value):
    if value and not has_letter(value):
        raise ValidationError(
            _("Gebruik minstens één letter: een adres van alleen cijfers kan niet."),
            code="no_letter",
        )


def _cut(slug, max_length):
    """`slug` at most `max_length` long, cut between words where it can be."""
    if len(slug) <= max_length:
        return slug
    cut = slug[:max_length]
    if slug[max_length] != "-" and "-" in cut:
        cut = cut.rsplit("-", 1)[0]
    return cut.strip("-")


def slug_from(text, *, max_length, fallback):
    """The slug of `text`; `fallback` (a word) when it has no letter of its own."""
    slug = _cut(slugify(_AMPERSAND.sub(" en ", strip_tags(text))), max_length)
    if not has_letter(slug):
        slug = _cut(f"{fallback}-{slug}".strip("-"), max_length)
    return slug


def unique_slug(text, taken, *, max_length, fallback):
    """The slug of `text`, with -2, -3, … added when it is one of `taken`."""
    base = slug_from(text, max_length=max_length, fallback=fallback)
    taken = set(taken)
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = f"{_cut(base, max_length - len(suffix))}{suffix}"
        number += 1
    return slug
