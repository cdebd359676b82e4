"""The errors of benefits' services: each says what is wrong in Chinese and in English."""

from __future__ import annotations


class BenefitsError(Exception):
    """A request the rules refuse (``status`` is the HTTP answer the API gives it)."""

    status = 400

    def __init__(self, chinese: str, english: str) -> None:
        super().__init__(f"{chinese} / {english}")
        self.chinese, self.english = chinese, english


class NotAllowedError(BenefitsError):
    """The user may not act on this object (a role, a district, or somebody else's offer)."""

    status = 403


class MakerCheckerError(BenefitsError):
    """The checker is the maker: the one who prepared a case neither approves nor rejects it, and the
    first decider does not decide its reconsideration."""

    status = 403


class ConflictError(BenefitsError):
    """The object is no longer in a state that allows this (answered, expired, decided)."""

    status = 409
