"""Reading settings from the environment, failing loudly on a bad value."""

from __future__ import annotations

import math
import os
from collections import Counter
from pathlib import Path


class ConfigurationError(RuntimeError):
    """A setting in the environment is missing or malformed."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be an integer, not {raw!r}") from exc


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE`` (Docker/Kubernetes secrets)."""
    direct = os.environ.get(name)
    if direct:
        return direct
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text("utf-8").strip()
        except OSError as exc:
            raise ConfigurationError(f"{name}_FILE={path!r} cannot be read: {exc}") from exc
    return None


def env_secrets(name: str) -> list[str]:
    """Several secrets from ``NAME`` (comma-separated) or the file named by ``NAME_FILE`` (one a line)."""
    raw = env_secret(name) or ""
    return [item.strip() for item in raw.replace("\n", ",").split(",") if item.strip()]


# A production key: at least this many characters, and at least this many bits by a Shannon estimate over its
# characters (a key of repeated or few distinct characters is refused, however long).
MIN_SECRET_LENGTH = 32
MIN_SECRET_BITS = 128
_GOOD_KEY_COMMAND = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'


def estimated_bits(value: str) -> float:
    """A simple Shannon estimate of a key's entropy: its length times its character frequencies' entropy."""
    if not value:
        return 0.0
    counts = Counter(value)
    per_character = -sum((n / len(value)) * math.log2(n / len(value)) for n in counts.values())
    return per_character * len(value)


def require_strong_secret(name: str, value: str) -> str:
    """Refuse a short or low-entropy key, naming the variable and how to make a good one."""
    if len(value) < MIN_SECRET_LENGTH:
        problem = f"is {len(value)} characters long; at least {MIN_SECRET_LENGTH} are required"
    elif estimated_bits(value) < MIN_SECRET_BITS:
        problem = (
            f"is too predictable (about {estimated_bits(value):.0f} bits estimated from its characters; "
            f"at least {MIN_SECRET_BITS} are required)"
        )
    else:
        return value
    raise ConfigurationError(
        f"{name} {problem}. Make a random key with: {_GOOD_KEY_COMMAND} "
        f"(and set it as {name} or in the file named by {name}_FILE)"
    )
