"""Production settings refuse to start without what they need; development needs nothing."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-for-this-test-only-0123456789",
    "ALLOWED_HOSTS": "kyodo.example.jp",
    "DATABASE_URL": "postgres://kyodo@127.0.0.1:5432/kyodo",
    "PUBLIC_BASE_URL": "https://kyodo.example.jp",
}


def run_check(settings_module, extra_env, code="print('started')"):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION_ENV and key != "DJANGO_SETTINGS_MODULE"
    }
    env.update(extra_env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_its_variables():
    result = run_check("cms.settings.production", {})
    assert result.returncode != 0
    assert (
        "Production settings need these environment variables: "
        "SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, PUBLIC_BASE_URL"
    ) in result.stderr


def test_production_names_only_the_missing_variable():
    result = run_check(
        "cms.settings.production", {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    )
    assert "environment variables: SECRET_KEY\n" in result.stderr


def test_production_starts_with_its_variables():
    result = run_check("cms.settings.production", PRODUCTION_ENV)
    assert (result.returncode, result.stdout.strip()) == (0, "started")


def test_development_starts_with_no_variables():
    result = run_check("cms.settings.dev", {})
    assert (result.returncode, result.stdout.strip()) == (0, "started")
