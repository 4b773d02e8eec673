"""Rewrites rules/data/clauses.json for the built-in packs (rules/clauses.py says why it exists):

    python -m rules.write_clauses

A module of its own so that `python -m` runs it fresh: rules/clauses.py is imported with the
package, and running it as `__main__` too would load it twice.
"""
from __future__ import annotations

import json
import sys

from .clauses import TABLE, shipped_sources, worked_out


def main() -> int:
    table = worked_out(shipped_sources())
    TABLE.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(table)} expressions' clauses to {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
