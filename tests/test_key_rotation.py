"""Rotating the field key: every stored ID and mobile number is rewritten under the new key, nothing lost."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from django.test import override_settings

from linghuo import personal_data
from linghuo.accounts.models import User
from linghuo.audit.models import AuditEntry
from linghuo.cli import cli
from linghuo.registry.models import Person

OLD = "old-field-key-" + "o" * 40
NEW = "new-field-key-" + "n" * 40
ID_NUMBER = "320706199001011234"
MOBILE = "13812345678"


def _stored_under_old_key() -> tuple[Person, User]:
    with override_settings(FIELD_ENCRYPTION_KEY=OLD, FIELD_ENCRYPTION_KEYS_PREVIOUS=[]):
        user = User.objects.create_user(MOBILE, "a-long-password-1", name="张三")
        person = Person(
            name="张三", birth_date=dt.date(1990, 1, 1), sex="male", hukou_division="320706", account=user
        )
        person.set_id_number(ID_NUMBER)
        person.set_mobile(MOBILE)
        person.save()
    return person, user


@pytest.mark.django_db
def test_it_reads_old_values_during_a_rotation_but_finds_them_only_after_it() -> None:
    person, user = _stored_under_old_key()
    with override_settings(FIELD_ENCRYPTION_KEY=NEW, FIELD_ENCRYPTION_KEYS_PREVIOUS=[OLD]):
        assert personal_data.decrypt(Person.objects.get(pk=person.pk).id_number_encrypted) == ID_NUMBER
        assert not User.objects.filter(mobile_hash=personal_data.lookup_hash(MOBILE)).exists()

        result = CliRunner().invoke(cli, ["keys", "rotate"])
        assert result.exit_code == 0, result.output
        assert "registry.Person: 1 行 / rows, 2 个加密值" in result.output

        assert User.objects.get(mobile_hash=personal_data.lookup_hash(MOBILE)).pk == user.pk
        assert Person.objects.get(id_number_hash=personal_data.lookup_hash(ID_NUMBER)).pk == person.pk
    assert AuditEntry.objects.filter(action="field_key_rotated").count() == 1

    # The old key can now be dropped: every value reads under the new key alone.
    with override_settings(FIELD_ENCRYPTION_KEY=NEW, FIELD_ENCRYPTION_KEYS_PREVIOUS=[]):
        stored = Person.objects.get(pk=person.pk)
        assert personal_data.decrypt(stored.id_number_encrypted) == ID_NUMBER
        assert personal_data.decrypt(stored.mobile_encrypted) == MOBILE
        assert personal_data.decrypt(User.objects.get(pk=user.pk).mobile_encrypted) == MOBILE


@pytest.mark.django_db
def test_it_refuses_values_of_a_key_it_was_not_given() -> None:
    person, _ = _stored_under_old_key()
    with override_settings(FIELD_ENCRYPTION_KEY=NEW, FIELD_ENCRYPTION_KEYS_PREVIOUS=[]):
        result = CliRunner().invoke(cli, ["keys", "rotate"])
        assert result.exit_code != 0
        assert isinstance(result.exception, personal_data.DecryptionError)
        # Nothing was half-written: the row still reads under the old key.
    stored = Person.objects.get(pk=person.pk)
    assert personal_data.decrypt(stored.id_number_encrypted, secret=OLD) == ID_NUMBER


def test_every_model_with_encrypted_fields_declares_them_for_rotation() -> None:
    from django.apps import apps

    undeclared = [
        model._meta.label
        for model in apps.get_models()
        if any(field.name.endswith("_encrypted") for field in model._meta.get_fields())
        and set(getattr(model, "PERSONAL_DATA", {}))
        != {field.name for field in model._meta.get_fields() if field.name.endswith("_encrypted")}
    ]
    assert undeclared == []
