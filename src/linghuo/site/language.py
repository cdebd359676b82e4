"""The interface language: Chinese unless the visitor chose English with the language switch."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from linghuo import bilingual


def chosen_language(request: HttpRequest) -> str:
    """The language the visitor chose (the ``set_language`` cookie), else the site's language.

    The browser's Accept-Language is deliberately not consulted: the platform speaks Chinese to everyone
    who has not asked for English.
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen:
        try:
            return translation.get_supported_language_variant(chosen)
        except LookupError:
            pass
    return str(settings.LANGUAGE_CODE)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, activating :func:`chosen_language` instead of guessing from headers."""

    def process_request(self, request: HttpRequest) -> None:
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


def is_english() -> bool:
    """Whether the active language (the request's, once the middleware ran) is English."""
    return (translation.get_language() or "").lower().startswith("en")


def in_active_language(text: object) -> str:
    """The half of a bilingual "中文 / English" message (``linghuo.bilingual``) for the active language."""
    return bilingual.in_language(str(text), translation.get_language() or str(settings.LANGUAGE_CODE))


def chinese_or_english(zh: str, en: str) -> str:
    """``en`` in English, ``zh`` otherwise: for the rules engine's pairs (``title``/``title_en``, …)."""
    return en if is_english() and en else zh
