"""Why a screening run cannot go on: one error class, its message in Chinese and English."""

from __future__ import annotations


class ScreeningError(ValueError):
    """The input, the date or the rules refuse a screening run (message: Chinese / English)."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh, self.en = zh, en
        super().__init__(f"{zh} / {en}")


class SampleMismatchError(ScreeningError):
    """A sampled row's batch result differs from what ``evaluate_one`` decides for it."""
