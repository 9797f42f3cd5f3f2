"""The admin of revisions (config/revisions.py): `RevisionAdminMixin` records each save as
a revision by its user and adds the pages to see the history, compare two versions
(config/revision_changes.py), revert and recover."""

import reversion
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from reversion.errors import RevertError
from reversion.models import Version

from . import concurrency
from .revision_changes import tree_changes
from .revisions import (
    RevertRefused,
    current_tree,
    revision_by,
    revision_revert,
    unreadable_message,
    version_moment,
    version_tree,
)

# --- the admin ------------------------------------------------------------------------


class RevisionAdminMixin:
    """For a ModelAdmin of a registered model: each save a revision with who and when,
    and the pages to compare, revert and recover (see the module's docstring)."""

    object_history_template = "admin/revisions/object_history.html"

    # Every save through the admin is a revision by its user; the log's message (which
    # fields changed) is its comment.
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        with revision_by(request.user):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        if self.has_recover_permission(request):
            extra_context = {**(extra_context or {}), "recover_url": self._recover_list_url()}
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        with revision_by(request.user):
            return super().changelist_view(request, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method != "POST":
            return super().delete_view(request, object_id, extra_context)
        with revision_by(request.user):
            return super().delete_view(request, object_id, extra_context)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.get_change_message())
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.get_change_message())
        return entry

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/vergelijk/",
                view(self.revision_compare_view),
                name=f"{prefix}_revision_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/terugzetten/",
                view(self.revision_revert_view),
                name=f"{prefix}_revision_revert",
            ),
            path("verwijderd/", view(self.recover_list_view), name=f"{prefix}_recover_list"),
            path(
                "verwijderd/<int:version_id>/",
                view(self.recover_view),
                name=f"{prefix}_recover",
            ),
            *super().get_urls(),
        ]

    def _url(self, name, *args):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=args,
            current_app=self.admin_site.name,
        )

    def _recover_list_url(self):
        return self._url("recover_list")

    def _object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404(_("Dit onderdeel bestaat niet (meer)."))
        return obj

    @staticmethod
    def _version_or_404(versions, version_id, missing):
        """The version `version_id` among `versions`, or a 404 that says `missing`."""
        version = versions.select_related("revision__user").filter(pk=version_id).first()
        if version is None:
            raise Http404(missing)
        return version

    def _object_version_or_404(self, obj, version_id):
        return self._version_or_404(
            Version.objects.get_for_object(obj), version_id, _("Deze versie bestaat niet.")
        )

    def _context(self, request, obj, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "object": obj,
            "title": title,
            "history_url": self._url("history", obj.pk) if obj is not None else None,
            **extra,
        }

    def _changes_page(self, request, obj, template, title, trees, back_url, **extra):
        """`template` with what differs between the two trees `trees()` gives; back to
        `back_url` with a message when a version can no longer be read."""
        try:
            changes = tree_changes(*trees())
        except RevertError as error:
            messages.error(request, unreadable_message(error))
            return HttpResponseRedirect(back_url)
        context = self._context(request, obj, title, changes=changes, **extra)
        return TemplateResponse(request, template, context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        versions = []
        if obj is not None and self.has_view_or_change_permission(request, obj):
            listed = Version.objects.get_for_object(obj).select_related("revision__user")
            may_revert = self.has_change_permission(request, obj)
            versions = [
                {
                    "version": version,
                    "moment": version_moment(version),
                    "comment": version.revision.get_comment(),
                    "revert_url": self._url("revision_revert", obj.pk, version.pk)
                    if may_revert and number
                    else None,
                }
                for number, version in enumerate(listed)
            ]
        extra_context = {
            **(extra_context or {}),
            "versions": versions,
            "compare_url": self._url("revision_compare", obj.pk) if obj is not None else None,
        }
        return super().history_view(request, object_id, extra_context)

    def revision_compare_view(self, request, object_id):
        """Two versions side by side: ?van=<version>&naar=<version>."""
        obj = self._object_or_404(request, object_id)
        try:
            old_id, new_id = int(request.GET.get("van", "")), int(request.GET.get("naar", ""))
        except ValueError:
            messages.error(request, _("Kies twee versies om te vergelijken."))
            return HttpResponseRedirect(self._url("history", obj.pk))
        old = self._object_version_or_404(obj, old_id)
        new = self._object_version_or_404(obj, new_id)
        # The earlier on the left (by id: a version kept just before a change was made
        # after its revision began).
        if old.pk > new.pk:
            old, new = new, old
        return self._changes_page(
            request,
            obj,
            "admin/revisions/compare.html",
            _("Versies vergelijken"),
            lambda: (version_tree(old), version_tree(new)),
            self._url("history", obj.pk),
            old_moment=version_moment(old),
            new_moment=version_moment(new),
        )

    def revision_revert_view(self, request, object_id, version_id):
        """Ask, with what will change; then revert, unless someone saved since."""
        obj = self._object_or_404(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = self._object_version_or_404(obj, version_id)
        current = concurrency.object_state(self, obj)
        conflict = None
        if request.method == "POST":
            conflict = concurrency.stale_message(
                obj, request.POST.get(concurrency.STATE_FIELD, ""), current
            )
            if conflict is None:
                comment = _("Teruggezet naar de versie van %(moment)s.") % {
                    "moment": version_moment(version)
                }
                if self._reverted(request, version, comment, self.log_change):
                    return HttpResponseRedirect(self._url("history", obj.pk))
        return self._changes_page(
            request,
            obj,
            "admin/revisions/revert.html",
            _("Terugzetten naar deze versie"),
            lambda: (current_tree(obj), version_tree(version)),
            self._url("history", obj.pk),
            moment=version_moment(version),
            conflict=conflict,
            state_field=concurrency.STATE_FIELD,
            state_token=concurrency.state_token(current),
        )

    def _reverted(self, request, version, comment, log, *, recover=False):
        """Revert (or recover) to `version`, logged and said; the object, or None when
        it was refused (said too)."""
        try:
            obj = revision_revert(version, request.user, comment, recover=recover)
        except RevertRefused as refused:
            messages.error(request, str(refused))
            return None
        log(request, obj, comment)
        messages.success(request, comment)
        return obj

    def _deleted_versions(self):
        """The last version of each deleted object of this model, newest first."""
        return Version.objects.get_deleted(self.model).select_related("revision__user")

    def has_recover_permission(self, request):
        """Bringing back what was deleted is adding it again. A ModelAdmin that limits
        what a user sees of the model limits this too (the deleted list shows all)."""
        return self.has_add_permission(request)

    def recover_list_view(self, request):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        deleted = [
            {
                "version": version,
                "moment": version_moment(version),
                "url": self._url("recover", version.pk),
            }
            for version in self._deleted_versions()
        ]
        context = self._context(
            request,
            None,
            _("Verwijderde %(name)s terughalen") % {"name": self.opts.verbose_name_plural},
            deleted=deleted,
            changelist_url=self._url("changelist"),
        )
        return TemplateResponse(request, "admin/revisions/recover_list.html", context)

    def recover_view(self, request, version_id):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        version = self._version_or_404(
            self._deleted_versions(),
            version_id,
            _("Dit onderdeel is niet verwijderd, of bestaat niet."),
        )
        if request.method == "POST":
            comment = _("Teruggehaald; verwijderd na de versie van %(moment)s.") % {
                "moment": version_moment(version)
            }
            recovered = self._reverted(request, version, comment, self.log_addition, recover=True)
            if recovered is not None:
                return HttpResponseRedirect(self._url("change", recovered.pk))
        return self._changes_page(
            request,
            None,
            "admin/revisions/recover.html",
            _("Terughalen: %(name)s") % {"name": version.object_repr},
            lambda: ([], version_tree(version)),
            self._recover_list_url(),
            moment=version_moment(version),
            recover_list_url=self._recover_list_url(),
        )
