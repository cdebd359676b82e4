"""The postings' exact Chinese search index, kept by triggers (market/search.py says which and why): an
FTS5 table of single-character tokens on SQLite, a table of character-bigram tsvectors with a GIN index on
PostgreSQL."""

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from linghuo.market import search


def forwards(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    search.install(schema_editor)


def backwards(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    search.remove(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("market", "0001_postings_applications_profiles")]

    operations = [migrations.RunPython(forwards, backwards)]
