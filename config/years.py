"""Years in texts: which a text mentions, and moving a text to another year.

A copied campaign's titles move to the new election's year, and what still mentions an
old one is pointed out (campaigns/forms.py, manifestos/services.py and
manifestos/publication_warnings.py).
"""

import re

YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def year_replaced(text, old_year, new_year):
    """`text` with the year `old_year` (a number of its own, not part of a longer one)
    made `new_year`."""
    return re.sub(rf"(?<!\d){old_year}(?!\d)", str(new_year), text)


def years_in(text):
    """The four-digit years (1900-2099) a text mentions, as numbers."""
    return {int(year) for year in YEAR.findall(text)}
