"""Counting the queries a page costs."""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

from config import page_cache


@contextmanager
def page_queries():
    """The queries of the requests inside, as a list; a page's own, not the content
    version's: that is checked once per content change (config/page_cache.py), and is
    counted by the page cache's own tests."""
    page_cache.current_token()
    with CaptureQueriesContext(connection) as queries:
        yield queries
