"""Importing contacts: a row updates the contact with its slug or e-mail address, or adds one."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config.tables import (
    ImportInvalid,
    ImportIssue,
    SourceRow,
    quoted,
    table_read,
    validation_issues,
)
from config.validation import validated_save

from ..models import Contact
from .lookup import DistrictLookup

CONTACT_COLUMNS = ["naam", "functie", "e-mail", "telefoon", "district", "bio", "slug"]
CONTACT_REQUIRED = ["naam", "functie"]
CONTACT_FIELD_COLUMNS = {
    "name": "naam",
    "slug": "slug",
    "role": "functie",
    "email": "e-mail",
    "phone": "telefoon",
    "bio": "bio",
    "district": "district",
}
CONTACT_IMPORTED_FIELDS = ["name", "role", "email", "phone", "district", "bio"]


def contacts_table_read(data: bytes, *, name="") -> list[SourceRow]:
    return table_read(data, columns=CONTACT_COLUMNS, required=CONTACT_REQUIRED, name=name)


@dataclass
class ContactChange:
    line: int
    contact: Contact
    changed_fields: list[str]
    is_new: bool
    # The values before the import of the changed fields.
    previous: dict = field(default_factory=dict)

    @property
    def changed_labels(self):
        return [str(Contact._meta.get_field(name).verbose_name) for name in self.changed_fields]


@dataclass
class ContactsPlan:
    changes: list[ContactChange]
    # Filled by contacts_import: the saved contacts, new and updated.
    created: list[Contact] = field(default_factory=list)
    changed: list[Contact] = field(default_factory=list)

    @property
    def new_count(self):
        return sum(change.is_new for change in self.changes)

    @property
    def updated_count(self):
        return sum(not change.is_new and bool(change.changed_fields) for change in self.changes)

    @property
    def unchanged_count(self):
        return sum(not change.is_new and not change.changed_fields for change in self.changes)


def contacts_plan(*, rows: list[SourceRow]) -> ContactsPlan:
    """What importing these rows would do; raises ImportInvalid listing every problem.

    A row updates the contact with the slug in its `slug` column, else the one
    with its e-mail address, else it adds a contact. Only the columns in the file
    are changed; user accounts and photos are never touched.
    """
    issues = []
    districts = DistrictLookup()
    contacts = list(Contact.objects.select_related("district"))
    by_slug = {contact.slug: contact for contact in contacts}
    by_email = defaultdict(list)
    for contact in contacts:
        if contact.email:
            by_email[contact.email.lower()].append(contact)
    claimed = {}  # contact slug -> the line that imports it
    changes = []

    for row in rows:
        values, line = row.values, row.line
        row_issues = []

        def problem(column, message, line=line, row_issues=row_issues):
            row_issues.append(ImportIssue(line, column, message))

        for column, what in (("naam", _("de naam")), ("functie", _("de functie"))):
            if not values[column]:
                problem(column, _("vul %(what)s in.") % {"what": what})
        district = None
        if values.get("district"):
            try:
                district = districts.get(values["district"])
            except ValueError as exc:
                problem("district", str(exc))
        slug = values.get("slug", "")
        if slug:
            try:
                validate_slug(slug)
            except ValidationError:
                problem(
                    "slug",
                    _(
                        "%(value)s is geen geldige slug: alleen letters, cijfers, "
                        "liggende streepjes en streepjes."
                    )
                    % {"value": quoted(slug)},
                )
        email = values.get("e-mail", "")

        contact = None
        if slug:
            contact = by_slug.get(slug)
        elif email:
            matches = by_email.get(email.lower(), [])
            if len(matches) > 1:
                problem(
                    "e-mail",
                    _(
                        "%(count)s contactpersonen hebben dit e-mailadres; vul de kolom slug in "
                        "om te zeggen welke u bedoelt."
                    )
                    % {"count": len(matches)},
                )
            elif matches:
                contact = matches[0]
        is_new = contact is None
        if is_new and not row_issues:
            slug = slug or slugify(values["naam"])[:100].strip("-")
            if not slug:
                problem("naam", _("uit deze naam is geen slug te maken; vul de kolom slug in."))
            elif slug in by_slug:
                problem(
                    "naam",
                    _(
                        "er is al een contactpersoon met de slug %(slug)s (%(name)s); vul de "
                        "kolom slug of het e-mailadres van die contactpersoon in om hem bij te "
                        "werken, of kies een andere slug."
                    )
                    % {"slug": quoted(slug), "name": by_slug[slug].name},
                )
            contact = Contact(slug=slug)
        if row_issues:
            issues.extend(row_issues)
            continue

        if contact.slug in claimed:
            issues.append(
                ImportIssue(
                    line,
                    None,
                    _("deze contactpersoon (%(slug)s) staat ook al op regel %(line)s.")
                    % {"slug": quoted(contact.slug), "line": claimed[contact.slug]},
                )
            )
            continue
        claimed[contact.slug] = line

        new_values = {
            "name": values["naam"],
            "role": values["functie"],
            "email": values.get("e-mail"),
            "phone": values.get("telefoon"),
            "district": district if "district" in values else None,
            "bio": values.get("bio"),
        }
        changed, previous = [], {}
        for name in CONTACT_IMPORTED_FIELDS:
            column = CONTACT_FIELD_COLUMNS[name]
            if column not in values:
                continue  # a column that is not in the file leaves the field alone
            value = new_values[name]
            formatting = getattr(Contact._meta.get_field(name), "formatting", None)
            if formatting is not None:
                value = formatting.clean(value)  # as it will be stored (the bio)
            current = contact.district if name == "district" else getattr(contact, name)
            if is_new or current != value:
                setattr(contact, name, value)
                if not is_new:
                    changed.append(name)
                    previous[name] = current
        try:
            contact.full_clean(validate_unique=False)
        except ValidationError as exc:
            issues += validation_issues(exc, line=line, columns=CONTACT_FIELD_COLUMNS)
            continue
        changes.append(ContactChange(line, contact, changed, is_new, previous))

    if issues:
        raise ImportInvalid(sorted(issues, key=lambda issue: issue.line or 0))
    return ContactsPlan(changes)


@transaction.atomic
def contacts_import(*, rows: list[SourceRow]) -> ContactsPlan:
    """Check the rows again and apply them: new contacts, and updated ones."""
    plan = contacts_plan(rows=rows)
    for change in plan.changes:
        if not change.is_new and not change.changed_fields:
            continue
        if change.is_new:
            validated_save(change.contact)
            plan.created.append(change.contact)
        else:
            validated_save(change.contact, update_fields=change.changed_fields)
            plan.changed.append(change.contact)
    return plan
