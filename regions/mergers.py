"""Which municipality stands for another on a date: the one rule for mergers.

A municipality valid on the date stands for itself. One dissolved before the date
is stood for by the municipalities that carried it on (following mergers forward
until reaching ones that existed on the date: Weesp → Amsterdam). One that did
not exist yet is stood for by the municipalities it came from (following mergers
back: Voorne aan Zee → Brielle, Hellevoetsluis, Westvoorne). The finder, the
pages and the API all ask this module, so they always agree.

The register is small (a few hundred municipalities, a few dozen mergers), so it is
read whole, in two queries, and walked in memory.
"""

import datetime
from dataclasses import dataclass

from .models import Municipality

# How a municipality relates to the one it stands for.
SAME = "same"  # the municipality itself
SUCCESSOR = "successor"  # the other was dissolved before the date; this took it over
PREDECESSOR = "predecessor"  # the other did not exist yet on the date; it came from this
# Mergers are at most a few steps deep; the limit only guards against a cycle in bad data.
MAX_MERGER_DEPTH = 10


@dataclass(frozen=True)
class StandIn:
    """The municipalities that stand for one on a date, and how they relate to it."""

    relation: str
    municipalities: list


@dataclass(frozen=True)
class Merger:
    """How a dissolved municipality came to belong to one that exists: since the day
    `since` (the merger that made it part of `successor`), wholly or, when it was split
    on the way, `partly`."""

    dissolved: Municipality
    successor: Municipality
    since: datetime.date
    partly: bool


class MergerRegister:
    """Every municipality (dissolved ones too) by id, with the mergers in both directions."""

    def __init__(self, municipalities, mergers):
        self.municipalities = {municipality.pk: municipality for municipality in municipalities}
        self.successors = {}
        self.predecessors = {}
        for old_id, new_id in mergers:
            self.successors.setdefault(old_id, []).append(new_id)
            self.predecessors.setdefault(new_id, []).append(old_id)

    @classmethod
    def from_database(cls):
        """Two queries: the municipalities with their province, and the mergers."""
        return cls(
            Municipality.objects.select_related("province").order_by(),
            Municipality.successors.through.objects.order_by().values_list(
                "from_municipality_id", "to_municipality_id"
            ),
        )

    def stand_in(self, municipality, date) -> StandIn:
        """Who stands for `municipality` on `date` (an empty list: nobody, bad data)."""
        if municipality.is_valid_on(date):
            return StandIn(SAME, [municipality])
        if municipality.valid_until is not None and municipality.valid_until <= date:
            return StandIn(SUCCESSOR, self._follow(municipality.pk, date, forward=True))
        return StandIn(PREDECESSOR, self._follow(municipality.pk, date, forward=False))

    def merger(self, dissolved, successor, date) -> Merger | None:
        """How `dissolved` came to belong to `successor`, which stands for it on `date`;
        None when it does not (`dissolved` still existed then, or became something else)."""
        stand_in = self.stand_in(dissolved, date)
        if stand_in.relation != SUCCESSOR or successor not in stand_in.municipalities:
            return None
        # Walk the mergers forward, one step at a time, until one reaches `successor`.
        routes = [(dissolved.pk, False)]
        for _depth in range(MAX_MERGER_DEPTH):
            following = []
            for municipality_id, partly in routes:
                successor_ids = self.successors.get(municipality_id, [])
                split = partly or len(successor_ids) > 1
                if successor.pk in successor_ids:
                    since = self.municipalities[municipality_id].valid_until
                    return Merger(dissolved, successor, since, split)
                following += [(other_id, split) for other_id in successor_ids]
            routes = following
        return None

    def _follow(self, municipality_id, date, *, forward, depth=0):
        """Walk mergers in one direction until reaching municipalities valid on `date`."""
        links = self.successors if forward else self.predecessors
        found = []
        for other_id in links.get(municipality_id, []):
            other = self.municipalities.get(other_id)
            if other is None:
                continue
            if other.is_valid_on(date):
                found.append(other)
                continue
            gone = other.valid_until is not None and other.valid_until <= date
            if gone == forward and depth < MAX_MERGER_DEPTH:
                found.extend(self._follow(other_id, date, forward=forward, depth=depth + 1))
        unique = {other.pk: other for other in found}
        return sorted(unique.values(), key=lambda other: other.name)


def municipality_stand_in(municipality, date) -> StandIn:
    """`MergerRegister.stand_in` read from the database: for a single address, not a loop."""
    if municipality.is_valid_on(date):
        return StandIn(SAME, [municipality])
    return MergerRegister.from_database().stand_in(municipality, date)


def municipality_merger(dissolved, successor, date) -> Merger | None:
    """`MergerRegister.merger` read from the database: for a single page, not a loop."""
    if dissolved.is_valid_on(date):
        return None
    return MergerRegister.from_database().merger(dissolved, successor, date)
