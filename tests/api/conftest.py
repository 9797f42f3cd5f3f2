"""Fixtures of the API tests: a generous rate limit (its own tests set a small one) and a
fresh count for every test."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings):
    settings.API_RATE_LIMIT = 100_000
    cache.clear()
