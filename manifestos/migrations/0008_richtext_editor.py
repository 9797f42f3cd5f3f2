"""The formatted texts of editions, themes and recommendations in the editor's format
(config/richtext.py): what the pages, PDFs and API show stays the same
(tests/test_richtext_migration.py). Sub-points are edited as a list now."""

from django.db import migrations, models

from config.richtext import INLINE, LINES, RICH, stored_texts_clean


def forwards(apps, schema_editor):
    stored_texts_clean(apps.get_model("manifestos", "Edition"), {"intro": RICH, "closing": RICH})
    stored_texts_clean(
        apps.get_model("manifestos", "Theme"), {"intro": RICH, "facts": RICH, "quote": RICH}
    )
    stored_texts_clean(
        apps.get_model("manifestos", "Recommendation"),
        {"lead": INLINE, "body": RICH, "points": LINES, "conclusion": RICH},
    )


class Migration(migrations.Migration):
    dependencies = [("manifestos", "0007_theme_slug_unique")]

    operations = [
        migrations.AlterField(
            model_name="recommendation",
            name="points",
            field=models.TextField(
                blank=True,
                help_text="Elk punt van de opsomming is een subpunt.",
                verbose_name="subpunten",
            ),
        ),
        # Backwards nothing to do: the code before the editor renders the editor's format as is.
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
