"""`python -m generator` is the same as the `leaflets` command."""

from generator.cli import run

run()
