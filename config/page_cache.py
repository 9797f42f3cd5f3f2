"""Whole-page caching of the public pages, never stale.

Longer than most modules on purpose: the content version, its schedule, the stored pages
and the middleware that serves them are one mechanism, each part reading the others' keys
and tokens; split, the rule "never stale" would be spread over several files.

A public view opts in with `@public_page`: its response may be stored by shared
caches (CDNs, proxies) for a short time, and by `PageCacheMiddleware`, which
keeps the rendered page, compressed, in the cache configured by `CACHE_URL`.

Every stored page belongs to one *content version*, a token that changes
whenever something a public page shows may have changed:
- every save or delete of a model of the three apps (signals connected by each
  app's `ready()` with `invalidate_on_changes`), immediately and again when the
  transaction commits, so a page rendered from data that was not committed yet
  is never kept under the new token;
- every successful write request of a logged-in user (the admin, its bulk
  actions, imports, a regiomanager's contact card), which also covers writes
  that send no signals (`QuerySet.update()`, `bulk_create()`);
- the next scheduled publication moment passing (each app registers the query
  that finds it with `schedule`), so scheduled content appears on time.
Pages of an old token are never read again and age out of the cache.

The token lives where every server process sees it: in the shared cache
(Redis) when one is configured, else in PAGE_CACHE_TOKEN_FILE, read with one
`stat` per request.

Pages are stored in the default cache: by default files shared by the workers of
the machine (config/caches.py), Redis when several app servers share it. In front
of either, each process keeps the pages it served lately in its own memory
(`_RecentPages`): a stored page then costs no file read or network round trip
beyond the token's. Keys hold the token, so that memory is never stale either.
"""

import fcntl
import gzip
import hashlib
import logging
import os
import re
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import partial, wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from .page_frames import Frame, FrameRecorder

logger = logging.getLogger(__name__)

# Shared caches (a CDN) may keep a public page this long, and serve it while they revalidate
# it (with its ETag) for a while longer. Browsers revalidate every time (max-age=0): a 304
# from the page cache costs next to nothing, and an editor who just saved sees the change.
PUBLIC_SHARED_MAX_AGE = 60
PUBLIC_STALE_WHILE_REVALIDATE = 300
# Stored pages of the current token are kept this long; a new token makes them unreachable.
PAGE_TIMEOUT = 60 * 60 * 24
# What each process keeps of the pages it served lately, in front of a cache outside it.
RECENT_PAGES_BYTES = 32 * 1024 * 1024

CACHEABLE_STATUSES = {200, 301, 302, 404}
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/xml", "image/svg+xml")
# Headers the middleware sets itself for every cached answer, or that must never be replayed.
NOT_STORED_HEADERS = {"content-length", "content-encoding", "etag", "last-modified", "set-cookie"}

_TOKEN_KEY = "page-cache:token"
_schedules = []


# The content version ------------------------------------------------------------------


def _new_token():
    """A fresh token; it starts with the moment of the change (for Last-Modified)."""
    return f"{time.time_ns()}-{secrets.token_hex(4)}"


@dataclass(frozen=True)
class _Version:
    """The content version: its token, the frame version (`frame`: the token of the last
    change that was not confined to the parts of framed pages, config/page_frames.py), and
    the next scheduled moment (a timestamp; `inf` when nothing is scheduled) at which pages
    change without a write. All are read together, so a request costs no query. A version
    whose schedule is not read yet (None: one started inside a transaction, by a deployment
    or while the database was unreachable) has it read by the first request for a stored
    page (`current_version`, `with_schedule`); a page stored under it is rendered again."""

    token: str
    frame: str
    next_change: float | None

    def serialized(self):
        next_change = "?" if self.next_change is None else repr(self.next_change)
        return f"{self.token} {self.frame} {next_change}"

    @classmethod
    def parse(cls, text):
        fields = text.split()
        if len(fields) != 3:
            return None
        token, frame, next_change = fields
        return cls(token, frame, None if next_change == "?" else float(next_change))


# What a change touched: anything (every stored page and frame is out of date), or only the
# parts of framed pages (their frames stay).
ALL, PARTS = "all", "parts"


def _following(current, change, next_change):
    """The version after `current` (None: there is none yet) once `change` happened."""
    token = _new_token()
    frame = token if change == ALL or current is None else current.frame
    return _Version(token, frame, next_change)


