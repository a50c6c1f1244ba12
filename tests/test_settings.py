"""Settings come from the environment and refuse bad values at start-up."""

import runpy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.utils import ConnectionHandler
from pytest_django.plugin import DjangoDbBlocker

from dudao import settings

SETTINGS_FILE = settings.__file__
OUR_VARIABLES = [
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_SECRET_KEY_FILE",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "DATABASE_URL_FILE",
    "DUDAO_DB_CONN_MAX_AGE",
    "DUDAO_LOCKOUT_FAILURES",
    "DUDAO_LOCKOUT_WINDOW_SECONDS",
    "DUDAO_LOCKOUT_SECONDS",
    "DUDAO_SESSION_IDLE_SECONDS",
    "DUDAO_SESSION_IDLE_ADMIN_SECONDS",
    "DUDAO_SESSION_ABSOLUTE_SECONDS",
    "DUDAO_VAR_DIR",
]

LoadSettings = Callable[..., dict[str, Any]]


@pytest.fixture
def load_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> LoadSettings:
    """Run settings.py afresh under the given variables only, with its var directory in tmp_path."""

    def load(**variables: str) -> dict[str, Any]:
        for name in OUR_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("DUDAO_VAR_DIR", str(tmp_path / "var"))
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(SETTINGS_FILE)

    return load


def write_secret(tmp_path: Path, content: str) -> str:
    secret_file = tmp_path / "secret"
    secret_file.write_text(content, encoding="utf-8")
    return str(secret_file)


# env_bool


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), ("Yes", True), ("ON", True), ("0", False), ("False", False), ("no", False)],
)
def test_bool_words_are_understood(monkeypatch: pytest.MonkeyPatch, value: str, expected: bool) -> None:
    monkeypatch.setenv("DUDAO_TEST_FLAG", value)

    assert settings.env_bool("DUDAO_TEST_FLAG", default=not expected) is expected


def test_unset_or_empty_bool_takes_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUDAO_TEST_FLAG", raising=False)
    assert settings.env_bool("DUDAO_TEST_FLAG", default=True) is True

    monkeypatch.setenv("DUDAO_TEST_FLAG", "")
    assert settings.env_bool("DUDAO_TEST_FLAG", default=False) is False


def test_bad_bool_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUDAO_TEST_FLAG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="DUDAO_TEST_FLAG='maybe' is not a boolean"):
        settings.env_bool("DUDAO_TEST_FLAG", default=False)


def test_bad_debug_stops_start_up(load_settings: LoadSettings) -> None:
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        load_settings(DJANGO_DEBUG="yess")


# env_list


def test_list_is_split_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUDAO_TEST_HOSTS", "dudao.example.gov.cn, 127.0.0.1")

    assert settings.env_list("DUDAO_TEST_HOSTS", default=[]) == ["dudao.example.gov.cn", "127.0.0.1"]


def test_list_with_an_empty_item_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUDAO_TEST_HOSTS", "a.example,,b.example")

    with pytest.raises(ImproperlyConfigured, match="empty item"):
        settings.env_list("DUDAO_TEST_HOSTS", default=[])


# env_secret


def test_secret_is_read_from_its_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DUDAO_TEST_TOKEN", raising=False)
    monkeypatch.setenv("DUDAO_TEST_TOKEN_FILE", write_secret(tmp_path, "s3cret-from-file\n"))

    assert settings.env_secret("DUDAO_TEST_TOKEN") == "s3cret-from-file"


def test_secret_given_twice_fails_loudly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DUDAO_TEST_TOKEN", "inline")
    monkeypatch.setenv("DUDAO_TEST_TOKEN_FILE", write_secret(tmp_path, "from-file"))

    with pytest.raises(ImproperlyConfigured, match="either DUDAO_TEST_TOKEN or DUDAO_TEST_TOKEN_FILE"):
        settings.env_secret("DUDAO_TEST_TOKEN")


def test_missing_secret_file_fails_loudly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DUDAO_TEST_TOKEN", raising=False)
    monkeypatch.setenv("DUDAO_TEST_TOKEN_FILE", str(tmp_path / "absent"))

    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        settings.env_secret("DUDAO_TEST_TOKEN")


def test_empty_secret_file_fails_loudly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DUDAO_TEST_TOKEN", raising=False)
    monkeypatch.setenv("DUDAO_TEST_TOKEN_FILE", write_secret(tmp_path, "\n"))

    with pytest.raises(ImproperlyConfigured, match="is empty"):
        settings.env_secret("DUDAO_TEST_TOKEN")


# Production and development


def test_production_without_secret_key_fails_loudly(load_settings: LoadSettings) -> None:
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY or DJANGO_SECRET_KEY_FILE is required"):
        load_settings(DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="dudao.example.gov.cn")


def test_production_takes_the_secret_key_from_a_file(load_settings: LoadSettings, tmp_path: Path) -> None:
    loaded = load_settings(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY_FILE=write_secret(tmp_path, "production-key\n"),
        DJANGO_ALLOWED_HOSTS="dudao.example.gov.cn",
    )

    assert loaded["DEBUG"] is False
    assert loaded["SECRET_KEY"] == "production-key"
    assert loaded["ALLOWED_HOSTS"] == ["dudao.example.gov.cn"]


def test_production_without_allowed_hosts_fails_loudly(load_settings: LoadSettings) -> None:
    with pytest.raises(ImproperlyConfigured, match="DJANGO_ALLOWED_HOSTS is required"):
        load_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="production-key")


