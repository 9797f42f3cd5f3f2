"""Themes get a slug, their stable public key (anchors #thema-<slug>, the comparison's
address), filled for existing themes from their titles; made unique per edition in 0007."""

import config.slugs
from django.db import migrations, models

# The length a slug made from a title is cut to (manifestos.models.THEME_SLUG_GENERATED).
GENERATED_LENGTH = 80


def themes_slug(apps, schema_editor):
    """Per edition in reading order (a theme, then its sub-themes), so that of two themes
    with the same title the first on the page keeps the plain slug and the next gets -2."""
    Theme = apps.get_model("manifestos", "Theme")
    themes = list(Theme.objects.order_by("edition_id", "pk"))
    position_of = {theme.pk: theme.position for theme in themes}

    def reading_order(theme):
        if theme.parent_id is None:
            return (theme.edition_id, theme.position, 0)
        return (theme.edition_id, position_of[theme.parent_id], theme.position)

    taken = {}
    for theme in sorted(themes, key=reading_order):
        siblings = taken.setdefault(theme.edition_id, set())
        slug = config.slugs.unique_slug(
            theme.title, siblings, max_length=GENERATED_LENGTH, fallback="thema"
        )
        siblings.add(slug)
        Theme.objects.filter(pk=theme.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("manifestos", "0005_recommendation_search_vector"),
    ]

    operations = [
        migrations.AddField(
            model_name="theme",
            name="slug",
            field=models.SlugField(
                blank=True,
                db_index=False,
                help_text=(
                    "Het vaste adres van het thema: #thema-… op de pagina en …/vergelijk/…/ in "
                    "de vergelijking. Leeg laten: het wordt gemaakt uit de titel en blijft "
                    "daarna hetzelfde, ook als de titel verandert. Wie het wijzigt, breekt "
                    "bestaande links naar dit thema."
                ),
                max_length=100,
                validators=[config.slugs.validate_has_letter],
                verbose_name="slug",
            ),
        ),
        migrations.RunPython(themes_slug, migrations.RunPython.noop),
    ]
