"""Render: page furniture, PDF metadata and safe (atomic) output files."""
