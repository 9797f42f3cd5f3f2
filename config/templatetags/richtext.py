from django import template

from config.richtext import render_inline, render_richtext

register = template.Library()


@register.filter
def richtext(value):
    """Render a content text through the sanitiser: `{{ theme.intro|richtext }}`."""
    return render_richtext(value or "")


@register.filter
def richtext_inline(value):
    return render_inline(value or "")
