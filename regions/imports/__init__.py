"""Importing regional figures and contacts from a CSV or xlsx file (the admin's "Importeren").

Three steps, each usable on its own:

- `figures_table_read` / `contacts_table_read` read a file into numbered rows
  with `config.tables.table_read`, refusing files that are too big, not UTF-8,
  not a real xlsx or have the wrong columns;
- `figures_plan` / `contacts_plan` check every row against the database and
  say what an import would do, without writing anything;
- `figures_import` / `contacts_import` check again and apply the plan in one
  transaction.

Every problem names its row ("regel", the line of a CSV file or the row of the
sheet) and column, and all problems of a file are reported together; a file
with any problem changes nothing. The column layouts are documented in
`regions/data/README.md`.

- `figures`: regional figures, a set per region, source and reference date;
- `figures_row`: the checks of one row of a figures file;
- `contacts`: contact persons, matched by slug or e-mail address;
- `lookup`: the regions and districts a file names, by CBS code, name or slug.
"""