def test_development_falls_back_to_an_insecure_key(load_settings: LoadSettings) -> None:
    loaded = load_settings()

    assert loaded["DEBUG"] is True
    assert loaded["SECRET_KEY"].startswith("django-insecure-")


def test_site_speaks_chinese_in_shanghai_time(load_settings: LoadSettings) -> None:
    loaded = load_settings()

    assert loaded["LANGUAGE_CODE"] == "zh-hans"
    assert loaded["TIME_ZONE"] == "Asia/Shanghai"
    assert loaded["USE_TZ"] is True


# Databases


def test_default_database_is_sqlite_in_wal_mode_under_the_var_dir(
    load_settings: LoadSettings, tmp_path: Path, django_db_blocker: DjangoDbBlocker
) -> None:
    config = load_settings()["DATABASES"]["default"]

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(config["NAME"]) == tmp_path / "var" / "dudao.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    # Open the file for real: the pragma must take effect, not just sit in the settings.
    connections = ConnectionHandler({"default": config})
    with django_db_blocker.unblock():
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                assert cursor.fetchone() == ("wal",)
        finally:
            connections.close_all()


def test_database_url_selects_postgresql(load_settings: LoadSettings) -> None:
    loaded = load_settings(DATABASE_URL="postgresql://dudao:pw@db.internal:5432/dudao")
    config = loaded["DATABASES"]["default"]

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5432, "dudao")
    assert "init_command" not in config.get("OPTIONS", {})


def test_database_connections_are_kept_a_minute_and_checked_before_reuse(load_settings: LoadSettings) -> None:
    config = load_settings(DATABASE_URL="postgresql://dudao:pw@db.internal:5432/dudao")["DATABASES"][
        "default"
    ]

    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (60, True)


@pytest.mark.parametrize(("value", "expected"), [("0", 0), ("300", 300), (" 5 ", 5)])
def test_how_long_connections_are_kept_can_be_set(
    load_settings: LoadSettings, value: str, expected: int
) -> None:
    config = load_settings(DUDAO_DB_CONN_MAX_AGE=value)["DATABASES"]["default"]

    assert config["CONN_MAX_AGE"] == expected


@pytest.mark.parametrize("value", ["-1", "1.5", "forever"])
def test_a_bad_connection_age_stops_start_up(load_settings: LoadSettings, value: str) -> None:
    with pytest.raises(
        ImproperlyConfigured, match=r"DUDAO_DB_CONN_MAX_AGE=.* is not a whole number of seconds"
    ):
        load_settings(DUDAO_DB_CONN_MAX_AGE=value)


def test_database_url_can_come_from_a_file(load_settings: LoadSettings, tmp_path: Path) -> None:
    url_file = write_secret(tmp_path, "postgresql://dudao:pw@db.internal:5432/dudao\n")

    config = load_settings(DATABASE_URL_FILE=url_file)["DATABASES"]["default"]

    assert config["PASSWORD"] == "pw"


def test_unknown_database_scheme_fails_without_showing_the_password(load_settings: LoadSettings) -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL is not a usable database URL") as raised:
        load_settings(DATABASE_URL="postgress://dudao:topsecret@db.internal/dudao")

    assert "topsecret" not in str(raised.value)


def test_evidence_goes_to_local_disk_unless_a_bucket_is_named(tmp_path: Path) -> None:
    from dudao.settings import evidence_storage

    local = evidence_storage(None, tmp_path)
    assert local["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert local["OPTIONS"] == {"location": tmp_path, "base_url": None}  # never served directly
    s3 = evidence_storage("dudao-evidence", tmp_path)
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["OPTIONS"]["bucket_name"] == "dudao-evidence"  # type: ignore[index]
    assert s3["OPTIONS"]["default_acl"] == "private"  # type: ignore[index]


def test_the_lockout_defaults_to_five_failures_in_fifteen_minutes_for_thirty(
    load_settings: LoadSettings,
) -> None:
    loaded = load_settings()

    assert (
        loaded["DUDAO_LOCKOUT_FAILURES"],
        loaded["DUDAO_LOCKOUT_WINDOW_SECONDS"],
        loaded["DUDAO_LOCKOUT_SECONDS"],
    ) == (5, 900, 1800)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DUDAO_LOCKOUT_FAILURES", "0", "is not a positive number"),
        ("DUDAO_LOCKOUT_FAILURES", "five", "is not a positive number"),
        ("DUDAO_LOCKOUT_SECONDS", "0", "must be more than 0"),
        ("DUDAO_LOCKOUT_WINDOW_SECONDS", "-1", "is not a whole number of seconds"),
    ],
)
def test_a_bad_lockout_setting_stops_start_up(
    load_settings: LoadSettings, name: str, value: str, message: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        load_settings(**{name: value})


def test_session_limits_default_to_thirty_minutes_fifteen_for_administrators_and_eight_hours(
    load_settings: LoadSettings,
) -> None:
    loaded = load_settings()

    assert (
        loaded["DUDAO_SESSION_IDLE_SECONDS"],
        loaded["DUDAO_SESSION_IDLE_ADMIN_SECONDS"],
        loaded["DUDAO_SESSION_ABSOLUTE_SECONDS"],
    ) == (1800, 900, 28800)
    with pytest.raises(ImproperlyConfigured, match="must be more than 0 seconds"):
        load_settings(DUDAO_SESSION_ABSOLUTE_SECONDS="0")
