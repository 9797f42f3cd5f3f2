"""Fixtures shared by every test module. All are function-scoped: each test
gets its own, rolled-back database state, so no test depends on another."""

import datetime
import os
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone
from hypothesis import settings
from redis import Redis

from bench.shipped import redis_is_up
from config import page_cache
from manifestos.transfer.demo import demo_content_load
from regions.register import shipped_register_import

# Property-based tests (tests/test_hostile_*.py): few examples per pattern so the files
# run in well under a minute; CI derandomizes, so a failure there reproduces locally with
# HYPOTHESIS_PROFILE=ci. `HYPOTHESIS_PROFILE=thorough` tries many more.
settings.register_profile("ci", max_examples=4, derandomize=True, deadline=None, database=None)
settings.register_profile("dev", max_examples=4, deadline=None)
settings.register_profile("thorough", max_examples=40, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Pages stored by an earlier test belong to that test's (rolled back) data, and what
    the cache knows of renditions to that test's (removed) media folder."""
    cache.clear()
    # A new content version, its schedule not read yet (tests without a database too).
    page_cache._token_backend().bump()


@pytest.fixture
def register(db):
    """The municipal register that ships with the project: 2026 plus the mergers since 2021."""
    return shipped_register_import()


@pytest.fixture
def demo_content(register):
    """The register plus the five real campaigns; returns the load report."""
    return demo_content_load()


class Clock:
    """The clock of a test: `set()` stops it at a moment, until it is set again."""

    AMSTERDAM = ZoneInfo("Europe/Amsterdam")

    def __init__(self, monkeypatch):
        self._monkeypatch = monkeypatch

    def set(self, moment):
        """`timezone.now()` (and so `localdate()`) answers `moment` from now on."""
        self._monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    def set_dutch(self, day, hour=12, minute=0, second=0):
        """Stop the clock at a Dutch wall-clock time on `day`."""
        moment = datetime.datetime.combine(
            day, datetime.time(hour, minute, second), tzinfo=self.AMSTERDAM
        )
        return self.set(moment)


@pytest.fixture
def clock(monkeypatch):
    """Moves the clock without sleeping: pages follow the life cycle of a campaign
    (campaigns/lifecycle.py), which reads the clock on every request."""
    return Clock(monkeypatch)


@pytest.fixture
def machine_cache(tmp_path):
    """The production default: a cache in files shared by the worker processes of one
    machine (config/caches.py), with the content version in a file beside it."""
    machine = {
        "BACKEND": "config.caches.MachineCache",
        "LOCATION": str(tmp_path / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
    with override_settings(
        CACHES={"default": machine}, PAGE_CACHE_TOKEN_FILE=tmp_path / "content-version"
    ):
        page_cache.reset_token_backend()
        yield
    page_cache.reset_token_backend()


@pytest.fixture
def redis_cache():
    if not redis_is_up():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379 in CI")
        pytest.skip("Redis is not running on 127.0.0.1:6379; CI runs this test")
    prefix = f"test-{os.getpid()}"
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
        "KEY_PREFIX": prefix,
    }
    with override_settings(CACHES={"default": redis}):
        page_cache.reset_token_backend()
        yield
        page_cache.reset_token_backend()  # stops following the version's channel
    # Only this process's keys: cache.clear() is FLUSHDB, which would also empty the keys of
    # another test run (another checkout) that uses this Redis database at the same time.
    client = Redis.from_url(redis["LOCATION"])
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()
    page_cache.reset_token_backend()
