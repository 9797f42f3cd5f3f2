"""Fixtures shared by every test module. All are function-scoped: each test
gets its own, rolled-back database state, so no test depends on another."""

import pytest

from config import page_cache
from manifestos.demo_content import demo_content_load
from regions.register import shipped_register_import


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Pages stored by an earlier test belong to that test's (rolled back) data."""
    page_cache.content_changed()


@pytest.fixture
def register(db):
    """The municipal register that ships with the project: 2026 plus the mergers since 2021."""
    return shipped_register_import()


@pytest.fixture
def demo_content(register):
    """The register plus the five real campaigns; returns the load report."""
    return demo_content_load()
