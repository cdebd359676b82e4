"""The English catalogue is complete and covers every template message; the .mo is compiled from the .po."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

from django.utils.translation.template import templatize

import linghuo

LC_MESSAGES = Path(linghuo.__file__).parent / "locale" / "en" / "LC_MESSAGES"
TEMPLATES = sorted(Path(linghuo.__file__).parent.glob("*/templates/**/*.html"))
GETTEXT_CALL = re.compile(r"\bgettext\(u?('(?:[^'\\]|\\.)*')\)")
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


def template_messages(path: Path) -> set[str]:
    """The msgids a template's ``{% translate %}`` and ``{% blocktranslate %}`` tags ask for."""
    code = templatize(path.read_text("utf-8"), origin=str(path))
    return {ast.literal_eval(match.group(1)) for match in GETTEXT_CALL.finditer(code)}


def test_it_reads_the_messages_of_a_template() -> None:
    base = next(path for path in TEMPLATES if path.name == "base.html")
    messages = template_messages(base)
    assert {"首页", "我的政策", "人员", "抽查", "统计"} <= messages
    assert any("%(number)s" in message for message in messages)  # a blocktranslate with a variable


def test_it_has_english_for_every_template_message() -> None:
    entries = po_entries()
    missing = {
        f"{path.relative_to(LC_MESSAGES.parents[2])}: {message}"
        for path in TEMPLATES
        for message in template_messages(path)
        if not entries.get(message)
    }
    assert sorted(missing) == []
