"""The English catalogue is complete, and the committed .mo is compiled from the committed .po."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import linghuo

LC_MESSAGES = Path(linghuo.__file__).parent / "locale" / "en" / "LC_MESSAGES"
ENTRY = re.compile(r'^msgid ((?:"[^\n]*"\n)+)msgstr ((?:"[^\n]*"\n?)+)', re.MULTILINE)


def _join(lines: str) -> str:
    return "".join(ast.literal_eval(line) for line in lines.split("\n") if line.strip())


def po_entries() -> dict[str, str]:
    """msgid → msgstr of the English .po, header left out."""
    text = (LC_MESSAGES / "django.po").read_text("utf-8")
    entries = {_join(m.group(1)): _join(m.group(2)) for m in ENTRY.finditer(text)}
    entries.pop("", None)
    return entries


def test_it_translates_every_message() -> None:
    entries = po_entries()
    assert len(entries) > 40
    assert [msgid for msgid, msgstr in entries.items() if not msgstr] == []


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    with (LC_MESSAGES / "django.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for msgid, msgstr in po_entries().items():
        assert compiled.gettext(msgid) == msgstr, f"django.mo is stale for {msgid!r}: run compilemessages"
