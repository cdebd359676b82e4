"""Personal data at rest: encryption, keyed lookup hashes and masking.

ID numbers and mobile numbers are stored encrypted (Fernet: AES-128-CBC with HMAC-SHA256) and,
for lookup and de-duplication, as a keyed hash (HMAC-SHA256) that cannot be reversed without the key.
Both keys derive from the ``FIELD_ENCRYPTION_KEY`` setting (``LINGHUO_FIELD_KEY``) with HKDF, so one
secret is configured and the two uses never share a key.

Rotating the key: the new secret becomes ``LINGHUO_FIELD_KEY`` and the old one moves to
``LINGHUO_FIELD_KEY_PREVIOUS`` (``FIELD_ENCRYPTION_KEYS_PREVIOUS``, a comma-separated list); ``decrypt``
then reads values written under either, and ``linghuo keys rotate`` (``linghuo.key_rotation``) rewrites
every stored value and lookup hash under the new key, after which the old key can be dropped.

>>> mask_id_number("320706199001011234")
'3207**********1234'
>>> mask_mobile("13812345678")
'138****5678'
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class DecryptionError(ValueError):
    """A stored value cannot be decrypted with the configured key."""


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"linghuo", info=purpose).derive(secret.encode())


@cache
def _keys(secret: str) -> tuple[Fernet, bytes]:
    fernet = Fernet(base64.urlsafe_b64encode(_derive(secret, b"field-encryption")))
    return fernet, _derive(secret, b"lookup-hash")


def _secret() -> str:
    from django.conf import settings

    return str(settings.FIELD_ENCRYPTION_KEY)


def _previous_secrets() -> tuple[str, ...]:
    from django.conf import settings

    return tuple(str(key) for key in getattr(settings, "FIELD_ENCRYPTION_KEYS_PREVIOUS", ()))


@cache
def _readers(secrets: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_keys(secret)[0] for secret in secrets])


def encrypt(value: str, *, secret: str | None = None) -> str:
    fernet, _ = _keys(secret or _secret())
    return fernet.encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str, *, secret: str | None = None) -> str:
    """The value of ``token``, written under the current key or, during a rotation, a previous one."""
    reader = _readers((secret,) if secret else (_secret(), *_previous_secrets()))
    try:
        return reader.decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise DecryptionError(
            "个人信息无法解密：密钥不符 / personal data cannot be decrypted: wrong key"
        ) from exc


def lookup_hash(value: str, *, secret: str | None = None) -> str:
    """A keyed, deterministic hash for equality lookups (hex, 64 characters)."""
    _, key = _keys(secret or _secret())
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def mask_id_number(value: str) -> str:
    """Keep the first 4 and last 4 characters of an ID number."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_name(value: str) -> str:
    """Keep the first and last character of a name (the first only of a two-character one), as
    published in a public disclosure (公示).

    >>> mask_name("王小梅"), mask_name("王梅"), mask_name("欧阳小梅")
    ('王*梅', '王*', '欧**梅')
    """
    name = value.strip()
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_mobile(value: str) -> str:
    """Keep the first 3 and last 4 digits of a mobile number."""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
