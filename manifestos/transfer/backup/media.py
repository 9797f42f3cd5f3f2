"""The uploaded files in a backup, always through Django's storage API (never the folder
itself), so a backup reads and a restore writes object storage the same way.

A restore writes the files inside the database transaction and `MediaRestore.undo()`
takes them back when anything fails, commit included: a failed restore leaves the
storage as it found it.
"""

import hashlib
import tempfile

from django.core.files.base import ContentFile, File

from .archive import CHUNK, MEDIA_PREFIX, BackupError


def media_names(storage, folder=""):
    """Every file in `storage`, by its name there, sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    prefix = f"{folder}/" if folder else ""
    names = [prefix + name for name in files]
    for sub in folders:
        names += media_names(storage, prefix + sub)
    return sorted(names)


def media_export(writer, storage):
    """Copy every file of `storage` into the archive; returns how many and their bytes."""
    count = size = 0
    for name in media_names(storage):
        with storage.open(name, "rb") as source:
            writer.add_file(MEDIA_PREFIX + name, source)
        count += 1
        size += writer.members[MEDIA_PREFIX + name]["size"]
    return count, size


def _checksum(storage, name):
    digest = hashlib.sha256()
    with storage.open(name, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_clashes(archive, storage):
    """Files of the archive that the storage holds under the same name with other content."""
    return [
        name
        for name in archive.media_names()
        if storage.exists(name) and _checksum(storage, name) != archive.media_checksum(name)
    ]


class MediaRestore:
    """Writes the archive's files under their own names and remembers how to undo that."""

    def __init__(self, storage):
        self.storage = storage
        self.created = []
        # name → a temporary copy of the file that was replaced
        self.replaced = {}

    def write_all(self, archive):
        names = archive.media_names()
        for name in names:
            try:
                self._write(name, archive)
            except OSError as exc:
                raise BackupError(
                    f"Het bestand {name} kon niet worden geschreven: {exc.strerror or exc}."
                ) from exc
        return len(names)

    def _write(self, name, archive):
        if self.storage.exists(name):
            if _checksum(self.storage, name) == archive.media_checksum(name):
                return
            self._keep(name)
            self.storage.delete(name)
        saved = self.storage.save(name, ContentFile(archive.media_read(name)))
        self.created.append(saved)
        if saved != name:
            raise BackupError(
                f"{name}: de opslag bewaarde het bestand onder een andere naam ({saved})."
            )

    def _keep(self, name):
        # Closed by done() or undo(), whichever ends the restore.
        copy = tempfile.SpooledTemporaryFile(max_size=CHUNK)  # noqa: SIM115
        with self.storage.open(name, "rb") as file:
            while chunk := file.read(CHUNK):
                copy.write(chunk)
        self.replaced[name] = copy

    def done(self):
        """The restore succeeded: the copies of replaced files are no longer needed."""
        for copy in self.replaced.values():
            copy.close()
        self.created, self.replaced = [], {}

    def undo(self):
        for name in reversed(self.created):
            self.storage.delete(name)
        for name, copy in self.replaced.items():
            copy.seek(0)
            self.storage.save(name, File(copy, name=name))
            copy.close()
        self.created, self.replaced = [], {}
