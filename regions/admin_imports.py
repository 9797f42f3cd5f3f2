"""The two imports of the regions admin: regional figures and contacts.

Each is an `ImportKind` for the upload → preview → confirm pages of
`config.import_preview`; the reading and checking is in `regions.imports`.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.import_preview import ImportKind

from .imports.contacts import contacts_import, contacts_plan, contacts_table_read
from .imports.figures import figures_import, figures_plan, figures_table_read


def _figures_summary(plan, file_name):
    return _(
        "Import uit ‘%(name)s’ uitgevoerd: %(new)s nieuwe sets regiocijfers, "
        "%(replaced)s vervangen, %(rows)s uitsplitsingsregels."
    ) % {
        "name": file_name,
        "new": plan.new_count,
        "replaced": plan.replaced_count,
        "rows": plan.row_count,
    }


def _contacts_summary(plan, file_name):
    return _(
        "Import uit ‘%(name)s’ uitgevoerd: %(new)s nieuwe contactpersonen, "
        "%(updated)s bijgewerkt, %(unchanged)s ongewijzigd."
    ) % {
        "name": file_name,
        "new": plan.new_count,
        "updated": plan.updated_count,
        "unchanged": plan.unchanged_count,
    }


def _added_message(file_name):
    return _("Toegevoegd door import uit ‘%(name)s’.") % {"name": file_name}


def _figures_log(model_admin, request, plan, file_name):
    for figures in plan.created:
        model_admin.log_addition(request, figures, _added_message(file_name))
    for figures in plan.changed:
        model_admin.log_change(
            request,
            figures,
            _("Vervangen door import uit ‘%(name)s’.") % {"name": file_name},
        )


def _contacts_log(model_admin, request, plan, file_name):
    """Additions name the file; changes name the fields, like a form would (the old and
    new values are in the revision the import makes, config/revisions.py)."""
    for contact in plan.created:
        model_admin.log_addition(request, contact, _added_message(file_name))
    for change in plan.changes:
        if change.is_new or not change.changed_fields:
            continue
        labels = change.changed_labels
        model_admin.log_change(
            request,
            change.contact,
            [{"changed": {"fields": [capfirst(label) for label in labels]}}],
        )


FIGURES = ImportKind(
    name="figures",
    read=figures_table_read,
    plan=figures_plan,
    apply=figures_import,
    preview_template="admin/regions/import_preview_figures.html",
    intro_template="admin/regions/import_intro_figures.html",
    summary=_figures_summary,
    log=_figures_log,
    columns=[
        (
            "regio",
            True,
            gettext_lazy(
                "een gemeente of provincie: naam ('s-Gravenhage, ook Den Haag), of CBS-code "
                "(GM0518, PV27); of de naam of slug van een district"
            ),
        ),
        ("bron", True, gettext_lazy("bijvoorbeeld: CBS en Metaalunie")),
        ("peildatum", False, gettext_lazy("JJJJ-MM-DD; leeg als de bron geen datum noemt")),
        (
            "soort",
            True,
            gettext_lazy("lidbedrijven, medewerkers, bedrijfstype of opleidingsniveau"),
        ),
        ("omschrijving", False, gettext_lazy("alleen bij bedrijfstype en opleidingsniveau")),
        (
            "waarde",
            True,
            gettext_lazy("een getal, zonder punt voor duizendtallen; decimalen na een komma"),
        ),
        ("eenheid", False, gettext_lazy("aantal (standaard) of procent")),
    ],
    example=(
        "regio;bron;peildatum;soort;omschrijving;waarde;eenheid\n"
        "PV25;CBS en Metaalunie;;lidbedrijven;;2029;\n"
        "PV25;CBS en Metaalunie;;medewerkers;;24041;\n"
        "PV27;CBS en Metaalunie;;opleidingsniveau;mbo 2-4, havo/vwo;55,6;procent"
    ),
)

CONTACTS = ImportKind(
    name="contacts",
    read=contacts_table_read,
    plan=contacts_plan,
    apply=contacts_import,
    preview_template="admin/regions/import_preview_contacts.html",
    intro_template="admin/regions/import_intro_contacts.html",
    summary=_contacts_summary,
    log=_contacts_log,
    columns=[
        ("naam", True, gettext_lazy("volledige naam")),
        ("functie", True, gettext_lazy("bijvoorbeeld: regiomanager")),
        ("e-mail", False, gettext_lazy("herkent een bestaande contactpersoon")),
        ("telefoon", False, gettext_lazy("zoals het gedrukt wordt")),
        ("district", False, gettext_lazy("naam of slug; leeg voor een centrale contactpersoon")),
        ("bio", False, gettext_lazy("korte bio")),
        (
            "slug",
            False,
            gettext_lazy("herkent een bestaande contactpersoon; leeg: gemaakt uit de naam"),
        ),
    ],
    example=(
        "naam;functie;e-mail;telefoon;district\n"
        "Monique van der Voort;Regiosecretaris Metaalunie;voort@metaalunie.nl;06 - 111 708 71;"
    ),
)
