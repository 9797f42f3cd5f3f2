from django import template

from config.revisions import logged_values

register = template.Library()


@register.filter
def changed_values(log_entry):
    """`{% for change in action|changed_values %}`: the field, old and new value an admin
    log entry recorded before the revisions."""
    return logged_values(log_entry.change_message)
