"""The stored search vector of a recommendation, kept by PostgreSQL itself.

On PostgreSQL a trigger fills `search_vector` on every insert or update of a
recommendation, and another refreshes a theme's recommendations when its title
changes; a GIN index lets a search read only the matching rows. Bulk inserts,
`QuerySet.update()` and copies are covered because the database does the work.
SQLite gets the (unused, NULL) column only: it searches the text itself.
"""

import django.contrib.postgres.search
from django.db import migrations

FORWARD = """
CREATE FUNCTION manifestos_search_document(
    title text, lead text, body text, points text, conclusion text
) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
    SELECT setweight(to_tsvector('dutch'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('dutch'::regconfig, coalesce(lead, '')), 'B')
        || setweight(to_tsvector('dutch'::regconfig, concat_ws(' ', body, points, conclusion)), 'C')
$$;

CREATE FUNCTION manifestos_recommendation_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := manifestos_search_document(
        (SELECT title FROM manifestos_theme WHERE id = NEW.theme_id),
        NEW.lead, NEW.body, NEW.points, NEW.conclusion
    );
    RETURN NEW;
END
$$;

CREATE TRIGGER manifestos_recommendation_search_vector
BEFORE INSERT OR UPDATE OF theme_id, lead, body, points, conclusion
ON manifestos_recommendation
FOR EACH ROW EXECUTE FUNCTION manifestos_recommendation_search_vector();

CREATE FUNCTION manifestos_theme_search_title() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE manifestos_recommendation
    SET search_vector = manifestos_search_document(NEW.title, lead, body, points, conclusion)
    WHERE theme_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER manifestos_theme_search_title
AFTER UPDATE OF title ON manifestos_theme
FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title)
EXECUTE FUNCTION manifestos_theme_search_title();

UPDATE manifestos_recommendation AS recommendation
SET search_vector = manifestos_search_document(
    theme.title, recommendation.lead, recommendation.body,
    recommendation.points, recommendation.conclusion
)
FROM manifestos_theme AS theme
WHERE theme.id = recommendation.theme_id;

CREATE INDEX manifestos_recommendation_search ON manifestos_recommendation
USING gin (search_vector);
"""

BACKWARD = """
DROP INDEX manifestos_recommendation_search;
DROP TRIGGER manifestos_theme_search_title ON manifestos_theme;
DROP FUNCTION manifestos_theme_search_title();
DROP TRIGGER manifestos_recommendation_search_vector ON manifestos_recommendation;
DROP FUNCTION manifestos_recommendation_search_vector();
DROP FUNCTION manifestos_search_document(text, text, text, text, text);
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("manifestos", "0004_theme_previous"),
    ]

    operations = [
        migrations.AddField(
            model_name="recommendation",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
