"""Settings come from the environment; production settings pass Django's deployment checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from linghuo.config.env import ConfigurationError, env_bool, env_int, env_list, env_secret


def _run_manage(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LINGHUO_", "DATABASE_URL"))}
    base.update({"LINGHUO_DATA_DIR": str(tmp_path / "data"), **env})
    return subprocess.run(
        [sys.executable, "-m", "django", *args, "--settings", "linghuo.config.settings"],
        env=base,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_passes_the_deployment_checks_in_production(tmp_path: Path) -> None:
    result = _run_manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "LINGHUO_ENV": "production",
            "LINGHUO_SECRET_KEY": "x" * 30 + "Qz9!kP2#mW7$vB4^nR6&tY8*uI0(oL1)",
            "LINGHUO_FIELD_KEY": secrets.token_urlsafe(48),
            "LINGHUO_AUDIT_KEY": secrets.token_urlsafe(48),
            "LINGHUO_ALLOWED_HOSTS": "linghuo.example.gov.cn",
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_production_without_a_secret_key(tmp_path: Path) -> None:
    result = _run_manage(
        ["check"],
        {"LINGHUO_ENV": "production", "LINGHUO_ALLOWED_HOSTS": "linghuo.example.gov.cn"},
        tmp_path,
    )
    assert result.returncode != 0
    assert "LINGHUO_SECRET_KEY" in result.stderr


_HOSTS = {"LINGHUO_ALLOWED_HOSTS": "linghuo.example.gov.cn"}


@pytest.mark.parametrize("variable", ["LINGHUO_FIELD_KEY", "LINGHUO_SECRET_KEY", "LINGHUO_AUDIT_KEY"])
@pytest.mark.parametrize("weak", ["x", "a" * 80, "ab" * 40, "field-key-for-the-check"])
def test_it_refuses_a_short_or_predictable_key_in_production(
    tmp_path: Path, variable: str, weak: str
) -> None:
    keys = {
        name: secrets.token_urlsafe(48)
        for name in ("LINGHUO_FIELD_KEY", "LINGHUO_SECRET_KEY", "LINGHUO_AUDIT_KEY")
    }
    result = _run_manage(["check"], {"LINGHUO_ENV": "production", **_HOSTS, **keys, variable: weak}, tmp_path)
    assert result.returncode != 0
    assert "ConfigurationError" in result.stderr
    assert variable in result.stderr
    assert "secrets.token_urlsafe(48)" in result.stderr


def test_it_refuses_a_weak_key_read_from_a_file(tmp_path: Path) -> None:
    key_file = tmp_path / "field_key"
    key_file.write_text("a" * 64 + "\n")
    env = {"LINGHUO_ENV": "production", **_HOSTS, "LINGHUO_SECRET_KEY": secrets.token_urlsafe(48)}
    result = _run_manage(["check"], {**env, "LINGHUO_FIELD_KEY_FILE": str(key_file)}, tmp_path)
    assert result.returncode != 0
    assert "LINGHUO_FIELD_KEY" in result.stderr


def test_it_accepts_generated_keys_in_production(tmp_path: Path) -> None:
    keys = {
        name: secrets.token_urlsafe(48)
        for name in ("LINGHUO_FIELD_KEY", "LINGHUO_SECRET_KEY", "LINGHUO_AUDIT_KEY")
    }
    result = _run_manage(["check"], {"LINGHUO_ENV": "production", **_HOSTS, **keys}, tmp_path)
    assert result.returncode == 0, result.stderr


def test_it_keeps_a_short_key_outside_production(tmp_path: Path) -> None:
    result = _run_manage(["check"], {"LINGHUO_ENV": "development", "LINGHUO_FIELD_KEY": "x"}, tmp_path)
    assert result.returncode == 0, result.stderr


def test_it_reads_a_secret_from_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file\n")
    monkeypatch.delenv("LINGHUO_TEST_SECRET", raising=False)
    monkeypatch.setenv("LINGHUO_TEST_SECRET_FILE", str(secret_file))
    assert env_secret("LINGHUO_TEST_SECRET") == "from-a-file"


def test_it_fails_loudly_on_a_malformed_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINGHUO_X_BOOL", "maybe")
    monkeypatch.setenv("LINGHUO_X_INT", "five")
    with pytest.raises(ConfigurationError, match="LINGHUO_X_BOOL"):
        env_bool("LINGHUO_X_BOOL")
    with pytest.raises(ConfigurationError, match="LINGHUO_X_INT"):
        env_int("LINGHUO_X_INT", 1)


def test_it_splits_lists_and_keeps_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINGHUO_X_LIST", " a.example , b.example ,")
    assert env_list("LINGHUO_X_LIST", []) == ["a.example", "b.example"]
    monkeypatch.delenv("LINGHUO_X_MISSING", raising=False)
    assert env_list("LINGHUO_X_MISSING", ["d"]) == ["d"]


def test_it_hashes_passwords_with_argon2_first() -> None:
    # the settings module as configured (the test fixtures swap in a fast hasher at run time)
    from linghuo.config import settings as configured

    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_it_still_accepts_values_signed_under_a_previous_secret_key(tmp_path: Path) -> None:
    from django.core import signing

    old, new = secrets.token_urlsafe(48), secrets.token_urlsafe(48)
    token = signing.dumps("会话", key=old)
    script = f"from django.core import signing; print(signing.loads({token!r}))"
    rotating = _run_manage(
        ["shell", "-c", script], {"LINGHUO_SECRET_KEY": new, "LINGHUO_SECRET_KEY_PREVIOUS": old}, tmp_path
    )
    assert rotating.returncode == 0, rotating.stderr
    assert rotating.stdout.strip().splitlines()[-1] == "会话"
    dropped = _run_manage(["shell", "-c", script], {"LINGHUO_SECRET_KEY": new}, tmp_path)
    assert "BadSignature" in dropped.stderr
