"""Migration manifestos/0006 gives the themes of an existing database their slugs."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("manifestos", "0005_recommendation_search_vector")]
AFTER = [("manifestos", "0007_theme_slug_unique")]
MOMENT = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)


def migrate(manifestos):
    """The database with every other app at its latest migration and manifestos at
    `manifestos`; the models of that state."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    targets = [key for key in graph.leaf_nodes() if key[0] != "manifestos"] + manifestos
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _back_to_the_latest_migrations():
    """The tests after these (in the same worker) get the database at its latest state,
    schema changes of later migrations included."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


# Schema changes cannot run inside a test's transaction on SQLite.
@pytest.mark.django_db(transaction=True)
def test_existing_themes_get_slugs_in_reading_order_with_2_and_3_for_repeats():
    apps = migrate(BEFORE)
    Campaign = apps.get_model("campaigns", "Campaign")
    Edition = apps.get_model("manifestos", "Edition")
    Theme = apps.get_model("manifestos", "Theme")
    # A historical model does not work out its phase moments itself.
    moments = {"election_over_at": MOMENT, "term_over_at": MOMENT}
    campaign = Campaign.objects.create(
        name="Gemeenteraadsverkiezingen 2026",
        slug="gr2026",
        election_type="GR",
        election_date=datetime.date(2026, 3, 18),
        **moments,
    )
    edition = Edition.objects.create(campaign=campaign, title="Landelijk")
    other = Edition.objects.create(
        campaign=Campaign.objects.create(
            name="Tweede Kamer 2025",
            slug="tk2025",
            election_type="TK",
            election_date=datetime.date(2025, 10, 29),
            **moments,
        ),
        title="Landelijk",
    )
    # Made in another order than they are read: the second theme first.
    second = Theme.objects.create(edition=edition, position=2, title="Vakmensen")
    first = Theme.objects.create(edition=edition, position=1, title="Vakmensen & onderwijs")
    sub = Theme.objects.create(edition=edition, parent=first, position=1, title="Vakmensen")
    numbered = Theme.objects.create(edition=edition, position=3, title="2030")
    again = Theme.objects.create(edition=edition, position=4, title="Vakmensen")
    elsewhere = Theme.objects.create(edition=other, position=1, title="Vakmensen")

    apps = migrate(AFTER)

    Theme = apps.get_model("manifestos", "Theme")
    slugs = dict(Theme.objects.values_list("pk", "slug"))
    assert [slugs[t.pk] for t in (first, sub, second, numbered, again, elsewhere)] == [
        "vakmensen-en-onderwijs",
        "vakmensen",
        "vakmensen-2",
        "thema-2030",
        "vakmensen-3",
        "vakmensen",
    ]
