"""The errors of the market's services: each says what is wrong in Chinese and in English."""

from __future__ import annotations


class MarketError(Exception):
    """A request the market refuses (``status`` is the HTTP answer the API gives it)."""

    status = 400

    def __init__(self, chinese: str, english: str) -> None:
        super().__init__(f"{chinese} / {english}")
        self.chinese, self.english = chinese, english


class NotAllowedError(MarketError):
    """The user may not act on this posting or application."""

    status = 403


class ConflictError(MarketError):
    """The posting or application is no longer in a state that allows this."""

    status = 409


class TooManyError(MarketError):
    """Too many postings or applications in the window (a rate limit)."""

    status = 429

    def __init__(self, chinese: str, english: str, *, retry_after: int) -> None:
        super().__init__(chinese, english)
        self.retry_after = retry_after
