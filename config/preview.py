"""The staff preview of public pages: drafts and scheduled content as visitors will see them.

The root URLconf includes the previewable URL patterns of an app a second time, under
/voorbeeld/, with `staff_preview`: the same routes and URL names, in an instance
namespace of the app ("manifestos-preview" next to "manifestos", Django's URL
namespaces). There every view runs with `preview=True`, for staff who may see campaigns
in the back office, and `request.current_app` names the preview. Links on a preview
page therefore stay in the preview:
- within the app of the page by themselves: `{% url 'manifestos:…' %}`, and in Python
  `reverse_in_preview`, which also gives the public page on a public page;
- across apps (the campaign page and its agenda) with `reverse_in_preview` or
  `{% url_in_preview %}` (config/templatetags/preview.py): one `current_app` can name
  the instance of one app only;
- to pages without a preview (home, search) with `{% public_url %}`: within the app of
  the page, `{% url %}` would look for them in the preview, which does not have them.
Everyone else gets the same 404 as for a page that does not exist (no login redirect
that would tell that there is something to see). Previews are never stored by a cache
(the page cache included) and never indexed.
"""

from functools import wraps
from importlib import import_module

from django.http import Http404
from django.urls import URLPattern, include, reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

PREVIEW_PERMISSION = "campaigns.view_campaign"


def can_preview(user):
    """Staff who may see campaigns in the back office may preview them."""
    return user.is_active and user.is_staff and user.has_perm(PREVIEW_PERMISSION)


def preview_namespace(app_name):
    """The instance namespace of the preview of the app `app_name`."""
    return f"{app_name}-preview"


def staff_preview(urlconf):
    """The preview of an app's URLconf (a module or its dotted path, as for include()),
    for `path("voorbeeld/", …)`: its `previewable_patterns`, the same routes and names in
    the app's preview namespace, every view wrapped by `_preview_view`."""
    if isinstance(urlconf, str):
        urlconf = import_module(urlconf)
    app_name = urlconf.app_name
    namespace = preview_namespace(app_name)
    patterns = []
    for pattern in urlconf.previewable_patterns:
        # A previewable page is listed itself, not through an include.
        if not isinstance(pattern, URLPattern):
            raise TypeError(f"Only URL patterns have a preview, not {pattern!r}.")
        view = _preview_view(pattern.callback, namespace)
        patterns.append(URLPattern(pattern.pattern, view, pattern.default_args, pattern.name))
    return include((patterns, app_name), namespace=namespace)


def _preview_view(view, namespace):
    """`view` with `preview=True` in the instance `namespace`, for staff only."""

    @wraps(view)
    def preview_view(request, *args, **kwargs):
        if not can_preview(request.user):
            raise Http404(_("Deze pagina bestaat niet."))
        request.current_app = namespace
        response = view(request, *args, preview=True, **kwargs)
        # Whatever the public view made of it (`public_page`): private, and never stored.
        response.public_page = False
        del response["Cache-Control"]
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
        return response

    return preview_view


def in_preview(request):
    """Whether `request` is a staff preview page (known once its permission is checked)."""
    match = request.resolver_match
    if match is None:
        return False
    return getattr(request, "current_app", None) == preview_namespace(match.app_name)


def reverse_in_preview(request, viewname, kwargs=None):
    """`viewname` ("app:name") as reverse() gives it; on a preview page its preview."""
    current_app = None
    if in_preview(request):
        current_app = preview_namespace(viewname.partition(":")[0])
    return reverse(viewname, kwargs=kwargs, current_app=current_app)


def public_twin(request):
    """The public page of the preview page `request` is on: the same URL name and arguments
    in the app's own namespace."""
    match = request.resolver_match
    return reverse(f"{match.app_name}:{match.url_name}", kwargs=match.kwargs)
