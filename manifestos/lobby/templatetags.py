"""The lobby's template tags: what the parties did, on the municipality page and in the
back office. Registered as the library `lobby` in the settings (TEMPLATES), so the
manifesto core's templates can show it without the core importing the lobby."""

from django import template

from .public import party_results_section as _party_results_section
from .services import party_responses

register = template.Library()


@register.filter
def recorded_responses(party):
    """The stages and adoptions recorded for a party, as lines of text."""
    return party_responses(party)


@register.filter
def as_list(value):
    return [value]


@register.simple_tag(takes_context=True)
def party_results(context, campaign, municipality):
    """`{% party_results campaign municipality %}`: the section with per party its
    evidenced adoptions, when the campaign shows them (see `lobby.public`)."""
    return _party_results_section(context.get("request"), campaign, municipality)