class _FileToken:
    """The version in a file: shared by every process on this machine, read with one stat.
    Changed under a lock, since a change of the parts keeps the frame version it reads."""

    def __init__(self, path):
        self.path = Path(path)
        self._seen = None
        self._version = None

    def get(self):
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return self.bump()
        seen = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if seen != self._seen:
            self._version = _Version.parse(self.path.read_text()) or self.bump()
            self._seen = seen
        return self._version

    def bump(self, next_change=None, change=ALL):
        with self._locked():
            version = _following(self._current(), change, next_change)
            self._write(version)
        return version

    def with_schedule(self, version, next_change):
        """`version` knowing its schedule, unless another change came first (then that)."""
        with self._locked():
            current = self._current()
            if current is None:
                current = _following(None, ALL, next_change)
            elif current.token == version.token:
                current = _Version(current.token, current.frame, next_change)
            else:
                return current
            self._write(current)
        return current

    def _current(self):
        """What the file holds (None: nothing readable); read under the lock."""
        try:
            return _Version.parse(self.path.read_text())
        except FileNotFoundError:
            return None

    def _locked(self):
        return _FileLock(self.path.with_name(f".{self.path.name}.lock"))

    def _write(self, version):
        # A new file moved into place: a reader sees the old or the new version, never half.
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        temporary.write_text(version.serialized())
        os.replace(temporary, self.path)


