"""The table of the database cache (``CACHES`` in the settings), where the rate limits keep their counters.

``createcachetable`` makes the table of every database cache in ``CACHES`` that is missing and leaves an
existing one alone, so running it again (a later ``migrate``, a renamed table) is harmless.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    initial = True
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
