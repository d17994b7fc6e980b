"""piiscan: triage leaked data dumps for French personal data, at dump scale.

>>> import piiscan
>>> report = piiscan.scan_bytes("nom;email\\nDUPONT;jean.dupont@exemple.fr\\n".encode())
>>> report.count("EMAIL_ADDRESS"), report.count("PERSON")
(1, 1)

The heavy parts (numba kernels, pyarrow, the pack) load on first use, so `import piiscan` stays fast and
never imports Presidio or spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Finding",
    "Report",
    "ScanOptions",
    "ScanStream",
    "__version__",
    "open_scan",
    "recognizers",
    "scan",
    "scan_bytes",
    "scan_text",
]

if TYPE_CHECKING:
    from piiscan.api import Finding, Report, ScanStream, open_scan, recognizers, scan, scan_bytes, scan_text
    from piiscan.scanner import ScanOptions

_LAZY = {
    "Finding": "piiscan.api",
    "Report": "piiscan.api",
    "ScanStream": "piiscan.api",
    "open_scan": "piiscan.api",
    "recognizers": "piiscan.api",
    "scan": "piiscan.api",
    "scan_bytes": "piiscan.api",
    "scan_text": "piiscan.api",
    "ScanOptions": "piiscan.scanner",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'piiscan' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
