"""User accounts in the admin: Django's own user admin plus an unlock for login lockouts.

django-axes locks a username after too many failed logins from one address
(config/settings/base.py, "Login protection"). Staff who may change accounts lift that
lock here for the selected users, from every address at once; the lockouts themselves
are listed under "Axes: Toegangspogingen", where deleting a row lifts that one.
"""

from axes.utils import reset as axes_reset
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.admin_site import PermissionsInDutch

User = get_user_model()


class AccountAdmin(PermissionsInDutch, UserAdmin):
    actions = ["unlock_logins"]

    @admin.action(description=_("Inlogblokkade opheffen"), permissions=["change"])
    def unlock_logins(self, request, queryset):
        cleared = sum(axes_reset(username=user.get_username()) for user in queryset)
        self.message_user(
            request,
            ngettext(
                "Blokkade opgeheven: %(count)d mislukte inlogreeks gewist.",
                "Blokkade opgeheven: %(count)d mislukte inlogreeksen gewist.",
                cleared,
            )
            % {"count": cleared},
            messages.SUCCESS,
        )


class RoleAdmin(PermissionsInDutch, GroupAdmin):
    pass


admin.site.unregister(User)
admin.site.register(User, AccountAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)
