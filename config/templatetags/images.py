"""Uploaded images on a page: WebP renditions in `srcset` (config/renditions.py).

An image whose file cannot be read renders as nothing: the page stays whole, and
the problem is logged once by config/renditions.py.
"""

from django import template
from django.utils.html import format_html

from config.renditions import HERO_WIDTHS, PHOTO_WIDTHS, renditions

register = template.Library()

HERO_SIZE = 1152


def _image(copies, widths, alt, *, size, height, css_class):
    return format_html(
        '<img class="{}" src="{}" srcset="{}" sizes="(max-width: {}px) 100vw, {}px" width="{}" '
        'height="{}" alt="{}" loading="lazy" decoding="async">',
        css_class,
        copies[0].url,
        ", ".join(f"{copy.url} {width}w" for copy, width in zip(copies, widths, strict=True)),
        size,
        size,
        size,
        height,
        alt,
    )


@register.simple_tag
def responsive_image(image_field, alt, size=80, css_class=""):
    """A square <img> (a contact photo) with WebP renditions in `srcset`, `size` px wide."""
    copies = renditions(image_field.name, PHOTO_WIDTHS) if image_field else None
    if not copies:
        return ""
    return _image(copies, PHOTO_WIDTHS, alt, size=size, height=size, css_class=css_class)


@register.simple_tag
def hero_image(image_field, alt, css_class=""):
    """A wide <img> (a campaign image); its height follows its proportions: no layout shift."""
    copies = renditions(image_field.name, HERO_WIDTHS) if image_field else None
    if not copies:
        return ""
    widest = copies[-1]
    height = round(HERO_SIZE * widest.height / widest.width)
    return _image(copies, HERO_WIDTHS, alt, size=HERO_SIZE, height=height, css_class=css_class)
