"""What a member types into the letter kit: short lines of plain text, never stored."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .letter import Member

# Control and formatting characters (line breaks, tabs, bidirectional overrides, zero
# widths) have no place in a name or signature line, and could reorder what a letter shows.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


def validate_plain_line(value):
    if any(unicodedata.category(character) in _REFUSED_CATEGORIES for character in value):
        raise ValidationError(
            _("Gebruik alleen gewone tekens, zonder regeleinden of andere stuurtekens."),
            code="control_character",
        )


def _line(label, max_length, *, required, autocomplete):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        strip=True,
        validators=[validate_plain_line],
        error_messages={
            "required": _("Vul %(label)s in.") % {"label": str(label).lower()},
            "max_length": _("Dit mag hoogstens %(limit_value)d tekens zijn (nu %(show_value)d)."),
        },
        widget=forms.TextInput(attrs={"autocomplete": autocomplete, "maxlength": max_length}),
    )


class MemberForm(forms.Form):
    """The member's signature: name and company required, role and town optional."""

    name = _line(_("Uw naam"), 100, required=True, autocomplete="name")
    company = _line(_("Uw bedrijf"), 150, required=True, autocomplete="organization")
    role = _line(_("Uw functie"), 100, required=False, autocomplete="organization-title")
    town = _line(_("Uw plaats"), 100, required=False, autocomplete="address-level2")

    def member(self):
        return Member(**self.cleaned_data)
