"""`manage.py check --deploy` is clean with the production settings and only the variables
production requires; the one silenced check is HSTS preload, an opt-in for the city
(SECURE_HSTS_PRELOAD, see cms/settings/production.py)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEPLOY_CHECK = (
    "import django; django.setup(); from django.core.management import call_command; "
    "call_command('check', deploy=True, fail_level='WARNING')"
)
# Variables a developer's shell, CI or another test module (the browser tests set
# DJANGO_ALLOW_ASYNC_UNSAFE) may hold that would change what production settings do.
INHERITED_CONFIGURATION = ("DJANGO_", "REDIS_URL", "SECURE_", "AWS_", "CSP_")


def deploy_check(**overrides):
    """Starts `check --deploy` in a fresh interpreter with the production settings."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(INHERITED_CONFIGURATION)
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="kyodo.city.kamagaya.example",
        DATABASE_URL="postgres://kyodo@127.0.0.1:5432/kyodo",
        PUBLIC_BASE_URL="https://kyodo.city.kamagaya.example",
        **overrides,
    )
    return subprocess.Popen(
        [sys.executable, "-c", DEPLOY_CHECK],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def outcomes():
    """Both checks run at once: each interpreter spends seconds importing Django and Wagtail."""
    processes = {
        "production": deploy_check(),
        "without the https redirect": deploy_check(SECURE_SSL_REDIRECT="false"),
    }
    results = {}
    for name, process in processes.items():
        stdout, stderr = process.communicate(timeout=120)
        results[name] = (process.returncode, stdout, stderr)
    return results


def test_the_deploy_check_passes_with_the_production_settings(outcomes):
    assert outcomes["production"] == (0, "System check identified no issues (1 silenced).\n", "")


def test_the_deploy_check_fails_on_a_weakened_setting(outcomes):
    returncode, stdout, stderr = outcomes["without the https redirect"]
    assert (returncode, stdout, stderr.split("SystemCheckError: ")[-1]) == (
        1,
        "",
        "System check identified some issues:\n\nWARNINGS:\n?: (security.W008) Your "
        "SECURE_SSL_REDIRECT setting is not set to True. Unless your site should be available "
        "over both SSL and non-SSL connections, you may want to either set this setting True or "
        "configure a load balancer or reverse-proxy server to redirect all connections to "
        "HTTPS.\n\nSystem check identified 1 issue (1 silenced).\n",
    )
