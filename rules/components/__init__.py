"""Checkpost's spaCy components; importing this package registers their factories by name."""
from . import checks, context, report  # noqa: F401
