"""Parts of pages that are the same on many pages, rendered once and reused.

- `{% fragment_once "includes/site_footer.html" %}`: a template that reads nothing from
  the context (the footer, the site's brand; both also on the 500 page, which has no
  database): rendered once per process and language.
- `{% fragment_per_version "includes/key_figures.html" campaign=campaign %}`: a template
  that reads only the objects it is given: rendered once per content version for their
  primary keys (config.page_cache.shared_per_version), for every page that shows it; on
  a staff preview every time.

After a change that renews the frames (config/page_frames.py) every page is rendered
again, and these were a fifth of that work.
"""

from django import template
from django.template.loader import get_template
from django.utils.translation import get_language

from config.page_cache import shared_per_version

register = template.Library()

_once = {}


@register.simple_tag
def fragment_once(template_name):
    key = (template_name, get_language())
    if key not in _once:
        _once[key] = get_template(template_name).render({})
    return _once[key]


@register.simple_tag(takes_context=True)
def fragment_per_version(context, template_name, **objects):
    def render():
        return get_template(template_name).render(objects)

    if context.get("preview"):
        return render()
    key = ("fragment", template_name, *(getattr(value, "pk", value) for value in objects.values()))
    return shared_per_version(key, render)
