"""What the back office shows about a party's record."""

from django import template

from manifestos.lobby.services import party_responses

register = template.Library()


@register.filter
def recorded_responses(party):
    """The stages and adoptions recorded for a party, as lines of text."""
    return party_responses(party)


@register.filter
def as_list(value):
    return [value]
