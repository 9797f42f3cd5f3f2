import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")

application = get_wsgi_application()

# Import the URLconf, and with it every view (WeasyPrint takes about a second), while the
# worker starts rather than during the first visitor's request.
import_module(settings.ROOT_URLCONF)
