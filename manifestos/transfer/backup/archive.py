"""The backup file: one zip archive whose manifest lists and checks every other member.

`manifest.json` names the format and its version, when the backup was made, the
version of the site that made it, and the size and SHA-256 checksum of every member.
Reading an archive (`archive_open`) checks all of that before anything else happens:
not a zip file, a truncated copy, a member missing, added or changed, or a newer
format are each refused with a Dutch message that says what is wrong.

Writing goes to a temporary file next to the target, renamed into place only when
the archive is complete: a failed backup never leaves half a file under the name of
a good one.
"""

import datetime
import hashlib
import json
import os
import tempfile
import tomllib
import zipfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from ..format import ContentTransferError

FORMAT = "metaalunie-verkiezingen-backup"
# Version 1: the content document, the kept ids, accounts, contact links, history, media.
# The content document carries a version of its own (docs/content-format.md), which the
# import checks: a newer one is refused there, inside the restore's transaction.
VERSION = 1
MANIFEST = "manifest.json"
# The members besides the uploaded files (under MEDIA_PREFIX, by their name in the storage).
CONTENT = "content.json"  # the content document of docs/content-format.md
IDS = "ids.json"  # each content object's database id (ids.py)
ACCOUNTS = "accounts.json"  # groups and users (records.py)
CONTACT_ACCOUNTS = "contact-accounts.json"  # which account each contact card belongs to
HISTORY = "history.json"  # the change history (records.py)
REQUIRED = [CONTENT, IDS, ACCOUNTS, CONTACT_ACCOUNTS, HISTORY]
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(ContentTransferError):
    """A backup that cannot be made or restored; `errors` lists every problem in Dutch."""


def app_version():
    """The version of the site in pyproject.toml, or "onbekend" where it is not shipped."""
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as file:
            return tomllib.load(file)["project"]["version"]
    except (OSError, tomllib.TOMLDecodeError, KeyError):
        return "onbekend"


class ArchiveWriter:
    """Adds members to a zip file and notes each one's size and checksum for the manifest."""

    def __init__(self, file):
        self.zip = zipfile.ZipFile(file, "w", allowZip64=True)
        self.members = {}

    def add_json(self, name, data):
        text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n"
        self.add_bytes(name, text.encode())

    def add_bytes(self, name, data):
        self.zip.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
        self.members[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}

    def add_file(self, name, source):
        """A member copied from an open binary file, stored as is (photos and PDFs are
        compressed already), in chunks: a large file is never held in memory whole."""
        digest, size = hashlib.sha256(), 0
        with self.zip.open(name, "w", force_zip64=True) as target:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
        self.members[name] = {"size": size, "sha256": digest.hexdigest()}

    def finish(self):
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().astimezone(datetime.UTC).isoformat(),
            "app_version": app_version(),
            "members": self.members,
        }
        self.zip.writestr(
            MANIFEST, json.dumps(manifest, indent=1) + "\n", compress_type=zipfile.ZIP_DEFLATED
        )
        self.zip.close()
        return manifest


@contextmanager
def archive_writing(path):
    """An ArchiveWriter whose archive appears at `path` only when the block succeeds."""
    path = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".part"
        )
    except OSError as exc:
        raise BackupError(f"{path}: {exc.strerror}.") from exc
    try:
        with os.fdopen(handle, "wb") as file:
            yield ArchiveWriter(file)
        os.replace(temporary, path)
    except OSError as exc:
        raise BackupError(f"{path}: {exc.strerror}.") from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _member_name_problem(name):
    parts = PurePosixPath(name).parts
    unsafe = name.startswith("/") or "\\" in name or ".." in parts
    if unsafe or not parts or name == MEDIA_PREFIX:
        return f"het archief bevat een onveilige bestandsnaam: {name!r}."
    return None