class _FileLock:
    """An exclusive lock on a file, for the processes of one machine."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        self.file = open(self.path, "a")  # closed in __exit__
        fcntl.flock(self.file, fcntl.LOCK_EX)

    def __exit__(self, *exception):
        self.file.close()


class _CacheToken:
    """The version in the shared cache (Redis): every server sees the same one.

    Read and written as plain text with the cache's own client, and changed by a script
    on the server that also announces the new version on a channel: a change of the parts
    keeps the frame version it reads, and every worker that follows the channel knows the
    version without asking (`_follow`), so a stored page costs no round trip at all. A
    worker whose subscription is not (yet) working asks Redis on every request, as before;
    the one that follows also reads the version again every RESYNC_SECONDS, in case a
    message was lost.
    """

    RESYNC_SECONDS = 1.0
    BUMP = """
        local frame = ARGV[1]
        if ARGV[2] == "keep" then
            local current = redis.call("GET", KEYS[1])
            local kept = current and string.match(current, "^%S+ (%S+) %S+$")
            if kept then frame = kept end
        end
        local version = ARGV[1] .. " " .. frame .. " " .. ARGV[3]
        redis.call("SET", KEYS[1], version)
        redis.call("PUBLISH", KEYS[2], version)
        return version
    """
    WITH_SCHEDULE = """
        local current = redis.call("GET", KEYS[1])
        if not current or string.sub(current, 1, #ARGV[1] + 1) ~= ARGV[1] .. " " then
            return current
        end
        local version = ARGV[1] .. " " .. ARGV[2] .. " " .. ARGV[3]
        redis.call("SET", KEYS[1], version)
        redis.call("PUBLISH", KEYS[2], version)
        return version
    """

    def __init__(self):
        self.cache = caches["default"]
        self.key = self.cache.make_and_validate_key(_TOKEN_KEY)
        self.channel = f"{self.key}:changes"
        self._known = None  # the version as the channel told it; None: ask Redis
        self._follower = None  # the process whose thread follows the channel
        self._lock = threading.Lock()
        self._stopped = threading.Event()

    def _client(self):
        return self.cache._cache.get_client(self.key, write=True)

    def get(self):
        if self._follower != os.getpid():
            self._start_following()
        return self._known or self._read()

    def _read(self):
        # Anything else there (an older release's pickled token) is replaced.
        return self._fetch() or self.bump()

    def _fetch(self):
        value = self._client().get(self.key)
        return _Version.parse(value.decode(errors="replace")) if value else None

    def bump(self, next_change=None, change=ALL):
        token = _new_token()
        next_change = "?" if next_change is None else repr(next_change)
        keep = "keep" if change != ALL else "new"
        value = self._client().eval(self.BUMP, 2, self.key, self.channel, token, keep, next_change)
        # Until the channel brings it (in order with every other change), this process asks
        # Redis: it sees its own change at once, and never an older one after it.
        self._known = None
        return _Version.parse(value.decode())

    def with_schedule(self, version, next_change):
        """`version` knowing its schedule, unless another change came first (then that)."""
        value = self._client().eval(
            self.WITH_SCHEDULE,
            2,
            self.key,
            self.channel,
            version.token,
            version.frame,
            repr(next_change),
        )
        current = _Version.parse(value.decode(errors="replace")) if value else None
        if current is None:
            return self.bump()
        self._known = None
        return current

    def stop(self):
        """Stop following (also when this is no longer the process's store)."""
        self._stopped.set()

    def _start_following(self):
        with self._lock:
            if self._follower == os.getpid():
                return
            # A new process (a forked worker) has no thread and no knowledge of its own.
            self._known = None
            self._follower = os.getpid()
            thread = threading.Thread(target=self._follow, name="content-version", daemon=True)
            thread.start()

    def _follow(self):
        while not self._stopped.is_set() and _store is self:
            pubsub = None
            try:
                pubsub = self._subscribed()
                self._listen(pubsub)
            except Exception as error:  # Redis unreachable: ask it per request meanwhile
                self._known = None
                logger.warning("Not following the content version in Redis: %s", error)
                self._stopped.wait(self.RESYNC_SECONDS)
            finally:
                if pubsub is not None:
                    pubsub.close()
        self._known = None

    def _subscribed(self):
        pubsub = self._client().pubsub()
        pubsub.subscribe(self.channel)
        # Announcements count from the confirmation on, so the version is read after it.
        while not self._stopped.is_set():
            message = pubsub.get_message(timeout=self.RESYNC_SECONDS)
            if message and message["type"] == "subscribe":
                break
        return pubsub

    def _listen(self, pubsub):
        """Subscribed: the version now, then every change announced, until stopped."""
        resync = 0
        while not self._stopped.is_set() and _store is self:
            message = pubsub.get_message(ignore_subscribe_messages=True, timeout=0.2)
            if message and message["type"] == "message":
                # Announcements arrive in the order Redis made the changes.
                self._known = _Version.parse(message["data"].decode(errors="replace"))
            elif time.monotonic() >= resync:
                # Read again only with no announcement waiting, which would be older than
                # the reading. None (no version yet): the next request asks, and starts one.
                self._known = self._fetch()
                resync = time.monotonic() + self.RESYNC_SECONDS


def _token_store():
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return _CacheToken()
    if isinstance(backend, LocMemCache | DummyCache | FileBasedCache):
        return _FileToken(settings.PAGE_CACHE_TOKEN_FILE)
    # Pages shared between servers need the version shared too, which only Redis does here.
    raise ImproperlyConfigured(
        f"CACHE_URL: {type(backend).__name__} is not supported; use redis:// or leave it empty."
    )


_store = None
_recent = None


def _token_backend():
    global _store
    if _store is None:
        _store = _token_store()
    return _store


def _recent_pages():
    """The process's own memory of pages, or None when the cache is that already (local
    memory) or is meant to keep nothing (the benchmark's cold server)."""
    global _recent
    if _recent is None:
        in_process = isinstance(caches["default"], LocMemCache | DummyCache)
        _recent = False if in_process else _RecentPages(RECENT_PAGES_BYTES)
    return _recent or None


def reset_token_backend():
    """Forget the chosen token store and the pages in memory (after the cache settings
    changed, in tests)."""
    global _store, _recent
    if isinstance(_store, _CacheToken):
        _store.stop()
    _store = None
    _recent = None


def content_changed(change=ALL, **_signal_kwargs):
    """Public content may have changed: every stored page is out of date from now on, and
    every stored frame too unless `change` is PARTS (only part models changed).

    Usable as a signal receiver. Bumps at once and again when the surrounding
    transaction commits, so that no page rendered before the commit survives it. The
    version that holds the committed content knows its schedule already (one query
    here): otherwise every worker that took the first requests after a save would read
    it and start a version of its own, each making the pages the others had just
    rendered unreachable.
    """
    if transaction.get_connection().in_atomic_block:
        _token_backend().bump(change=change)
        transaction.on_commit(partial(_committed_change, change))
    else:
        _committed_change(change)


def _committed_change(change=ALL):
    _token_backend().bump(_read_next_change(), change)


def invalidate_on_changes(app_config, *, parts=(), part_fields=()):
    """Every save or delete of any model of `app_config` changes the content version.

    `parts`: the models that public pages show only in the parts of framed pages
    (config/page_frames.py): a change of them, by a signal or by a write request that wrote
    nothing else, leaves the stored frames alone. `part_fields`: fields of other models
    that frames never show either (an edition's `updated_at`, which moves with its
    recommendations): a write request may set them alone, one statement each."""
    for field in part_fields:
        _part_columns.add((field.model._meta.db_table, field.column))
    uid = f"page-cache:{app_config.label}"
    post_migrate.connect(_deployed, sender=app_config, dispatch_uid=uid, weak=False)
    for model in app_config.get_models():
        uid = f"page-cache:{model._meta.label}"
        receiver = content_changed
        if model in parts:
            _part_tables.add(model._meta.db_table)
            receiver = partial(content_changed, PARTS)
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}:save", weak=False)
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}:delete", weak=False)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                content_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}:{field.name}",
                weak=False,
            )


