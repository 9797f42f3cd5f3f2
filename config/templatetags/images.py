from django import template
from django.utils.html import format_html

from config.uploads import RENDITION_WIDTHS, rendition_url

register = template.Library()

HERO_WIDTHS = (640, 1280)
HERO_SIZE = 1152


def _image(image_field, alt, *, widths, size, height, css_class):
    urls = [(rendition_url(image_field, width), width) for width in widths]
    return format_html(
        '<img class="{}" src="{}" srcset="{}" sizes="(max-width: {}px) 100vw, {}px" width="{}" '
        'height="{}" alt="{}" loading="lazy" decoding="async">',
        css_class,
        urls[0][0],
        ", ".join(f"{url} {width}w" for url, width in urls),
        size,
        size,
        size,
        height,
        alt,
    )


@register.simple_tag
def responsive_image(image_field, alt, size=80, css_class=""):
    """A square <img> (a contact photo) with WebP renditions in `srcset`, `size` px wide."""
    if not image_field:
        return ""
    return _image(
        image_field, alt, widths=RENDITION_WIDTHS, size=size, height=size, css_class=css_class
    )


@register.simple_tag
def hero_image(image_field, alt, css_class=""):
    """A wide <img> (a campaign image); its height follows its proportions: no layout shift."""
    if not image_field:
        return ""
    height = round(HERO_SIZE * image_field.height / image_field.width)
    return _image(
        image_field, alt, widths=HERO_WIDTHS, size=HERO_SIZE, height=height, css_class=css_class
    )
