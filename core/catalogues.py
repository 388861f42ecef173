"""Compiled message catalogues (.mo) made from the .po files in Python, with polib.

The site needs nothing beyond Python to run in English: the .mo files are committed, and
``manage.py compile_catalogues`` rebuilds them from the .po files without GNU gettext.
``tests/test_catalogue.py`` fails when a committed .mo no longer matches its .po.
"""

from pathlib import Path

import polib


def catalogues(locale_dirs):
    """Every catalogue (django.po, and djangojs.po for the admin's scripts) under the given
    locale directories."""
    for directory in locale_dirs:
        yield from sorted(Path(directory).glob("*/LC_MESSAGES/*.po"))


def compiled(po_path):
    """The .mo bytes of a .po file (untranslated and fuzzy entries left out, as msgfmt does)."""
    catalogue = polib.pofile(str(po_path))
    mo_path = Path(po_path).with_suffix(".mo.tmp")
    try:
        catalogue.save_as_mofile(str(mo_path))
        return mo_path.read_bytes()
    finally:
        mo_path.unlink(missing_ok=True)


def compile_all(locale_dirs):
    """Write each catalogue's .mo beside its .po; returns the paths written."""
    written = []
    for po_path in catalogues(locale_dirs):
        mo_path = po_path.with_suffix(".mo")
        mo_path.write_bytes(compiled(po_path))
        written.append(mo_path)
    return written
