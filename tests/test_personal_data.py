"""Personal data is encrypted at rest, found by a keyed hash and shown masked."""

from __future__ import annotations

import pytest

from linghuo import personal_data


def test_it_round_trips_and_never_stores_the_clear_value() -> None:
    token = personal_data.encrypt("320706199001011234", secret="k1")
    assert "320706199001011234" not in token
    assert personal_data.decrypt(token, secret="k1") == "320706199001011234"


def test_it_refuses_to_decrypt_with_another_key() -> None:
    token = personal_data.encrypt("13812345678", secret="k1")
    with pytest.raises(personal_data.DecryptionError, match="密钥"):
        personal_data.decrypt(token, secret="k2")


def test_it_hashes_deterministically_per_key() -> None:
    a = personal_data.lookup_hash("13812345678", secret="k1")
    assert a == personal_data.lookup_hash("13812345678", secret="k1")
    assert a != personal_data.lookup_hash("13812345678", secret="k2")
    assert a != personal_data.lookup_hash("13812345679", secret="k1")


def test_it_masks_as_the_bureau_prints_them() -> None:
    assert personal_data.mask_id_number("32070619900101123X") == "3207**********123X"
    assert personal_data.mask_mobile("13812345678") == "138****5678"
    assert personal_data.mask_mobile("123") == "***"
