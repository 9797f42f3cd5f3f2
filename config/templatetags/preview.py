"""Links that go beyond what `{% url %}` does on a staff preview page (config.preview)."""

from django import template
from django.urls import reverse

from config.preview import reverse_in_preview

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_preview(context, viewname, **kwargs):
    """A page of another app, in the preview on a preview page: the campaign page's agenda.

    `{% url %}` stays in the preview only within the app of the page.
    """
    return reverse_in_preview(context["request"], viewname, kwargs=kwargs)


@register.simple_tag
def public_url(viewname, **kwargs):
    """A page without a preview (home, search), also linked from a preview page."""
    return reverse(viewname, kwargs=kwargs)
