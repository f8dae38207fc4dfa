"""Patient leaflets that clinics can trust in any language.

The pipeline, one layer per package, each importing only from the layers above it in
this list (checked by import-linter: .importlinter):

    errors.py, files.py   the error users see and findings; bounded reads, atomic writes
    regexcache.py         compiled regular expressions kept per machine (seeded below)
    content/   leaflet and clinic YAML (the single source of truth), inline markup,
               clinical review records
    localize/  catalogs, CLDR numbers, translation review ledger, pseudo-locales, and
               whether a locale may be printed
    scripts/   the font registry, shaping, right-to-left and CJK line breaking
    layout/    style sheets and papers as data, the flowables of a leaflet, PDF tagging
    render/    PDF files: leaflets, page furniture, the clinical review packet
    quiz/ web/ quizzes (one model, one writer per format); the web edition
    i18n/      translator tools: extract, update, check, status, XLIFF review round trip
    checks/    `leaflets check`
    build/     a Project, jobs and their kinds, the runner (parallel, incremental), the
               index pages of the out folder
    commands/  one module per command; cli/ parses arguments and runs one of them

A build: commands.build plans jobs (build.jobs) -> build.runner decides from file hashes
what is out of date (build.cache) -> each job's kind (build.kinds) loads content and
catalogs, lays the leaflet out and renders it -> the file is written atomically.
"""

import importlib

from generator import regexcache

__version__ = "0.1.0"

# before anything imports ReportLab or PyYAML: their slowest patterns, compiled before on
# this machine (regexcache says how, and why it is safe)
regexcache.seed()


def resolve(name: str):
    """The object a "module:attr" name points to, its module imported on first use (the
    tables of commands, job kinds and checks name their functions so)."""
    module, _, attr = name.partition(":")
    return getattr(importlib.import_module(module), attr)
