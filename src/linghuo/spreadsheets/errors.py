"""The two kinds of failure while reading an uploaded table.

A whole file can be refused (too large, not a spreadsheet, wrong columns): ``FileRejectedError``, raised
before any row is accepted — or, for damage found half-way through a stream, while iterating. A
single cell can be wrong: ``CellError``, caught per field and turned into a row error.
"""

from __future__ import annotations


class FileRejectedError(ValueError):
    """The file as a whole cannot be read; ``message`` is for the person who uploaded it (Chinese,
    with an English gloss for CLI and API users)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FileTooLargeError(FileRejectedError):
    """The file is larger than an upload may be (the API answers 413 Content Too Large)."""


class CellError(ValueError):
    """One cell's value is unusable; ``reason`` says why, in Chinese (``english``: the same in English,
    where a rule is shared with forms and the API, else empty)."""

    def __init__(self, reason: str, english: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.english = english
