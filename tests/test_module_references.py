"""Comments and docstrings name modules that exist: every dotted ``linghuo.…`` path under src/linghuo is a
module, or a module and a name it defines at its top level (a function, class, constant or import)."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

import linghuo

SOURCE = Path(linghuo.__file__).parent
REFERENCE = re.compile(r"\blinghuo(?:\.[A-Za-z_]\w*)+")


def _module_file(parts: list[str]) -> Path | None:
    path = SOURCE.parent.joinpath(*parts)
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    return path.with_suffix(".py") if path.with_suffix(".py").is_file() else None


def _top_level_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def _prose(source: str) -> Iterator[tuple[int, str]]:
    """The comments and docstrings of a module, with their line numbers."""
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            docstring = ast.get_docstring(node, clean=False)
            if docstring:
                yield node.body[0].lineno, docstring


def _unknown_references(path: Path) -> list[str]:
    unknown = []
    for line, text in _prose(path.read_text(encoding="utf-8")):
        for match in REFERENCE.finditer(text):
            parts = match.group(0).split(".")
            known = len(parts)
            while known > 1 and _module_file(parts[:known]) is None:
                known -= 1
            module = _module_file(parts[:known])
            if module is None or (known < len(parts) and parts[known] not in _top_level_names(module)):
                unknown.append(f"{path.name}:{line}: {match.group(0)}")
    return unknown


def test_it_names_only_modules_that_exist_in_comments_and_docstrings() -> None:
    unknown = [problem for path in sorted(SOURCE.rglob("*.py")) for problem in _unknown_references(path)]
    assert unknown == []


def test_the_scan_catches_a_module_or_a_name_that_does_not_exist(tmp_path: Path) -> None:
    module = tmp_path / "example.py"
    module.write_text(
        '"""Uses ``linghuo.personal_data.encrypt`` and ``linghuo.registry.crypto``."""\n\n'
        "# see linghuo.personal_data.decrypt_all and linghuo.divisions\n"
        'TEXT = "linghuo.nowhere in a string is not prose"\n',
        encoding="utf-8",
    )
    assert _unknown_references(module) == [
        "example.py:3: linghuo.personal_data.decrypt_all",
        "example.py:1: linghuo.registry.crypto",
    ]
