"""discrepancy: find where news reports about one event disagree.

    >>> import discrepancy
    >>> report = discrepancy.check(["fixtures/seeds"])      # doctest: +SKIP

The heavy parts (pandas, dateparser, quantulum3) load on first use, so importing the
package and ``discrepancy --help`` stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["check", "Report", "Finding", "Article", "InputError", "__version__"]

if TYPE_CHECKING:
    from .api import check
    from .articles import InputError
    from .model import Article, Finding, Report


def __getattr__(name: str) -> Any:
    if name == "check":
        from .api import check

        return check
    if name == "InputError":
        from .articles import InputError

        return InputError
    if name in ("Report", "Finding", "Article"):
        from . import model

        return getattr(model, name)
    raise AttributeError(f"module 'discrepancy' has no attribute {name!r}")