def _deployed(**_signal_kwargs):
    """New code may show every page differently: `migrate`, which every deployment runs,
    starts a new version (its schedule read by the first request). A shared cache that
    does not answer does not stop the deployment."""
    try:
        _token_backend().bump()
    except Exception as error:  # Redis down: logged, and the next change bumps
        logger.warning("The content version could not be changed after migrate: %s", error)


# Tables that a write request may write besides the part models' and still leave the frames
# alone: what no public page shows (the session, the admin's log, the revisions).
_part_tables = set()
_part_columns = set()
NOT_SHOWN_TABLES = {"django_session", "django_admin_log", "reversion_revision", "reversion_version"}
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)
_ONE_COLUMN = re.compile(r'UPDATE "(\w+)" SET "(\w+)" = %s WHERE ')
_NO_WRITE = re.compile(r"\s*(?:SELECT|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT)\b", re.IGNORECASE)


class _WritesSeen:
    """What the statements of one request wrote, watched on the database connection while
    the request runs: part models (or part fields set alone), and the other tables that
    pages show ("?" for a statement not understood)."""

    def __init__(self):
        self.parts = False
        self.shown = set()

    def __call__(self, execute, sql, params, many, context):
        if ";" in sql.strip().rstrip(";"):
            self.shown.add("?")  # several statements (raw SQL): not read one by one
        elif (column := _ONE_COLUMN.match(sql)) and column.groups() in _part_columns:
            self.parts = True
        elif written := _WRITE.match(sql):
            if written[1] in _part_tables:
                self.parts = True
            elif written[1] not in NOT_SHOWN_TABLES:
                self.shown.add(written[1])
        elif not _NO_WRITE.match(sql):
            self.shown.add("?")
        return execute(sql, params, many, context)

    @property
    def change(self):
        """PARTS when the request wrote part models and nothing else that pages show."""
        return PARTS if self.parts and not self.shown else ALL


def schedule(moments_after):
    """Register `moments_after(now)`: a `.values(moment=…)` query of the moments after `now`
    at which pages change without a write (scheduled publications)."""
    if moments_after not in _schedules:
        _schedules.append(moments_after)


def _next_scheduled_change(now):
    """The first scheduled moment after `now` of all registered schedules, in one query."""
    if not _schedules:
        return None
    first, *others = (moments_after(now) for moments_after in _schedules)
    moments = first.union(*others, all=True) if others else first
    earliest = moments.order_by("moment").first()
    return earliest["moment"] if earliest else None


def _read_next_change():
    """The next scheduled moment as a timestamp (`inf`: none); None while the database
    is unreachable."""
    try:
        moment = _next_scheduled_change(timezone.now())
    except (OperationalError, InterfaceError) as error:
        logger.warning("The publication schedule cannot be read: %s", error)
        return None
    return moment.timestamp() if moment else float("inf")


