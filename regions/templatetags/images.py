from django import template
from django.utils.html import format_html

from regions.images import RENDITION_WIDTHS, rendition_url

register = template.Library()


@register.simple_tag
def responsive_image(image_field, alt, size=80, css_class=""):
    """An <img> with WebP renditions in `srcset`, shown `size` CSS pixels wide."""
    if not image_field:
        return ""
    small, large = (rendition_url(image_field, width) for width in RENDITION_WIDTHS)
    return format_html(
        '<img class="{}" src="{}" srcset="{} {}w, {} {}w" sizes="{}px" width="{}" height="{}" '
        'alt="{}" loading="lazy" decoding="async">',
        css_class,
        small,
        small,
        RENDITION_WIDTHS[0],
        large,
        RENDITION_WIDTHS[1],
        size,
        size,
        size,
        alt,
    )
