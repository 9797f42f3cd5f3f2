"""The admin's "Importeren" pages: upload a CSV or xlsx file, see what it would do, confirm.

Upload → preview (nothing is written) → confirm (written in one transaction).
Between preview and confirm the uploaded bytes wait in the user's session under a
random token: the confirm step takes the file from there, never from the
browser, and reads, checks and applies it again. Only users who may add *and*
change the model reach these pages (a regiomanager may not add contacts).

What differs per import is an `ImportKind`: regional figures and contacts in
`regions.admin_imports`, parties in `manifestos.lobby.imports`. A model admin puts
`import_urls(self, KIND)` before its own URLs.
"""

import base64
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

import reversion
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .revisions import revision_by
from .tables import MAX_FILE_BYTES, MAX_ROWS, ImportInvalid


@dataclass(frozen=True)
class ImportKind:
    """What differs between one import and another: its file layout, checks, pages and messages."""

    name: str
    read: Callable
    plan: Callable
    apply: Callable
    preview_template: str
    # The paragraph of the upload page that says what a row is and what an import changes.
    intro_template: str
    # The success message: summary(plan, file name).
    summary: Callable
    # Records the change history: log(model_admin, request, plan, file name).
    log: Callable
    # (column, required, what it holds) for the upload page.
    columns: list[tuple[str, bool, str]]
    example: str
    # Extra keyword arguments for plan and apply that depend on who imports:
    # options(request) -> dict (say, the regions a regiomanager may import for).
    options: Callable | None = None

    def arguments(self, request):
        return self.options(request) if self.options else {}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bestand"),
        help_text=gettext_lazy(
            "Een CSV-bestand (UTF-8, kolommen gescheiden door ; of ,) of een Excel-werkmap "
            "(.xlsx, het eerste werkblad). Hoogstens 2 MB en 5.000 regels."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Het bestand is groter dan %(size)s MB; splits het in kleinere bestanden.")
                % {"size": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


def _session_key(kind):
    # Named when these pages lived in regions; kept, so a preview survives a deploy.
    return f"regions-import-{kind.name}"


def _stash(request, kind, data, file_name):
    """Keep the file for the confirm step; a new upload replaces an earlier one."""
    token = secrets.token_urlsafe(32)
    request.session[_session_key(kind)] = {
        "token": token,
        "user": request.user.pk,
        "name": file_name,
        "data": base64.b64encode(data).decode("ascii"),
    }
    return token


def _unstash(request, kind, token):
    """(data, file name) kept under `token` for this user, or None."""
    stash = request.session.get(_session_key(kind))
    if (
        not stash
        or not token
        or not secrets.compare_digest(stash["token"], token)
        or stash["user"] != request.user.pk
    ):
        return None
    return base64.b64decode(stash["data"]), stash["name"]


def _check_permission(request, model_admin):
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied


def _context(request, model_admin, kind, **extra):
    opts = model_admin.opts
    return {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "kind": kind,
        "title": _("%(models)s importeren") % {"models": opts.verbose_name_plural.capitalize()},
        "max_rows": f"{MAX_ROWS:,}".replace(",", "."),
        **extra,
    }


def _upload_page(request, model_admin, kind, form, invalid=None, file_name=""):
    return TemplateResponse(
        request,
        "admin/import/upload.html",
        _context(request, model_admin, kind, form=form, invalid=invalid, file_name=file_name),
    )


def import_view(request, model_admin, kind):
    """The upload form; a valid upload shows what the import would do."""
    _check_permission(request, model_admin)
    if request.method != "POST":
        return _upload_page(request, model_admin, kind, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, model_admin, kind, form)
    upload = form.cleaned_data["file"]
    file_name = PurePath(upload.name).name[:100]
    data = upload.read(MAX_FILE_BYTES + 1)
    try:
        plan = kind.plan(rows=kind.read(data, name=file_name), **kind.arguments(request))
    except ImportInvalid as invalid:
        return _upload_page(request, model_admin, kind, ImportForm(), invalid, file_name)
    token = _stash(request, kind, data, file_name)
    return TemplateResponse(
        request,
        kind.preview_template,
        _context(request, model_admin, kind, plan=plan, token=token, file_name=file_name),
    )


def import_confirm_view(request, model_admin, kind):
    """Apply the file kept by the preview, after checking it again."""
    _check_permission(request, model_admin)
    info = model_admin.opts.app_label, model_admin.opts.model_name
    upload_url = reverse("admin:{}_{}_import".format(*info))
    if request.method != "POST":
        return redirect(upload_url)
    stashed = _unstash(request, kind, request.POST.get("token", ""))
    if stashed is None:
        messages.error(
            request, _("Deze import is verlopen of al uitgevoerd. Upload het bestand opnieuw.")
        )
        return redirect(upload_url)
    data, file_name = stashed
    try:
        # One revision by the importing user: each changed object gets a version.
        with revision_by(request.user):
            plan = kind.apply(rows=kind.read(data, name=file_name), **kind.arguments(request))
            kind.log(model_admin, request, plan, file_name)
            reversion.set_comment(_("Import uit ‘%(name)s’.") % {"name": file_name})
    except ImportInvalid as invalid:
        # The database changed since the preview (say, a district was renamed).
        del request.session[_session_key(kind)]
        return _upload_page(request, model_admin, kind, ImportForm(), invalid, file_name)
    del request.session[_session_key(kind)]
    messages.success(request, kind.summary(plan, file_name))
    return redirect("admin:{}_{}_changelist".format(*info))


def import_urls(model_admin, kind):
    """The two import pages of `model_admin`, to put before its own URLs."""
    info = model_admin.opts.app_label, model_admin.opts.model_name
    view = model_admin.admin_site.admin_view

    def upload(request):
        return import_view(request, model_admin, kind)

    def confirm(request):
        return import_confirm_view(request, model_admin, kind)

    return [
        path("importeren/", view(upload), name="{}_{}_import".format(*info)),
        path("importeren/bevestigen/", view(confirm), name="{}_{}_import_confirm".format(*info)),
    ]
