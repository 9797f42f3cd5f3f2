import os
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

from config.templatetags.typography import hyphenate

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")

application = get_wsgi_application()

# Import the URLconf, and with it every view (WeasyPrint takes about a second), while the
# worker starts rather than during the first visitor's request.
import_module(settings.ROOT_URLCONF)


def _prepare_templates():
    """The template engine with its tag libraries, the site's templates parsed (the cached
    loader keeps them), the URL names, the Dutch catalogue and hyphenation dictionary: what
    a worker would otherwise do in its first requests, several hundred milliseconds of
    them. Done here, gunicorn's master (preload_app) does it once and every worker it
    forks, also each recycled one, starts with it."""
    translation.activate(settings.LANGUAGE_CODE)
    get_resolver().reverse_dict  # noqa: B018 (reading it fills it)
    for folder in (
        Path(directory) for engine in settings.TEMPLATES for directory in engine["DIRS"]
    ):
        for path in sorted(folder.rglob("*.html")):
            get_template(path.relative_to(folder).as_posix())
    hyphenate("Gemeenteraadsverkiezingen")
    translation.deactivate()


_prepare_templates()
