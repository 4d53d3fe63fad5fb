"""Production's mail settings: SMTP from the environment, checked when the process starts."""

from .test_settings import PRODUCTION_ENV, run_check

SHOW_MAIL_SETTINGS = (
    "from django.conf import settings as s; print(repr((s.EMAIL_BACKEND, s.EMAIL_HOST, "
    "s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, "
    "s.EMAIL_TIMEOUT, s.DEFAULT_FROM_EMAIL, s.PORTAL_REPLY_TO_EMAIL)))"
)


def test_production_reads_smtp_and_the_senders_from_the_environment():
    result = run_check(
        "cms.settings.production",
        {
            **PRODUCTION_ENV,
            "EMAIL_HOST": "smtp.city.kamagaya.example",
            "EMAIL_PORT": "2587",
            "EMAIL_HOST_USER": "kyodo-portal",
            "EMAIL_HOST_PASSWORD": "mail-secret",
            "EMAIL_USE_TLS": "True",
            "EMAIL_TIMEOUT": "5",
            "DEFAULT_FROM_EMAIL": "かまがや協働ポータル <noreply@city.kamagaya.example>",
            "PORTAL_REPLY_TO_EMAIL": "shimin@city.kamagaya.example",
        },
        code=SHOW_MAIL_SETTINGS,
    )
    assert result.stdout.strip() == repr(
        (
            "mail.backends.SmtpEmailBackend",
            "smtp.city.kamagaya.example",
            2587,
            "kyodo-portal",
            "mail-secret",
            True,
            False,
            5.0,
            "かまがや協働ポータル <noreply@city.kamagaya.example>",
            "shimin@city.kamagaya.example",
        )
    )


def test_production_mail_defaults_send_from_the_public_host_without_a_reply_to():
    result = run_check("cms.settings.production", PRODUCTION_ENV, code=SHOW_MAIL_SETTINGS)
    assert result.stdout.strip() == repr(
        (
            "mail.backends.SmtpEmailBackend",
            "localhost",
            25,
            "",
            "",
            False,
            False,
            10.0,
            "かまがや協働ポータル <noreply@kyodo.example.jp>",
            "",
        )
    )


def test_production_picks_the_usual_port_for_tls_and_ssl():
    ports = [
        run_check(
            "cms.settings.production",
            {**PRODUCTION_ENV, flag: "true"},
            code="from django.conf import settings as s; print(s.EMAIL_PORT)",
        ).stdout.strip()
        for flag in ("EMAIL_USE_TLS", "EMAIL_USE_SSL")
    ]
    assert ports == ["587", "465"]


def test_production_refuses_tls_and_ssl_at_once():
    result = run_check(
        "cms.settings.production",
        {**PRODUCTION_ENV, "EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"},
    )
    assert result.returncode != 0
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true" in result.stderr


def test_production_refuses_a_flag_that_is_neither_true_nor_false():
    result = run_check("cms.settings.production", {**PRODUCTION_ENV, "EMAIL_USE_TLS": "yes"})
    assert result.returncode != 0
    assert "EMAIL_USE_TLS must be true or false, not 'yes'." in result.stderr


def test_production_refuses_a_sender_that_is_not_an_address():
    result = run_check(
        "cms.settings.production", {**PRODUCTION_ENV, "PORTAL_REPLY_TO_EMAIL": "市民活動推進課"}
    )
    assert result.returncode != 0
    assert "PORTAL_REPLY_TO_EMAIL must be an e-mail address" in result.stderr
