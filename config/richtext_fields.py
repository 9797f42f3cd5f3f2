"""The model and form fields of formatted texts: edited with django-prose-editor in the admin,
stored and checked by config/richtext.py.

A model declares a formatted text with `RichTextField` (paragraphs and lists),
`InlineTextField` (one line) or `TextLinesField` (one line per sub-point). The value is
cleaned to its stored form on every save (`pre_save`, so imports, copies and the demo
loader too) and when a form or `full_clean` validates it; in the admin it is edited in
the editor, with the toolbar the formatting allows. In migrations they are the plain
`TextField` and `CharField` they are stored as.
"""

from django import forms
from django.db import models
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from .richtext import INLINE, LINES, RICH


class EditorWidget(AdminProseEditorWidget):
    """The library's admin widget, with the editor's base styles and the link dialog's."""

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["admin/css/richtext.css"]})


class FormattedFormField(ProseEditorFormField):
    """A formatted text in a form: the editor's HTML in, the stored form out."""

    def __init__(self, *, formatting, **kwargs):
        self.formatting = formatting
        kwargs["widget"] = EditorWidget
        super().__init__(
            config={"extensions": formatting.extensions}, preset="configurable", **kwargs
        )

    def prepare_value(self, value):
        return self.formatting.for_editor(value) if isinstance(value, str) else value

    def to_python(self, value):
        return self.formatting.clean(super().to_python(value))

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        return self.formatting.clean(initial or "") != self.to_python(data)


class _Formatted:
    formatting = RICH
    stored_as = "django.db.models.TextField"

    def clean(self, value, model_instance):
        if isinstance(value, str):
            value = self.formatting.clean(value)
        return super().clean(value, model_instance)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            value = self.formatting.clean(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": FormattedFormField, "formatting": self.formatting, **kwargs}
        )

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, self.stored_as, args, kwargs


class RichTextField(_Formatted, models.TextField):
    """Paragraphs and lists with bold, italic, links and line breaks."""

    formatting = RICH


class InlineTextField(_Formatted, models.CharField):
    """One line with bold, italic and links (a recommendation's lead)."""

    formatting = INLINE
    stored_as = "django.db.models.CharField"


class TextLinesField(_Formatted, models.TextField):
    """One line with bold, italic and links per line, edited as a list (sub-points)."""

    formatting = LINES