def current_version(version=None):
    """The content version now (`version`: the stored one, when the caller read it
    already); moves on by itself when a scheduled moment has passed.

    A version whose schedule is not known yet reads it (one query) and is stored again
    knowing it, unless another process changed the version meanwhile (then that one is
    current): the same token, so the pages stored under it stay. While the database is
    unreachable the stored pages are served as they are: nothing newer could be rendered,
    and visitors keep reading instead of getting a 503.
    """
    store = _token_backend()
    version = version or store.get()
    if version.next_change is None:
        next_change = _read_next_change()
        return version if next_change is None else store.with_schedule(version, next_change)
    if timezone.now().timestamp() >= version.next_change:
        return store.bump(_read_next_change())
    return version


def current_token():
    return current_version().token


def _token_time(token):
    """When the content version began, in whole seconds (as HTTP dates have them)."""
    return int(token.split("-", 1)[0]) // 1_000_000_000


class _Shared:
    """What many pages share, computed once per content version by this process: by one
    thread, while the others that ask for the same key wait for it (right after a save
    every thread of a worker asks at once, and each computing it would multiply the work
    the save causes)."""

    def __init__(self, token):
        self.token = token
        self.values = {}
        self._locks = {}
        self._lock = threading.Lock()

    def get(self, key, compute):
        try:
            return self.values[key]
        except KeyError:
            pass
        with self._lock:
            key_lock = self._locks.setdefault(key, threading.Lock())
        with key_lock:
            if key not in self.values:
                self.values[key] = compute()
            return self.values[key]


_shared = _Shared(None)


def shared_per_version(key, compute, *, alone=None):
    """What `compute()` returns, computed once per content version in this process and
    reused by every page that asks for `key` (a campaign with its figures and coverage,
    the same for each of its 342 municipality pages). Never stale: under a new version
    everything is computed afresh, and a value computed under an older one is never seen.

    Only beside a cache outside the process (files, Redis): with local memory (the
    tests, a developer's set-up) or no cache at all (the benchmark's cold server)
    `compute()` runs every time, so "every cache cold" means what it says; or `alone()`
    when given, the same answer for one page only (`compute()` then reads what many pages
    share: every municipality, where a page needs its own). `compute()` may raise
    (Http404): nothing is kept then.
    """
    if _recent_pages() is None:
        return (alone or compute)()
    global _shared
    token = current_token()
    shared = _shared
    if shared.token != token:
        shared = _shared = _Shared(token)
    return shared.get(key, compute)


# Views ----------------------------------------------------------------------------------


def public_page(view=None, *, framed=False):
    """Marks a view's responses as the same for every visitor: cacheable by shared caches
    and stored by PageCacheMiddleware. Responses that set a cookie or depend on the
    visitor (`Vary: Cookie`) are never stored, whatever the view says.

    `framed=True`: the page's frame is stored too, so that after a change of its parts
    only they are rendered again (config/page_frames.py)."""
    if view is None:
        return partial(public_page, framed=framed)

    @wraps(view)
    def public_view(request, *args, **kwargs):
        if framed:
            request.page_frame = FrameRecorder()
            try:
                response = view(request, *args, **kwargs)
            finally:
                recorder = request.page_frame
                del request.page_frame
            if recorder.parts and not response.streaming:
                body, pieces = recorder.split(response.content.decode(response.charset))
                response.content = body
                if response.status_code == 200:
                    response.frame_pieces = pieces
        else:
            response = view(request, *args, **kwargs)
        if "Cache-Control" not in response:
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=PUBLIC_SHARED_MAX_AGE,
                stale_while_revalidate=PUBLIC_STALE_WHILE_REVALIDATE,
            )
        response.public_page = True
        return response

    return public_view


# The middleware -------------------------------------------------------------------------


@dataclass(frozen=True)
class _StoredPage:
    status: int
    headers: tuple
    body: bytes
    compressed: bool
    etag: str
    last_modified: int

    @classmethod
    def of(cls, response, token):
        return cls.made(response.status_code, _kept_headers(response), response.content, token)

    @classmethod
    def made(cls, status, headers, body, token):
        content_type = next((value for name, value in headers if name == "Content-Type"), "")
        compressed = content_type.startswith(COMPRESSIBLE_TYPES)
        return cls(
            status=status,
            headers=headers,
            body=gzip.compress(body, compresslevel=6, mtime=0) if compressed else body,
            compressed=compressed,
            etag=f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"',
            last_modified=_token_time(token),
        )

    @property
    def size(self):
        return len(self.body)

    def response_for(self, request):
        gzipped = self.compressed and _accepts_gzip(request)
        body = self.body if gzipped or not self.compressed else gzip.decompress(self.body)
        response = HttpResponse(body, status=self.status)
        for name, value in self.headers:
            response[name] = value
        if self.compressed:
            patch_vary_headers(response, ["Accept-Encoding"])
        if gzipped:
            response["Content-Encoding"] = "gzip"
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.last_modified)
        response["Content-Length"] = str(len(body))
        if self.status != 200:
            return response
        return get_conditional_response(
            request, etag=self.etag, last_modified=self.last_modified, response=response
        )


