"""Which regional pages a campaign has: the regions its editions cover.

An election level says which kinds of regional page its campaigns can have
(levels.py: provinces and municipalities for GR and PS, none for TK, EP and
Waterschap). Within that, a campaign has a page for a region only when one of its
editions is written for it:

- the national edition covers every province and municipality (GR2026: all 12
  provinces and all 342 municipalities);
- a provincial edition covers its province and the municipalities in it (GR2022:
  Gelderland and its municipalities; PS2023: Noord-Holland and its municipalities);
- a municipal edition covers its municipality.

These are exactly the editions a page can show (`Edition.objects.for_scope`): a region
that is covered always has an edition to show, and every other address of the campaign
answers a short pointer instead of an empty page. The page views, their print, PDF and
letter kit, the sitemap, the API and the municipality finder all ask `campaign.coverage`
of a campaign read with `Campaign.objects.with_coverage()`, which reads the scopes of its
editions in the campaign's own query: one decision, and no query more.

It lives here, below the manifestos app that owns editions, because the municipality
finder (regions/finder.py, and its pages in campaigns/views.py) asks it too. The query
reaches the editions through the campaign's own `editions` relation, not by importing
them, and shares the rule of what visitors may see with `Edition.objects.public()`
(`publicly_visible` in models.py).
"""

import json
from dataclasses import dataclass

from .levels import ElectionLevel


@dataclass(frozen=True)
class Coverage:
    """The regions one campaign has pages for."""

    level: ElectionLevel
    national: bool
    province_ids: frozenset[int]
    municipality_ids: frozenset[int]

    @classmethod
    def of_scopes(cls, level, scopes):
        """From the scopes of the campaign's editions: (province id, municipality id) pairs,
        both None for the national edition."""
        scopes = list(scopes)
        return cls(
            level=level,
            national=(None, None) in scopes,
            province_ids=frozenset(
                province for province, municipality in scopes if province and not municipality
            ),
            municipality_ids=frozenset(municipality for _, municipality in scopes if municipality),
        )

    @classmethod
    def of_json(cls, level, text):
        """From the JSON rows `Campaign.objects.with_coverage()` reads."""
        rows = json.loads(text or "[]")
        return cls.of_scopes(level, ((row["province"], row["municipality"]) for row in rows))

    @property
    def is_complete(self):
        """Every region of the campaign's level has a page (a national edition)."""
        return self.national

    def covers_province(self, province):
        return self.level.has_province_pages and (self.national or province.pk in self.province_ids)

    def covers_municipality(self, municipality):
        return self.level.has_municipality_pages and (
            self.national
            or municipality.pk in self.municipality_ids
            or municipality.province_id in self.province_ids
        )
