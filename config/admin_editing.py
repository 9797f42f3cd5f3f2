"""Editing aids the admin forms of every app share.

- `AdvisedLengthsMixin`: where the printed flyer has limited room, a field shows a live
  character count against an advised length ("123 / 600 tekens (advies)",
  admin/js/charcount.js): advice, not a limit.
- `MoveButtonsMixin`: up/down buttons for inlines ordered with `config.ordering`.
- `TintSelect`: the campaign colours as radio buttons, each with a swatch of its colour.
"""

from django import forms
from django.utils.html import format_html

from . import identity

EDITING_CSS = {"all": ["admin/css/editing.css"]}


class AdvisedLengthsMixin:
    """For a ModelAdmin or inline: marks the fields of `advised_lengths` ({field: characters})
    for the live character count."""

    advised_lengths = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        advised = self.advised_lengths.get(db_field.name)
        if formfield is not None and advised is not None:
            formfield.widget.attrs["data-advised-length"] = str(advised)
        return formfield

    @property
    def media(self):
        return super().media + forms.Media(
            js=[forms.Script("admin/js/charcount.js", defer=True)], css=EDITING_CSS
        )


class MoveButtonsMixin:
    """For an ordered inline: up/down buttons (admin/js/ordering.js); see config.ordering."""

    @property
    def media(self):
        return super().media + forms.Media(
            js=[forms.Script("admin/js/ordering.js", defer=True)], css=EDITING_CSS
        )


class TintSelect(forms.RadioSelect):
    """The campaign colours (config/identity.py) as radio buttons with a swatch each: an
    inline SVG, its colour an attribute (the admin allows no inline styles)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        swatch = format_html(
            '<svg class="tint-swatch" width="40" height="24" viewBox="0 0 40 24" '
            'aria-hidden="true" focusable="false"><rect width="40" height="24" rx="4" '
            'fill="{}"/></svg> {}',
            identity.tint(value),
            label,
        )
        return super().create_option(name, value, swatch, selected, index, subindex, attrs)
