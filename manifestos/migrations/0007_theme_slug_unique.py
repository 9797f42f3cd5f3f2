"""A theme's slug is unique within its edition (its anchor is unique on the page). Apart
from 0006, which fills the slugs: on PostgreSQL a table is not altered in the transaction
that just updated its rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("manifestos", "0006_theme_slug"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="theme",
            constraint=models.UniqueConstraint(
                fields=("edition", "slug"),
                name="unique_theme_slug",
                violation_error_message="Deze editie heeft al een thema met deze slug.",
            ),
        ),
    ]
