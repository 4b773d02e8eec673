"""Checkpost's spaCy components; importing this package registers their factories by name."""
from . import context, length, patterns, personal_data, report, shouting, signal, style  # noqa: F401
