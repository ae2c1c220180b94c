"""Helpers shared by the Python end-to-end tests (tests/e2e/*.py).

They collect failures instead of stopping at the first one, so a run shows
everything that is wrong at once; each test exits non-zero at the end when
`failures` is not empty.
"""
import shutil

failures = []


def check(cond, msg):
    """Records msg as a failure when cond is false; returns cond."""
    if not cond:
        failures.append(msg)
        print("FALLO:", msg)
    return cond


def soffice():
    """Path of LibreOffice's command, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    return None
