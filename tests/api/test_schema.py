"""Property-based tests of the API against its own served OpenAPI description.

schemathesis reads /api/v1/openapi.json from the Django application (in-process,
through WSGI), generates requests for every operation from it (valid and invalid
path and query parameters) and checks each answer: never a server error, a
documented status code and content type, and a body that matches the schema
exactly (every object in schema.py is closed). The world is the demo content plus
unpublished content, so the generated requests meet real slugs and codes too.
Example counts are bounded (EXAMPLES per operation) so the file runs in well under a
minute; CI derandomizes through the hypothesis profile (tests/conftest.py).
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import RequestFactory
from hypothesis import HealthCheck, settings

from manifestos.api.schema import openapi_document
from manifestos.transfer.demo import demo_content_load
from regions.register import shipped_register_import
from tests import factories

pytestmark = pytest.mark.django_db

EXAMPLES = 25
HOST = "localhost"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo content with a draft campaign, a draft and a scheduled edition of a
    published campaign, and a contact with a user account; rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        shipped_register_import()
        demo_content_load()
        draft = factories.CampaignFactory(draft=True, slug="concept2030")
        factories.RecommendationFactory(theme__edition__campaign=draft)
        published = factories.CampaignFactory(slug="gepubliceerd2030")
        factories.EditionFactory(campaign=published, for_province=True, status="draft")
        factories.ContactFactory(with_user=True)
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests through the bare WSGIHandler would close the database connection at their
    start and end (on PostgreSQL that is the test's own transaction). Django's test client
    switches this off around each of its own requests and on again after them, so it is
    switched off anew for every test here."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _document():
    """The description as /api/v1/openapi.json serves it to a client of `localhost` (the
    host schemathesis's WSGI transport sends); built without the database, so it can be
    loaded while tests are collected. test_the_served_description_is_the_one_tested
    checks that the served document is this one."""
    return openapi_document(RequestFactory().get("/api/v1/openapi.json", HTTP_HOST=HOST))


schema = schemathesis.openapi.from_dict(_document())
schema.app = WSGIHandler()


def test_the_served_description_is_the_one_tested(world, client):
    response = client.get("/api/v1/openapi.json", HTTP_HOST=HOST)

    assert response.status_code == 200
    assert response.json() == _document()
    assert response.json()["openapi"] == "3.1.0"


@schema.parametrize()
@settings(
    max_examples=max(EXAMPLES, settings.default.max_examples),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_matches_the_served_schema(case, world):
    # The in-process client does not decompress: ask for the body as it is (the page
    # cache answers gzip to whoever accepts it, and that is tested in test_page_cache.py).
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
