"""Editing aids the admin forms of every app share.

- `AdvisedLengthsMixin`: where the printed flyer has limited room, a field shows a live
  character count against an advised length ("123 / 600 tekens (advies)",
  admin/js/charcount.js): advice, not a limit.
- `MoveButtonsMixin`: up/down buttons for inlines ordered with `config.ordering`.
"""

from django import forms

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
