"""E-mail settings: the console in development, SMTP from the environment otherwise, bad values refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from dudao.settings import email_config

CONSOLE = "django.core.mail.backends.console.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS"):
        monkeypatch.delenv(name, raising=False)


def test_development_prints_mail_on_the_console() -> None:
    assert email_config(None, debug=True) == {"EMAIL_BACKEND": CONSOLE}


def test_production_without_settings_uses_the_local_mail_server() -> None:
    config = email_config(None, debug=False)
    assert (config["EMAIL_BACKEND"], config["EMAIL_HOST"], config["EMAIL_PORT"]) == (SMTP, "localhost", 25)


def test_an_email_url_configures_smtp_with_tls() -> None:
    config = email_config("smtp://dudao%40gov.cn:p%40ss@mail.gov.cn:587?tls=1", debug=False)
    assert config == {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "mail.gov.cn",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "dudao@gov.cn",
        "EMAIL_HOST_PASSWORD": "p@ss",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
    }


def test_smtps_means_implicit_tls_on_465() -> None:
    config = email_config("smtps://mail.gov.cn", debug=True)
    assert (config["EMAIL_PORT"], config["EMAIL_USE_SSL"]) == (465, True)


def test_email_host_variables_work_in_development_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMAIL_HOST", "mail.gov.cn")
    monkeypatch.setenv("EMAIL_PORT", "2525")
    config = email_config(None, debug=True)
    assert (config["EMAIL_BACKEND"], config["EMAIL_HOST"], config["EMAIL_PORT"]) == (
        SMTP,
        "mail.gov.cn",
        2525,
    )


@pytest.mark.parametrize("url", ["http://mail.gov.cn", "smtp://", "smtp://mail.gov.cn:port", "mail.gov.cn"])
def test_a_bad_url_fails_loudly_without_showing_it(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="DUDAO_EMAIL_URL") as error:
        email_config(url, debug=False)
    assert "mail.gov.cn" not in str(error.value)


def test_a_bad_port_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMAIL_PORT", "smtp")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        email_config(None, debug=False)


@pytest.mark.parametrize("value", ["0", "five", "-1"])
def test_a_bad_repeat_interval_stops_start_up(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, value: str
) -> None:
    import runpy

    from dudao import settings

    monkeypatch.setenv("DUDAO_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("DUDAO_REMINDER_REPEAT_WORKING_DAYS", value)
    with pytest.raises(ImproperlyConfigured, match="DUDAO_REMINDER_REPEAT_WORKING_DAYS"):
        runpy.run_path(settings.__file__)
