"""Django's admin app, with the site of config/admin_site.py as `admin.site`.

A module of its own: INSTALLED_APPS imports it before any model may be imported.
"""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "config.admin_site.AdminSite"
