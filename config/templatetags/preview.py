"""Links that go beyond what `{% url %}` does on a staff preview page (config.preview)."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def public_url(viewname, **kwargs):
    """A page without a preview (home, search), also linked from a preview page."""
    return reverse(viewname, kwargs=kwargs)
