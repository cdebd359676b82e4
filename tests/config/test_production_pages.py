"""Production settings serve every page: collectstatic succeeds, and each page and its assets answer 200."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

# Run under production settings in a fresh process: migrate, one admin, then every page and every
# static asset the pages name, through the manifest storage and WhiteNoise as deployed.
_FETCH_PAGES = r"""
import json, re, sys
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from linghuo.accounts.models import User

call_command("migrate", verbosity=0)
admin = User.objects.create_superuser("13800000001", "a-long-password-1", name="管理员")
public = ["/", "/accounts/login/", "/measures/1/", "/api/v1/docs"]
private = ["/accounts/me/", "/insights/what-if/"]
anonymous, logged_in = Client(), Client()
logged_in.force_login(admin)
results = {}
assets = set()
for client, paths in ((anonymous, public), (logged_in, private)):
    for path in paths:
        response = client.get(path, secure=True, follow=True)
        results[path] = response.status_code
        if response.status_code == 200:
            html = response.content.decode()
            assets.update(re.findall(r'<(?:link|script)[^>]*(?:href|src)="(/static/[^"]+)"', html))
for asset in sorted(assets):
    response = anonymous.get(asset, secure=True)
    results[asset] = response.status_code
print(json.dumps(results))
"""


def _production_env(tmp_path: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LINGHUO_", "DATABASE_URL"))}
    base.update(
        {
            "LINGHUO_ENV": "production",
            "LINGHUO_DATA_DIR": str(tmp_path / "data"),
            "LINGHUO_STATIC_ROOT": str(tmp_path / "static"),
            "LINGHUO_SECRET_KEY": secrets.token_urlsafe(48),
            "LINGHUO_FIELD_KEY": secrets.token_urlsafe(48),
            "LINGHUO_AUDIT_KEY": secrets.token_urlsafe(48),
            "LINGHUO_ALLOWED_HOSTS": "testserver",
            "DJANGO_SETTINGS_MODULE": "linghuo.config.settings",
        }
    )
    return base


def test_it_collects_static_files_and_serves_every_page_in_production(tmp_path: Path) -> None:
    env = _production_env(tmp_path)
    collected = subprocess.run(
        [sys.executable, "-m", "django", "collectstatic", "--noinput"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert collected.returncode == 0, collected.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()

    fetched = subprocess.run(
        [sys.executable, "-c", _FETCH_PAGES], env=env, capture_output=True, text=True, check=False
    )
    assert fetched.returncode == 0, fetched.stderr[-2000:]
    results: dict[str, int] = json.loads(fetched.stdout.strip().splitlines()[-1])
    assert any(path.endswith(".css") for path in results), results
    assert any(path.endswith(".js") for path in results), results
    assert {path: status for path, status in results.items() if status != 200} == {}
