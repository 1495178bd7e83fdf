"""Bringing a programme in, one module per part (docs/architecture.md, "Bringing a
programme in"):

programme (`programme_import`: one import, all or nothing, its sheets in order), run (one
pass over a workbook: what it did per sheet and row, the references it resolves and makes,
what every writer shares) and a writer per kind of record: households, groups (groups and
their members), matches, activities (the year's logs) and scores. Import from the module:
`from samenhier.imports.services.programme import programme_import`.
"""
