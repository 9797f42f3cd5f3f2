from django import template

from config.history import value_changes

register = template.Library()


@register.filter
def changed_values(log_entry):
    """`{% for change in action|changed_values %}`: the field, old and new value."""
    return value_changes(log_entry.change_message)
