"""Writes of the lobby follow-through: stamping who recorded a stage, recording many at once.

Every write checks the objects (`config.validation`) before saving and runs in one
transaction; who recorded a stage, and when, is set here and nowhere else.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.validation import validated

from .models import STAGE_FIELDS, Adoption, Party


def party_stamp(*, party: Party, changed_fields, user, now=None):
    """Mark the stages whose fields changed as recorded by `user` now (not saved)."""
    now = now or timezone.now()
    for stage, fields in STAGE_FIELDS.items():
        if any(name in changed_fields for name in fields):
            setattr(party, f"{stage}_recorded_by", user)
            setattr(party, f"{stage}_recorded_at", now)


def adoption_stamp(*, adoption: Adoption, user, now=None):
    adoption.recorded_by = user
    adoption.recorded_at = now or timezone.now()


@dataclass
class SentResult:
    recorded: list[Party] = field(default_factory=list)
    # Parties that already had a date and kept it (without `overwrite`).
    skipped: list[Party] = field(default_factory=list)
    # Municipalities without any party of the campaign: nothing to record there.
    without_parties: list = field(default_factory=list)
    # {party pk: {"sent_on": …, "sent_by": …}} before recording, for the history.
    previous: dict = field(default_factory=dict)


@transaction.atomic
def parties_record_sent(
    *, parties, municipalities, sent_on, sent_by, user, overwrite=False
) -> SentResult:
    """Record "manifesto sent on `sent_on` by `sent_by`" for every party of `municipalities`.

    `parties` is the queryset to choose from (already narrowed to the campaign and
    to what the user may record). All or nothing: one invalid party (a date before
    an earlier recorded reaction, say) changes no party at all.
    """
    municipalities = list(municipalities)
    chosen = list(
        parties.filter(municipality__in=municipalities)
        .select_for_update(of=("self",))
        .select_related("campaign", "municipality")
        .order_by("municipality__name", "name")
    )
    result = SentResult()
    with_parties = {party.municipality_id for party in chosen}
    result.without_parties = [m for m in municipalities if m.pk not in with_parties]
    now = timezone.now()
    problems = []
    for party in chosen:
        if party.sent_on is not None and not overwrite:
            result.skipped.append(party)
            continue
        result.previous[party.pk] = {"sent_on": party.sent_on, "sent_by": party.sent_by}
        party.sent_on = sent_on
        party.sent_by = sent_by
        party_stamp(party=party, changed_fields=["sent_on"], user=user, now=now)
        try:
            validated(party)
        except ValidationError as error:
            problems.append(f"{party}: {' '.join(error.messages)}")
            continue
        result.recorded.append(party)
    if problems:
        raise ValidationError(problems)
    for party in result.recorded:
        party.save()
    return result


def party_responses(party: Party):
    """What has been recorded for a party, as lines of text (for a delete confirmation)."""
    lines = []
    if party.sent_on:
        lines.append(
            _("Manifest verstuurd op %(date)s%(by)s")
            % {
                "date": party.sent_on.strftime("%d-%m-%Y"),
                "by": _(" door %(name)s") % {"name": party.sent_by} if party.sent_by else "",
            }
        )
    if party.reaction_on:
        summary = party.reaction_summary or party.reaction_link or party.reaction_file.name
        lines.append(
            _("Reactie ontvangen op %(date)s: %(summary)s")
            % {"date": party.reaction_on.strftime("%d-%m-%Y"), "summary": summary or "—"}
        )
    for adoption in party.adoptions.select_related("recommendation").order_by("stage", "pk"):
        lines.append(
            _("%(stage)s: %(recommendation)s")
            % {
                "stage": adoption.get_stage_display().capitalize(),
                "recommendation": adoption.recommendation,
            }
        )
    return lines
