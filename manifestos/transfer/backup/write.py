"""Making a backup: `backup_write(path)`, the whole site in one archive (archive.py)."""

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction

from ..export import content_export_text
from ..format import content_counts
from .archive import (
    ACCOUNTS,
    CONTACT_ACCOUNTS,
    CONTENT,
    HISTORY,
    IDS,
    BackupError,
    archive_writing,
)
from .ids import ids_export
from .media import media_export
from .records import ACCOUNT_MODELS, HISTORY_MODELS, contact_accounts_export, records_dump


@dataclass
class BackupReport:
    counts: dict
    accounts: int
    history: int
    files: int
    bytes: int

    def lines(self):
        return [
            *(f"{name}: {count}" for name, count in self.counts.items()),
            f"accounts: {self.accounts}",
            f"wijzigingen in de geschiedenis: {self.history}",
            f"bestanden: {self.files} ({self.bytes / 1_000_000:.1f} MB)",
        ]


@contextmanager
def _one_moment():
    """Everything read from the database as it was at one moment, also while staff keep
    working: on PostgreSQL a repeatable-read transaction (SQLite's read transaction
    already sees one state)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _public_folder(path, storage):
    """The folder served to anyone that `path` lies in: the uploads or the static files."""
    folders = [getattr(storage, "location", None), settings.STATIC_ROOT]
    target = Path(path).resolve()
    for folder in filter(None, folders):
        if target.is_relative_to(Path(folder).resolve()):
            return folder
    return None


def backup_write(path, *, storage=default_storage) -> BackupReport:
    """Write the content document, the ids, the accounts, the contact links, the history
    and every uploaded file of `storage` into one archive at `path`."""
    if folder := _public_folder(path, storage):
        raise BackupError(
            f"{path} ligt in {folder}, waar iedereen bestanden kan opvragen: een back-up bevat "
            "wachtwoord-hashes en e-mailadressen. Kies een map buiten de site."
        )
    with archive_writing(path) as writer:
        with _one_moment():
            writer.add_bytes(CONTENT, content_export_text().encode())
            writer.add_json(IDS, ids_export())
            writer.add_bytes(ACCOUNTS, records_dump(ACCOUNT_MODELS).encode())
            writer.add_json(CONTACT_ACCOUNTS, contact_accounts_export())
            writer.add_bytes(HISTORY, records_dump(HISTORY_MODELS).encode())
            report = BackupReport(
                counts=content_counts(),
                accounts=ACCOUNT_MODELS[-1]._default_manager.count(),
                history=sum(model._default_manager.count() for model in HISTORY_MODELS),
                files=0,
                bytes=0,
            )
        report.files, report.bytes = media_export(writer, storage)
        writer.finish()
    return report
