"""Ordered inlines in the admin: positions 1..n per group, never a gap or a duplicate.

The editor types any numbers (or none, for "at the end"); on save the rows of
each group are renumbered 1..n in the order the numbers give, in one
transaction. Uniqueness of `position` is therefore not checked per form: the
renumbering guarantees it, and the database constraint backs it up.

On an object's own page (a theme, a recommendation) the number is checked: a position a
sibling already has is the position field's error (`PositionErrorsAtTheField`), shown
at that field rather than above the form.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import F
from django.forms.models import BaseInlineFormSet

# Existing rows are first moved above any real position, so renumbering never
# collides with a row that has not been renumbered yet. Siblings are numbered 1, 2, 3…;
# moved aside they stay within a PositiveSmallIntegerField (at most 32,767 on PostgreSQL).
POSITION_OFFSET = 10_000


def move_aside(queryset):
    """Move the rows of `queryset` out of every real position, before they are given new
    ones (or their old ones back), so no step meets a half-changed order."""
    queryset.update(position=F("position") + POSITION_OFFSET)


class PositionErrorsAtTheField:
    """Model mixin: a violated constraint on `position` (two siblings with one number) is
    an error of the field `position`. Django files an error of a constraint with a
    condition or several fields under none of them, so a form would show it at the top."""

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = self._position_errors_moved(error.update_error_dict({}))
            raise ValidationError(errors) from error

    def _position_errors_moved(self, errors):
        messages = {
            str(constraint.get_violation_error_message())
            for _model, constraints in self.get_constraints()
            for constraint in constraints
            if "position" in getattr(constraint, "fields", ())
        }
        general = []
        for error in errors.pop(NON_FIELD_ERRORS, []):
            target = errors.setdefault("position", []) if error.message in messages else general
            target.append(error)
        if general:
            errors[NON_FIELD_ERRORS] = general
        return errors


class OrderedInlineForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = ""

    def _get_validation_exclusions(self):
        return {*super()._get_validation_exclusions(), "position"}


class OrderedInlineFormSet(BaseInlineFormSet):
    # Fields that, next to the parent, split the rows into separately numbered groups.
    group_by = ()

    def _group(self, form):
        return tuple(form.cleaned_data.get(name) for name in self.group_by)

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        with transaction.atomic():
            self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
            existing = {form.instance.pk for form in self.forms if form.instance.pk is not None}
            for form in self.deleted_forms:
                if form.instance.pk is not None:
                    self.deleted_objects.append(form.instance)
                    self.delete_existing(form.instance)
            # Deleting a row may cascade to others in this formset (a theme's sub-themes).
            surviving = set(
                self.model._default_manager.filter(pk__in=existing).values_list("pk", flat=True)
            )
            gone = existing - surviving
            kept = [
                (index, form)
                for index, form in enumerate(self.forms)
                if form not in self.deleted_forms
                and (
                    form.instance.pk in surviving
                    or (form.instance.pk is None and form.has_changed())
                )
                and not any(getattr(value, "pk", None) in gone for value in self._group(form))
            ]
            kept.sort(
                key=lambda item: (
                    [str(value) for value in self._group(item[1])],
                    item[1].cleaned_data.get("position") or POSITION_OFFSET,
                    item[0],
                )
            )
            move_aside(self.get_queryset())
            counters = {}
            saved = []
            for _index, form in kept:
                group = self._group(form)
                counters[group] = counters.get(group, 0) + 1
                is_new = form.instance.pk is None
                changed = form.has_changed() or form.cleaned_data.get("position") != counters[group]
                form.instance.position = counters[group]
                setattr(form.instance, self.fk.name, self.instance)
                form.instance.save()
                saved.append(form.instance)
                if is_new:
                    self.new_objects.append(form.instance)
                elif changed:
                    self.changed_objects.append((form.instance, form.changed_data))
            return saved
