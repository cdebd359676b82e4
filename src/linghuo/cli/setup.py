"""Setting Django up for a command that needs the database (the rules and population commands never do)."""

from __future__ import annotations

import os


def django_setup() -> None:
    """Configure Django for a command that needs the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linghuo.config.settings")
    import django

    django.setup()
