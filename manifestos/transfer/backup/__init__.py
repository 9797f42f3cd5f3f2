"""Backup and restore of the whole site: `manage.py backup FILE` and `manage.py restore FILE`.

Part of the transfer room, since a backup carries the content document of the
export (docs/content-format.md) and a restore writes it through the import. Around
it, one zip archive holds what the document leaves out: each object's database id,
the accounts (password hashes, groups, flags) and which contact card each belongs
to, the change history, and every uploaded file, each member with a SHA-256
checksum in the archive's manifest.

- `archive.py`: the archive, its manifest, and checking it before anything is restored
- `ids.py`: which id each content object had, so the restore gives it the same one
- `records.py`: accounts and history through Django's serializers; what is left out
- `media.py`: the uploaded files, through Django's storage API
- `write.py`: `backup_write(path)`
- `restore.py`: `backup_restore(path, replace=…)`, into an empty database, all or nothing
"""
