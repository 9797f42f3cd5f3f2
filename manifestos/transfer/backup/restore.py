"""Restoring a backup: `backup_restore(path)`, into an empty database, all or nothing.

The archive is checked completely first (archive.py). Then, in one transaction:
the accounts, the content (through the content import, every object checked the
way a form would and given the id it had: ids.py), the contact cards' accounts, the
history, and the uploaded files, which are taken back again if anything fails
(media.py). So a damaged or newer archive, a database that is not empty, or any
problem on the way changes nothing.

"Empty" is what `migrate` leaves: the roles' groups (restored from the archive)
and, when someone ran `import_municipalities` as well, the register (replaced by
the archive's, which is the one the content was made with). With `replace`
everything is replaced: content, accounts, history; logged-in sessions end.
"""

import json
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.db import transaction

from config import page_cache
from config.roles import roles_sync
from regions.models import Municipality, MunicipalityAlias, Province

from ..format import (
    CONTENT_MODELS,
    DOCUMENT_MODELS,
    ContentReport,
    ContentTransferError,
    content_counts,
    counts_text,
)
from ..importer import content_import
from .archive import (
    ACCOUNTS,
    CONTACT_ACCOUNTS,
    CONTENT,
    HISTORY,
    IDS,
    BackupError,
    archive_open,
)
from .ids import KeptIds, sequences_reset
from .media import MediaRestore, media_clashes
from .records import (
    ACCOUNT_MODELS,
    HISTORY_MODELS,
    contact_accounts_load,
    history_floors,
    records_delete,
    records_load,
)

# What `import_municipalities` loads: a database with only these is empty for a restore.
REGISTER_MODELS = [Province, Municipality, MunicipalityAlias]


@dataclass
class RestoreReport:
    manifest: dict
    # What the database held before (with --replace) and holds now.
    content: ContentReport
    accounts: int = 0
    history: int = 0
    files: int = 0

    def lines(self):
        return [
            f"Back-up van {self.manifest['created_at']} (versie {self.manifest['app_version']}).",
            *self.content.lines(),
            f"accounts: {self.accounts}",
            f"wijzigingen in de geschiedenis: {self.history}",
            f"bestanden: {self.files}",
        ]


def database_contents():
    """{what: how many} of what a restore would overwrite (the register and groups aside)."""
    models = [*CONTENT_MODELS, get_user_model(), *HISTORY_MODELS]
    return content_counts([model for model in models if model not in REGISTER_MODELS])


def _json(archive, member, expected_type):
    try:
        data = archive.json(member)
    except ValueError as exc:
        raise BackupError(f"{member} is onleesbaar: {exc}.") from exc
    if not isinstance(data, expected_type):
        raise BackupError(f"{member} heeft niet de verwachte vorm.")
    return data


def _content_types_ensure(history_text):
    """Content types the history names that this database lacks (a model since removed):
    made again, as the original database still had them, so no entry is lost. Anything
    malformed is left to records_load, which says what is wrong."""
    try:
        records = [record["fields"] for record in json.loads(history_text)]
    except (ValueError, TypeError, KeyError):
        return
    for fields in records:
        natural_key = fields.get("content_type") if isinstance(fields, dict) else None
        if isinstance(natural_key, list) and len(natural_key) == 2:
            ContentType.objects.get_or_create(app_label=natural_key[0], model=natural_key[1])


def _database_restore(archive, report):
    Session.objects.all().delete()
    records_delete([*ACCOUNT_MODELS, *HISTORY_MODELS])
    records_load(archive.read(ACCOUNTS), ACCOUNTS)
    kept_ids = KeptIds(_json(archive, IDS, dict))
    try:
        imported = content_import(
            data=_json(archive, CONTENT, dict), replace=True, pk_of=kept_ids.pk_of
        )
    except ContentTransferError as exc:
        raise BackupError([f"{CONTENT} kan niet worden teruggezet:", *exc.errors]) from exc
    report.content.counts = imported.counts
    links = _json(archive, CONTACT_ACCOUNTS, dict)
    contact_accounts_load(links, CONTACT_ACCOUNTS)
    history = archive.read(HISTORY).decode(errors="replace")
    _content_types_ensure(history)
    records_load(history, HISTORY)
    sequences_reset(
        [*DOCUMENT_MODELS, *ACCOUNT_MODELS, *HISTORY_MODELS], history_floors(HISTORY_MODELS)
    )
    # The roles carry the permissions this version of the site gives them (as after migrate).
    roles_sync()
    report.accounts = ACCOUNT_MODELS[-1]._default_manager.count()
    report.history = sum(model._default_manager.count() for model in HISTORY_MODELS)


def backup_restore(path, *, replace=False, storage=default_storage) -> RestoreReport:
    """Rebuild the database and the uploaded files from the backup at `path`."""
    with archive_open(path) as archive:
        existing = database_contents()
        if existing and not replace:
            raise BackupError(
                f"De database is niet leeg ({counts_text(existing)}). Zet een back-up terug in "
                "een lege database (na manage.py migrate), of gebruik --replace om alles te "
                "vervangen door wat in de back-up staat."
            )
        if not replace and (clashes := media_clashes(archive, storage)):
            raise BackupError(
                [
                    "In de opslag voor bestanden staan al andere bestanden onder dezelfde naam "
                    "als in de back-up. Gebruik een lege map, of --replace om ze te vervangen:",
                    *clashes,
                ]
            )
        report = RestoreReport(archive.manifest, ContentReport(replaced=existing))
        files = MediaRestore(storage)
        try:
            with transaction.atomic():
                _database_restore(archive, report)
                report.files = files.write_all(archive)
        except BaseException:
            files.undo()
            raise
        files.done()
    page_cache.content_changed()
    return report
