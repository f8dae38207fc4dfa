"""The translation workflow: extract, init, update, compile, status, check, pseudo-locales.

One module per step, all built on Babel's own catalog machinery:

    extract.py   Babel extractors (leaflet YAML, quiz YAML, generator UI strings) and the
                 in-memory templates (.pot) the other steps start from
    comments.py  what a translator is told about each string (kind, placeholders, limits)
    templates.py templates extracted now, written to locales/templates/ when they change
    pofiles.py   reading and writing catalogs the same way every time (atomic, stable)
    update.py    `init` and `update`: merge templates into catalogs without losing work
    checks.py    translation checks (also run by `leaflets check`)
    status.py    counts per locale and domain, review state
    compile.py   .mo files for other gettext tools
    pseudo.py    en-XA / ar-XB pseudo-locales, made in memory for test builds

The generator itself only reads .po files (generator.localize.catalogs); only `init` and
`update` write them.
"""