def _kept_headers(response):
    return tuple(
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in NOT_STORED_HEADERS
    )


def _accepts_gzip(request):
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def _is_storable(request, response):
    if not getattr(response, "public_page", False) or response.streaming:
        return False
    if response.status_code not in CACHEABLE_STATUSES or response.cookies:
        return False
    vary = response.get("Vary", "").lower()
    cache_control = response.get("Cache-Control", "").lower()
    return (
        "cookie" not in vary and "private" not in cache_control and "no-store" not in cache_control
    )


class _RecentPages:
    """The pages this process served lately, at most `limit` bytes of them, the least
    recently used dropped first. Shared by the threads of a worker."""

    def __init__(self, limit):
        self.limit = limit
        self.size = 0
        self._pages = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key, page):
        with self._lock:
            if key in self._pages:
                return
            self._pages[key] = page
            self.size += page.size
            while self.size > self.limit and self._pages:
                _, dropped = self._pages.popitem(last=False)
                self.size -= dropped.size


def _read_stored(key):
    """A stored page or frame (`_StoredPage`, `Frame`), or None."""
    recent = _recent_pages()
    page = recent.get(key) if recent else None
    if page is None:
        page = cache.get(key)
        if page is not None and recent:
            recent.put(key, page)
    return page


def _write_stored(key, page):
    cache.set(key, page, PAGE_TIMEOUT)
    if recent := _recent_pages():
        recent.put(key, page)


def _page_key(request, token, kind="page"):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"{kind}:{token}:{hashlib.sha256(url.encode()).hexdigest()}"


class PageCacheMiddleware:
    """Serves stored public pages; stores what `@public_page` views answer.

    Place it after the middleware that adds per-response headers (security headers,
    CSP with its nonce) and before sessions and authentication, so that a stored
    page costs no session or user lookup. Anything not marked public is sent as
    `private, no-store` unless the view said otherwise.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            writes = _WritesSeen()
            with connection.execute_wrapper(writes):
                response = self.get_response(request)
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and response.status_code < 500:
                content_changed(writes.change)
            return self._default_private(response)

        # The schedule is checked only when a page is stored: a request for anything
        # else (the admin, the health checks) costs no query.
        version = _token_backend().get()
        stored = _read_stored(_page_key(request, version.token))
        if stored is not None and current_version(version) == version:
            return stored.response_for(request)
        frame = None if stored else _read_stored(_page_key(request, version.frame, "frame"))
        # Only parts changed since the frame was stored: put the page together.
        if frame is not None and (page := self._put_together(request, frame)) is not None:
            return page.response_for(request)
        response = self.get_response(request)
        if not _is_storable(request, response):
            return self._default_private(response)
        stored = _StoredPage.of(response, version.token)
        if current_version(version).token != version.token:
            # Changed while the page was rendered: it may show either, so it is not kept.
            return stored.response_for(request)
        _write_stored(_page_key(request, version.token), stored)
        if pieces := getattr(response, "frame_pieces", None):
            frame = Frame(response.status_code, _kept_headers(response), pieces, version.frame)
            _write_stored(_page_key(request, version.frame, "frame"), frame)
        return stored.response_for(request)

    @staticmethod
    def _put_together(request, frame):
        """The page from its stored frame and its parts rendered now, stored; None when
        that fails (the database is down, a part of another release): then the view
        answers, with its own errors."""
        version = current_version()
        if frame.version != version.frame:
            return None  # a scheduled moment passed
        try:
            body = frame.assemble().encode()
        except Exception:
            logger.exception("A page could not be put together from its frame")
            return None
        stored = _StoredPage.made(frame.status, frame.headers, body, version.token)
        _write_stored(_page_key(request, version.token), stored)
        return stored

    @staticmethod
    def _default_private(response):
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response
