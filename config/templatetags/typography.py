"""`{{ text|hyphenate }}`: long Dutch words get soft hyphens at their syllables.

Headings and card titles are set large in narrow columns, where a compound such as
"Gemeenteraadsverkiezingen" does not fit a phone's line. CSS `hyphens: auto` only works
where the browser has a Dutch dictionary (Chromium on Linux has none), and otherwise the
word breaks anywhere. Soft hyphens (U+00AD) from pyphen's Dutch patterns (the same
library WeasyPrint hyphenates the PDF with) are invisible until a line breaks there, and
are not copied with the text.
"""

import re
from functools import lru_cache

import pyphen
from django import template

register = template.Library()

# Shorter words fit any line the site sets them on.
MIN_LENGTH = 12
_WORD = re.compile(rf"\w{{{MIN_LENGTH},}}")
SOFT_HYPHEN = "\u00ad"


@lru_cache(maxsize=1)
def _dictionary():
    return pyphen.Pyphen(lang="nl_NL", left=3, right=3)


@lru_cache(maxsize=4096)
def _hyphenated(word):
    return _dictionary().inserted(word, hyphen=SOFT_HYPHEN)


@register.filter(is_safe=True)
def hyphenate(value):
    """`value` with soft hyphens in its long words; escaping is left to the template (a
    soft hyphen is no markup), so safe text stays safe and plain text is still escaped."""
    return _WORD.sub(lambda match: _hyphenated(match.group()), str(value))
