"""Patient leaflets that clinics can trust in any language.

The pipeline, one package per step:

    content/   load and validate leaflet YAML (the single source of truth)
    localize/  catalogs, placeholders, locale-aware numbers
    scripts/   fonts per writing system, shaping, right-to-left text
    layout/    styles (as data) and the flowables a leaflet is made of
    render/    PDF output: page furniture, metadata, atomic writes
    quiz/      one quiz model, one writer per output format
    cli.py     the `leaflets` command
"""

__version__ = "0.1.0"
