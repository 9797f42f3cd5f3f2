"""The staff preview of public pages: drafts and scheduled content as visitors will see them.

A public view takes `preview=False`; wrapped by `staff_preview` it runs with
`preview=True` for staff who may see campaigns in the back office.
"""

from functools import wraps

from django.http import Http404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

PREVIEW_PERMISSION = "campaigns.view_campaign"


def can_preview(user):
    """Staff who may see campaigns in the back office may preview them."""
    return user.is_active and user.is_staff and user.has_perm(PREVIEW_PERMISSION)


def staff_preview(view):
    """The preview of a public view, for staff only: `view` runs with `preview=True`.

    Everyone else gets the same 404 as for a page that does not exist (no login
    redirect that would tell that there is something to see). Previews are never
    stored by a cache and never indexed.
    """

    @wraps(view)
    def preview_view(request, *args, **kwargs):
        if not can_preview(request.user):
            raise Http404(_("Deze pagina bestaat niet."))
        response = view(request, *args, preview=True, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
        return response

    return preview_view
