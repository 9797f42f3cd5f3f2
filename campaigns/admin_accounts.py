"""User accounts in the admin: Django's own user admin, a contact card per account, an
unlock for login lockouts, and the limits of the *beheerder* (config/roles.py).

django-axes locks a username after too many failed logins from one address
(config/settings/base.py, "Login protection"). Staff who may change accounts lift that
lock here for the selected users, from every address at once; the lockouts themselves
are listed under "Axes: Toegangspogingen", where deleting a row lifts that one.

A superuser manages every account as Django lets them. A beheerder (a user with the
account permissions who is no superuser) sees and changes only the accounts of
redacteuren and regiomanagers, never their own and never a superuser's; gives only those
two roles; sets name, e-mail, password, active and the contact card, nothing else. The
accounts they create are staff accounts. Deleting is not theirs: they deactivate.
"""

from axes.utils import reset as axes_reset
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.admin_site import PermissionsInDutch
from config.roles import MANAGEABLE_ROLES
from regions.models import Contact

User = get_user_model()

CONTACT_FIELD = "contact_card"


class AccountChangeForm(UserChangeForm):
    """Django's account form with the contact card that belongs to the account: a card of
    nobody's, or the account's own."""

    contact_card = forms.ModelChoiceField(
        Contact.objects.none(),
        required=False,
        label=_("Contactkaart"),
        help_text=_(
            "De kaart van deze persoon op de website. Een regiomanager kan daarop zijn "
            "eigen foto, telefoon, e-mail en bio bijwerken."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if CONTACT_FIELD in self.fields:
            account = self.instance
            self.fields[CONTACT_FIELD].queryset = Contact.objects.filter(
                Q(user__isnull=True) | Q(user=account)
            ).order_by("name")
            self.initial.setdefault(CONTACT_FIELD, getattr(account, "contact", None))


class AccountAdmin(PermissionsInDutch, UserAdmin):
    form = AccountChangeForm
    actions = ["unlock_logins"]

    # --- the beheerder's limits ------------------------------------------------------

    @staticmethod
    def manages_every_account(request):
        return request.user.is_superuser

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.manages_every_account(request):
            return queryset
        beyond = Group.objects.exclude(name__in=MANAGEABLE_ROLES)
        return (
            queryset.filter(is_superuser=False)
            .exclude(pk=request.user.pk)
            .exclude(groups__in=beyond)
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed or self.manages_every_account(request):
            return allowed
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or not allowed or self.manages_every_account(request):
            return allowed
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        if self.manages_every_account(request):
            (name, options), *rest = super().get_fieldsets(request, obj)
            return [(name, {**options, "fields": [*options["fields"], CONTACT_FIELD]}), *rest]
        return [
            (None, {"fields": ["username", "password"]}),
            (_("Persoonlijke gegevens"), {"fields": ["first_name", "last_name", "email"]}),
            (_("Toegang"), {"fields": ["is_active", "groups", CONTACT_FIELD]}),
        ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not self.manages_every_account(request):
            kwargs["queryset"] = Group.objects.filter(name__in=MANAGEABLE_ROLES)
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups" and field is not None:
            field.help_text = _(
                "Redacteur: alle inhoud. Regiomanager: de eigen contactkaart en de partijen "
                "van het eigen district."
            )
        return field

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        if not self.manages_every_account(request):
            # A beheerder's accounts are staff accounts, and never more.
            obj.is_staff = True
            obj.is_superuser = False
        super().save_model(request, obj, form, change)
        if CONTACT_FIELD in form.cleaned_data:
            card = form.cleaned_data[CONTACT_FIELD]
            Contact.objects.filter(user=obj).exclude(pk=getattr(card, "pk", None)).update(user=None)
            if card is not None and card.user_id != obj.pk:
                card.user = obj
                card.save(update_fields=["user"])

    # --- lockouts ----------------------------------------------------------------------

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
