"""Content in and out of the database: the JSON export and import, and the demo content.

A room of the manifestos app like lobby/ and api/: it reads the core's models (and
through them the lobby's), the core never imports it; the management commands
`export_content`, `import_content`, `load_demo_content`, `backup` and `restore` are its
front door.

All content fits in one JSON document, described in `docs/content-format.md`:
the register, contacts, figures, campaigns, editions, themes, recommendations and
the parties, with natural keys (CBS codes, slugs, positions) instead of database
ids. An import checks a document completely and writes it in one transaction, so
a bad document changes nothing.

Deliberately not in the document: user accounts (and so a contact's link to
one: accounts belong to an environment) and the change history. Who recorded a
party's stage is written as a username and linked again to the account with that
username on import, if there is one. Uploaded files (photos, flyers, reactions)
are referenced by their name in the media storage only.

One file per concern:

- `format.py`: the format's name and version, which fields of each model the
  document carries (and which it leaves out), the error and report of an import
- `values.py`: how one value is written and read back (by field type; scopes)
- `readers.py`, `document.py`: reading and checking a document, older versions
  included, finding every problem in one pass
- `export.py`: `content_export()`
- `importer.py`: `content_import(data=…, replace=…)`
- `parties.py`: the lobby's part (parties and adoptions): written, read, written back
- `demo.py`: `demo_content_load()`, the real material in `manifestos/demo/*.toml`
- `backup/`: backup and restore of the whole site (the document plus accounts, history,
  ids and files), the commands `backup` and `restore`
"""
