"""Baselines: findings a desk has already reviewed, recorded by stable id, so CI fails
only on new ones (``--baseline FILE``; ``--write-baseline FILE`` records the current ones)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from .articles import InputError
from .model import Finding

SCHEMA = "discrepancy/baseline@1"


def dumps(findings: Iterable[Finding]) -> str:
    """The baseline file's text: one entry per finding, sorted by id, readable in a diff."""
    entries = sorted(
        (
            {"id": f.id, "kind": f.kind, "severity": f.severity, "subject": f.subject, "message": f.message}
            for f in findings
        ),
        key=lambda e: e["id"],
    )
    return json.dumps({"schema": SCHEMA, "findings": entries}, indent=2, ensure_ascii=False) + "\n"


def load(path: str | Path) -> frozenset[str]:
    """The finding ids recorded in a baseline file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"--baseline {path}: no such file (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"--baseline {path}: not a baseline file ({exc})") from None
    if (
        not isinstance(data, dict)
        or data.get("schema") != SCHEMA
        or not isinstance(data.get("findings"), list)
    ):
        raise InputError(f"--baseline {path}: not a {SCHEMA} file (write one with --write-baseline)")
    ids = [e.get("id") for e in data["findings"] if isinstance(e, dict)]
    strings = [i for i in ids if isinstance(i, str)]
    if len(strings) != len(ids):
        raise InputError(f'--baseline {path}: every entry needs a string "id"')
    return frozenset(strings)
