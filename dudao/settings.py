"""Django settings for Dudao, read from the environment.

Every variable is documented in `.env.example`. A bad value stops the process at start-up with
ImproperlyConfigured instead of being silently replaced by a default.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
_FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def env_str(name: str, default: str | None = None) -> str | None:
    """The variable's value; unset and empty both mean `default`."""
    value = os.environ.get(name, "")
    return value if value else default


def env_bool(name: str, default: bool) -> bool:
    """A yes/no variable: 1/0, true/false, yes/no, on/off in any case."""
    value = env_str(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean; use one of {sorted(_TRUE_WORDS | _FALSE_WORDS)}"
    )


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blanks around items are dropped, empty items refused."""
    value = env_str(name)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if not all(items):
        raise ImproperlyConfigured(f"{name}={value!r} has an empty item")
    return items


def env_path(name: str, default: Path) -> Path:
    """A filesystem path; relative paths are taken from the repository root."""
    value = env_str(name)
    if value is None:
        return default
    return (BASE_DIR / Path(value).expanduser()).resolve()


def env_secret(name: str) -> str | None:
    """A secret given either inline as NAME or as a file path in NAME_FILE (Docker/systemd secrets)."""
    inline = env_str(name)
    file_name = env_str(f"{name}_FILE")
    if inline is not None and file_name is not None:
        raise ImproperlyConfigured(f"set either {name} or {name}_FILE, not both")
    if file_name is None:
        return inline
    try:
        secret = Path(file_name).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {error.strerror}") from error
    if not secret:
        raise ImproperlyConfigured(f"{name}_FILE={file_name!r} is empty")
    return secret


def env_seconds(name: str, default: int) -> int:
    """A whole number of seconds, 0 or more."""
    value = env_str(name)
    if value is None:
        return default
    if not value.strip().isdigit():
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number of seconds (0 or more)")
    return int(value)


def database_config(url: str | None, var_dir: Path, conn_max_age: int = 0) -> dj_database_url.DBConfig:
    """The default database: DATABASE_URL if given, else an SQLite file in the var directory.

    `conn_max_age` keeps each process's connection open for that many seconds (0 closes it after every
    request): opening a PostgreSQL connection costs the server a process and the client a handshake on
    every page. Health checks test a kept connection before a request reuses it, so a database restart
    costs one reconnection instead of an error page."""
    if url is None:
        # SQLite cannot create the directory for its file, and its error then is an opaque
        # "unable to open database file".
        var_dir.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{var_dir / 'dudao.sqlite3'}"
    try:
        config = dj_database_url.parse(url)
    except ValueError as error:
        # Quote the parser's complaint, never the URL itself: it may carry a password.
        raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {error}") from error
    config["CONN_MAX_AGE"] = conn_max_age
    config["CONN_HEALTH_CHECKS"] = True
    if config["ENGINE"] == "django.db.backends.sqlite3" and config["NAME"] != ":memory:":
        config["OPTIONS"] = {
            # WAL lets readers carry on while one writer writes. IMMEDIATE takes the write lock at
            # BEGIN, so a transaction that later writes waits for `timeout` seconds instead of
            # failing at once with "database is locked" when it upgrades a read lock.
            "init_command": "PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config


# On by default so that a fresh checkout runs with no configuration; switching it off makes a real
# secret key and host names mandatory, so a deployment cannot half-forget its settings.
DEBUG = env_bool("DJANGO_DEBUG", default=True)

SECRET_KEY = env_secret("DJANGO_SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY or DJANGO_SECRET_KEY_FILE is required when DJANGO_DEBUG is off"
        )
    # Only ever used with DEBUG on: the branch above refuses to start without a real key.
    SECRET_KEY = "django-insecure-dudao-development-only"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS and not DEBUG:
    # With DEBUG off Django would answer every request with 400; say why at start-up instead.
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is required when DJANGO_DEBUG is off")

VAR_DIR = env_path("DUDAO_VAR_DIR", default=BASE_DIR / "var")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "dudao.directory",
    "dudao.accounts",
    "dudao.plans",
    "dudao.reports",
    "dudao.audit",
    "dudao.workdays",
    "dudao.supervision",
    "dudao.reminders",
    "dudao.orders",
    "dudao.rectification",
    "dudao.bulletins",
    "dudao.web",
]

# Background work (reminder scans, bulletin generation) goes through Django's task framework with the
# database backend: the same database on SQLite and PostgreSQL, no broker. `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# E-mail (reminders, orders): the console backend in development and the demo; otherwise SMTP from
# DUDAO_EMAIL_URL (smtp://user:password@host:587?tls=1, smtps://… for implicit TLS) or the EMAIL_HOST
# family of variables; with neither, Django's default SMTP server on localhost:25.


def email_config(url: str | None, debug: bool) -> dict[str, object]:
    """The EMAIL_* settings for `url`; a malformed URL stops start-up rather than losing mail."""
    from urllib.parse import parse_qs, unquote, urlsplit

    if url is None:
        if debug and env_str("EMAIL_HOST") is None:
            return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
        port = env_str("EMAIL_PORT", "25") or "25"
        if not port.isdigit():
            raise ImproperlyConfigured(f"EMAIL_PORT={port!r} is not a port number")
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": env_str("EMAIL_HOST", "localhost"),
            "EMAIL_PORT": int(port),
            "EMAIL_HOST_USER": env_str("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": env_secret("EMAIL_HOST_PASSWORD") or "",
            "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", default=False),
            "EMAIL_USE_SSL": env_bool("EMAIL_USE_SSL", default=False),
        }
    if url == "console://":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    try:
        url_port = parts.port
    except ValueError as error:
        raise ImproperlyConfigured("DUDAO_EMAIL_URL has a bad port") from error
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        # never echo the URL: it may carry the password
        raise ImproperlyConfigured("DUDAO_EMAIL_URL must look like smtp://user:password@host:587?tls=1")
    options = parse_qs(parts.query)
    tls = options.get("tls", ["0"])[0].lower() in _TRUE_WORDS
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": url_port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": tls,
        "EMAIL_USE_SSL": parts.scheme == "smtps",
    }


_EMAIL = email_config(env_secret("DUDAO_EMAIL_URL"), DEBUG)
EMAIL_BACKEND = _EMAIL["EMAIL_BACKEND"]
EMAIL_HOST = _EMAIL.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _EMAIL.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _EMAIL.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _EMAIL.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _EMAIL.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _EMAIL.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env_str("DUDAO_FROM_EMAIL") or "督导平台 <dudao@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mails are made absolute with this address.
DUDAO_SITE_URL = env_str("DUDAO_SITE_URL") or "http://127.0.0.1:8000"
# An overdue milestone is reminded again after this many working days at the earliest.
_REPEAT = env_str("DUDAO_REMINDER_REPEAT_WORKING_DAYS", "5") or "5"
if not _REPEAT.isdigit() or int(_REPEAT) < 1:
    raise ImproperlyConfigured(f"DUDAO_REMINDER_REPEAT_WORKING_DAYS={_REPEAT!r} is not a positive number")
DUDAO_REMINDER_REPEAT_WORKING_DAYS = int(_REPEAT)
# Scheduled reminders go out from this hour of the working day (Asia/Shanghai), not at midnight.
_HOUR = env_str("DUDAO_REMINDER_HOUR", "8") or "8"
if not _HOUR.isdigit() or int(_HOUR) > 23:
    raise ImproperlyConfigured(f"DUDAO_REMINDER_HOUR={_HOUR!r} is not an hour from 0 to 23")
DUDAO_REMINDER_HOUR = int(_HOUR)

AUTH_USER_MODEL = "accounts.User"
# Login-failure lockout per account (GB/T 22239 level 3): this many wrong passwords within the window
# lock the account for the lock time. Counted per account, never per address.
_FAILURES = env_str("DUDAO_LOCKOUT_FAILURES", "5") or "5"
if not _FAILURES.isdigit() or int(_FAILURES) < 1:
    raise ImproperlyConfigured(f"DUDAO_LOCKOUT_FAILURES={_FAILURES!r} is not a positive number")
DUDAO_LOCKOUT_FAILURES = int(_FAILURES)
DUDAO_LOCKOUT_WINDOW_SECONDS = env_seconds("DUDAO_LOCKOUT_WINDOW_SECONDS", 15 * 60)
DUDAO_LOCKOUT_SECONDS = env_seconds("DUDAO_LOCKOUT_SECONDS", 30 * 60)
if not DUDAO_LOCKOUT_WINDOW_SECONDS or not DUDAO_LOCKOUT_SECONDS:
    raise ImproperlyConfigured("DUDAO_LOCKOUT_WINDOW_SECONDS and DUDAO_LOCKOUT_SECONDS must be more than 0")
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dudao.accounts.sessions.SessionLimitsMiddleware",  # after messages and htmx: it uses both
]

ROOT_URLCONF = "dudao.urls"
WSGI_APPLICATION = "dudao.wsgi.application"
ASGI_APPLICATION = "dudao.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dudao.reminders.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": database_config(
        env_secret("DATABASE_URL"), VAR_DIR, conn_max_age=env_seconds("DUDAO_DB_CONN_MAX_AGE", 60)
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The product speaks Chinese only: source strings are Chinese and marked for gettext, so there is
# no LocaleMiddleware; LOCALE_PATHS is where a catalogue would go to override a wording.
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Evidence files go through Django's storage API, so object storage can replace the local disk; the
# local default lies outside the web root and is only ever served through an authorised view.
EVIDENCE_ROOT = env_path("DUDAO_EVIDENCE_DIR", default=VAR_DIR / "evidence")


def evidence_storage(bucket: str | None, evidence_root: Path) -> dict[str, object]:
    """Local disk by default; S3-compatible object storage (django-storages) when a bucket is named,
    so that several application servers can share the evidence behind a load balancer."""
    if not bucket:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": evidence_root, "base_url": None},
        }
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env_str("DUDAO_S3_ENDPOINT_URL"),
            "access_key": env_secret("DUDAO_S3_ACCESS_KEY"),
            "secret_key": env_secret("DUDAO_S3_SECRET_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": evidence_storage(env_str("DUDAO_S3_BUCKET"), EVIDENCE_ROOT),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
NOTICE_MAX_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Application servers keep no state of their own: sessions and cache live in the database.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Session limits (dudao.accounts.sessions): idle 30 minutes (15 for office administrators), 8 hours at most.
DUDAO_SESSION_IDLE_SECONDS = env_seconds("DUDAO_SESSION_IDLE_SECONDS", 30 * 60)
DUDAO_SESSION_IDLE_ADMIN_SECONDS = env_seconds("DUDAO_SESSION_IDLE_ADMIN_SECONDS", 15 * 60)
DUDAO_SESSION_ABSOLUTE_SECONDS = env_seconds("DUDAO_SESSION_ABSOLUTE_SECONDS", 8 * 3600)
if not (DUDAO_SESSION_IDLE_SECONDS and DUDAO_SESSION_IDLE_ADMIN_SECONDS and DUDAO_SESSION_ABSOLUTE_SECONDS):
    raise ImproperlyConfigured("the DUDAO_SESSION_* limits must be more than 0 seconds")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "dudao_cache"}}
