"""The back office's AdminSite: Django's, with its texts and two holes closed.

- "View on site" (`/admin/r/<type>/<id>/`) redirects to an object's public address
  only for staff who may view that kind of object: a regiomanager cannot learn a
  draft campaign's address by counting ids.
- An action posted with a selection that is no valid id (a forged or damaged form)
  gets a Dutch message instead of a server error, in every model's list.

`PermissionsInDutch` names permissions in Dutch where accounts and groups are edited:
Django stores the names of its permissions in English ("Can add …").

Installed through `config.apps.AdminConfig` in INSTALLED_APPS, so `admin.site` is this site.
"""

from functools import wraps

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

INVALID_SELECTION = gettext_lazy(
    "De selectie is niet geldig. Kies de regels opnieuw en probeer het nog eens."
)


class AdminSite(admin.AdminSite):
    site_header = gettext_lazy("Metaalunie verkiezingen – beheer")
    site_title = gettext_lazy("Metaalunie verkiezingen")
    index_title = gettext_lazy("Campagnes, manifesten en regio's")

    def get_urls(self):
        view_on_site = path(
            "r/<int:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [view_on_site, *super().get_urls()]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's shortcut, for those who may view objects of that type only."""
        content_type = ContentType.objects.filter(pk=content_type_id).first()
        model = content_type.model_class() if content_type else None
        if model is None or not request.user.has_perm(
            f"{content_type.app_label}.view_{content_type.model}"
        ):
            raise Http404(_("Deze pagina bestaat niet."))
        return contenttype_views.shortcut(request, content_type_id, object_id)

    def admin_view(self, view, cacheable=False):
        wrapped = super().admin_view(view, cacheable)
        model_admin = getattr(view, "__self__", None)
        if not isinstance(model_admin, admin.ModelAdmin) or view.__name__ != "changelist_view":
            return wrapped

        @wraps(wrapped)
        def changelist_view(request, *args, **kwargs):
            if request.method == "POST" and not _valid_selection(model_admin.model, request):
                messages.error(
                    request,
                    INVALID_SELECTION,
                )
                return HttpResponseRedirect(request.get_full_path())
            return wrapped(request, *args, **kwargs)

        return changelist_view


def _valid_selection(model, request):
    primary_key = model._meta.pk
    try:
        for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
            primary_key.to_python(value)
    except ValidationError:
        return False
    return True


PERMISSION_ACTIONS = {
    "add": gettext_lazy("mag toevoegen"),
    "change": gettext_lazy("mag wijzigen"),
    "delete": gettext_lazy("mag verwijderen"),
    "view": gettext_lazy("mag bekijken"),
}


def permission_label(permission):
    """ "Regio's | gemeente | mag wijzigen": app and model by their Dutch names, then the
    action; a permission of the project's own keeps its (Dutch) name."""
    action, _separator, model = permission.codename.partition("_")
    if action in PERMISSION_ACTIONS and model == permission.content_type.model:
        return f"{permission.content_type} | {PERMISSION_ACTIONS[action]}"
    return str(permission)


class PermissionsInDutch:
    """ModelAdmin mixin: the choices of a many-to-many field to permissions in Dutch."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.related_model is Permission:
            field.label_from_instance = permission_label
        return field
