"""The admin of working copies (manifestos/working_copies.py): start one from a published
edition, say on both pages which is which, publish one now. Scheduling is the copy's own
publication fields. Copies whose moment has come are folded in whenever staff open the
editions or the planning (`fold_in_due`), and a copy that cannot be is reported there.

While an edition has a working copy, the edition itself, its themes and its
recommendations are read-only (`LockedByWorkingCopyMixin`): what was changed there would be
overwritten when the copy is published."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..models import Edition
from ..working_copies import publish_due_working_copies, working_copy_publish, working_copy_start

# Starting or publishing a copy adds and removes themes and recommendations.
WORKING_COPY_PERMISSIONS = [
    f"manifestos.{action}_{model}"
    for action in ("add", "change", "delete")
    for model in ("edition", "theme", "recommendation")
]


def fold_in_due(request, modeladmin):
    """Fold in the working copies whose moment has come (on pages that show, never on a
    save, whose form would be lost); tell staff about any that could not be."""
    if request.method != "GET":
        return
    for copy, reason in publish_due_working_copies():
        url = reverse("admin:manifestos_edition_change", args=[copy.pk])
        modeladmin.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _(
                    "Geplande wijzigingen in %(edition)s staan online, maar konden niet in de "
                    "editie worden gezet: %(reason)s"
                )
                % {"edition": copy.replaces, "reason": reason},
                url,
                _("Open het concept"),
            ),
            messages.WARNING,
        )


class LockedByWorkingCopyMixin:
    """For the ModelAdmin of editions, themes and recommendations: read-only while their
    edition has a working copy. `edition_of(obj)` names that edition."""

    def edition_of(self, obj):
        raise NotImplementedError

    def _locked(self, obj):
        return obj is not None and Edition.objects.filter(replaces=self.edition_of(obj)).exists()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)


class WorkingCopyAdminMixin(LockedByWorkingCopyMixin):
    """For the ModelAdmin of editions."""

    def edition_of(self, obj):
        return obj

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/concept-met-wijzigingen/",
                view(self.working_copy_start_view),
                name=f"{prefix}_working_copy_start",
            ),
            path(
                "<path:object_id>/concept-publiceren/",
                view(self.working_copy_publish_view),
                name=f"{prefix}_working_copy_publish",
            ),
            *super().get_urls(),
        ]

    def get_readonly_fields(self, request, obj=None):
        """A working copy replaces its edition where that edition is: its campaign and scope
        are the edition's."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.replaces_id:
            fields += ["campaign", "province", "municipality"]
        return fields

    def changelist_view(self, request, extra_context=None):
        fold_in_due(request, self)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        fold_in_due(request, self)
        edition = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        if edition is not None:
            context["working_copy"] = edition.working_copies.first()
        return super().change_view(request, object_id, form_url, context)

    def _changeable(self, request, object_id):
        if request.method != "POST":
            return None, HttpResponseNotAllowed(["POST"])
        edition = self.get_object(request, unquote(object_id))
        if edition is None:
            raise Http404(_("Deze editie bestaat niet."))
        if not request.user.has_perms(WORKING_COPY_PERMISSIONS):
            raise PermissionDenied
        return edition, None

    def _change_url(self, edition):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[edition.pk],
            current_app=self.admin_site.name,
        )

    def working_copy_start_view(self, request, object_id):
        edition, refused = self._changeable(request, object_id)
        if refused:
            return refused
        try:
            copy = working_copy_start(edition=edition)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.WARNING)
            return HttpResponseRedirect(self._change_url(edition))
        self.message_user(
            request,
            _(
                "Concept met wijzigingen gemaakt. Bezoekers zien de gepubliceerde editie tot je "
                "dit concept publiceert, nu of op een moment dat je kiest."
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(copy))

    def working_copy_publish_view(self, request, object_id):
        copy, refused = self._changeable(request, object_id)
        if refused:
            return refused
        if copy.replaces_id is None:
            raise Http404(_("Dit is geen concept met wijzigingen."))
        try:
            edition = working_copy_publish(copy=copy, user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(self._change_url(copy))
        self.message_user(
            request,
            _("De wijzigingen zijn gepubliceerd: bezoekers zien ze nu."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(edition))