class Archive:
    """A checked backup archive: every member is there, complete and unchanged."""

    def __init__(self, path):
        self.path = path
        self.zip = None
        self.manifest = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.zip is not None:
            self.zip.close()

    def check(self):
        try:
            self.zip = zipfile.ZipFile(self.path)
        except OSError as exc:
            raise BackupError(f"{self.path}: {exc.strerror}.") from exc
        except zipfile.BadZipFile as exc:
            raise BackupError(
                f"{self.path} is geen (volledige) back-up: het is geen zip-archief, of het is "
                "afgebroken, bijvoorbeeld bij het kopiëren."
            ) from exc
        self.manifest = self._manifest()
        self._check_members()
        return self

    def _manifest(self):
        try:
            manifest = json.loads(self.zip.read(MANIFEST))
        except KeyError:
            raise BackupError(
                f"{self.path} is geen back-up van deze site: {MANIFEST} ontbreekt."
            ) from None
        except (zipfile.BadZipFile, ValueError) as exc:
            raise BackupError(f"{self.path} is beschadigd: {MANIFEST} is onleesbaar.") from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(f"{self.path} is geen back-up van deze site (ander formaat).")
        version = manifest.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise BackupError(f"{self.path} is beschadigd: de formaatversie is onleesbaar.")
        if version > VERSION:
            raise BackupError(
                f"{self.path} is gemaakt met een nieuwere versie van de site "
                f"({manifest.get('app_version', 'onbekend')}, back-upformaat {version}); deze "
                f"versie leest back-ups tot en met formaat {VERSION}. Werk de site eerst bij."
            )
        if not isinstance(manifest.get("members"), dict):
            raise BackupError(f"{self.path} is beschadigd: de inhoudslijst ontbreekt.")
        return manifest

    def _check_members(self):
        listed = self.manifest["members"]
        names = [info.filename for info in self.zip.infolist() if info.filename != MANIFEST]
        errors = [problem for name in names if (problem := _member_name_problem(name))]
        if len(set(names)) != len(names):
            errors.append("het archief bevat een bestand twee keer.")
        missing = (set(listed) | set(REQUIRED)) - set(names)
        errors += [f"{name} ontbreekt." for name in sorted(missing)]
        unlisted = set(names) - set(listed)
        errors += [f"{name} staat niet in de inhoudslijst." for name in sorted(unlisted)]
        if not errors:
            errors = [problem for name in names if (problem := self._member_problem(name))]
        if errors:
            raise BackupError([f"{self.path} is beschadigd:", *errors])

    def _member_problem(self, name):
        expected = self.manifest["members"][name]
        if not isinstance(expected, dict):
            return f"{name}: onleesbaar in de inhoudslijst."
        digest, size = hashlib.sha256(), 0
        try:
            with self.zip.open(name) as member:
                while chunk := member.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
            # RuntimeError: encrypted; NotImplementedError (a RuntimeError): compression
            # this Python cannot read. Neither is ever written by backup_write.
            return f"{name} is beschadigd (niet volledig leesbaar)."
        if size != expected.get("size") or digest.hexdigest() != expected.get("sha256"):
            return f"{name} is veranderd sinds de back-up (controlegetal klopt niet)."
        return None

    def read(self, name):
        return self.zip.read(name)

    def json(self, name):
        return json.loads(self.zip.read(name))

    def media_names(self):
        """The names of the uploaded files in the archive, as named in the media storage."""
        return sorted(
            name.removeprefix(MEDIA_PREFIX)
            for name in self.manifest["members"]
            if name.startswith(MEDIA_PREFIX)
        )

    def media_read(self, name):
        return self.zip.read(MEDIA_PREFIX + name)

    def media_checksum(self, name):
        return self.manifest["members"][MEDIA_PREFIX + name]["sha256"]


def archive_open(path) -> Archive:
    """The archive at `path`, checked completely (see the module's docstring)."""
    archive = Archive(path)
    try:
        return archive.check()
    except BaseException:
        archive.__exit__(None, None, None)
        raise
