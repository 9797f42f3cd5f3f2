"""A contact's bio in the editor's format (config/richtext.py): what the pages, PDFs and
API show stays the same (tests/test_richtext_migration.py)."""

from django.db import migrations

from config.richtext import RICH, stored_texts_clean


def forwards(apps, schema_editor):
    stored_texts_clean(apps.get_model("regions", "Contact"), {"bio": RICH})


class Migration(migrations.Migration):
    dependencies = [("regions", "0005_municipality_display_name")]

    # Backwards nothing to do: the code before the editor renders the editor's format as is.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
