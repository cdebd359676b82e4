"""Clients for the web pages: a visitor who chose English with the language switch."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client


@pytest.fixture
def english_client(client: Client) -> Client:
    """A visitor who chose English (the cookie ``set_language`` leaves)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
