"""``python -m discrepancy``: the same command as ``discrepancy``."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    main(prog_name="discrepancy")
