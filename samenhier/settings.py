"""Settings for Samen Hier, read from the environment (django-environ).

With no environment at all this is the embedded default: a SQLite file, Celery tasks
run in-process, e-mail to the console. `DATABASE_URL` and `REDIS_URL` switch to the
services (PostgreSQL, Redis as the Celery broker); `DJANGO_DEBUG=false` with a real
`DJANGO_SECRET_KEY` and `DJANGO_ALLOWED_HOSTS` is production. `.env.example` lists
every variable.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# The embedded default is for a developer's laptop; naming a database server
# means a deployment, so DEBUG is then off unless asked for.
DATABASE_URL = env.str("DATABASE_URL", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=not DATABASE_URL)

if DEBUG:
    SECRET_KEY = env.str(
        "DJANGO_SECRET_KEY",
        default="django-insecure-only-for-the-embedded-default-never-in-production",
    )
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")  # no default: production must set it
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "samenhier",
    "refugees",
    "groups",
    "matching",
    "impact",
    "samenhier.demo",
    "samenhier.imports",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",  # allauth's sessions page uses it
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "auditlog",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in person's own language comes from their account.
    "samenhier.middleware.ChosenLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "samenhier.middleware.StaffSessionTimeoutMiddleware",
    "samenhier.middleware.SecondFactorRequiredMiddleware",
    "samenhier.middleware.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
]

ROOT_URLCONF = "samenhier.urls"
WSGI_APPLICATION = "samenhier.wsgi.application"

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
                "csp.context_processors.nonce",
                "samenhier.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url_config(DATABASE_URL)
    if DATABASE_URL
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep connections open between requests, but check them first so that a restarted
# database is picked up again without restarting the app.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
else:
    # The app's queries are short (the figures read small summaries): PostgreSQL's JIT
    # would spend 10 ms compiling a plan that runs in 5 (docs/architecture.md, "Figures").
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "samenhier.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# Sessions live in the database, so they survive a Redis outage and are shared
# between web hosts.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 60 * 60

# The cache holds allauth's login rate limits. It lives in the database (table made by
# a migration), so logging in keeps working, and stays rate-limited, when Redis is down.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "samenhier_cache",
    }
}

# django-allauth: e-mail login, no open sign-up (accounts come from invitations).
ACCOUNT_ADAPTER = "samenhier.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# No mail to an address that has no account (the form says the same either way).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Samen Hier] "
# The 6th failed login for one account within 5 minutes is refused.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Samen Hier"
MFA_FORMS = {
    "authenticate": "samenhier.mfa.SecondFactorForm",
    "reauthenticate": "samenhier.mfa.SecondFactorAgainForm",
}

# The audit log never keeps any part of a personal value (samenhier/audit.py).
AUDITLOG_MASK_CALLABLE = "samenhier.audit.redact"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LANGUAGE_CODE = "nl"
# Staff, coordinator and volunteer pages: Dutch and English. A household's pages, messages
# and e-mails also in the household languages (docs/architecture.md, "Languages of the
# household"); adding one is a catalogue in locale/<code>/ and a line here.
STAFF_LANGUAGES = ("nl", "en")
LANGUAGES = [
    ("nl", _("Nederlands")),
    ("en", _("Engels")),
    ("ar", _("Arabisch")),
    ("fa", _("Perzisch (Farsi)")),
    ("ti", _("Tigrinya")),
    ("uk", _("Oekraïens")),
    ("tr", _("Turks")),
]
# The household languages offered, set by the administrator: a language can be withheld
# (left out here) until a native speaker has reviewed its catalogue.
SAMENHIER_HOUSEHOLD_LANGUAGES = [
    code
    for code in env.list("SAMENHIER_HOUSEHOLD_LANGUAGES", default=["ar", "fa", "ti", "uk", "tr"])
    if code in dict(LANGUAGES) and code not in STAFF_LANGUAGES
]
# Django has no locale data for Tigrinya: the project supplies it (samenhier/languages.py
# adds it to Django's LANG_INFO; dates and numbers from samenhier/formats/ti/).
EXTRA_LANG_INFO = {
    "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
}
FORMAT_MODULE_PATH = ["samenhier.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Celery: Redis as broker when REDIS_URL is set, otherwise tasks run in-process.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Sending a task must not hang a web request when Redis is down; a task whose worker died
# (acks_late) is delivered again after the visibility timeout.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": env.int("SAMENHIER_TASK_VISIBILITY_TIMEOUT", default=30 * 60),
    # Look for tasks of dead workers every 10 s (kombu's default is every 100 s).
    "unacked_restore_throttle": 1,
}
# A web request sends a task once and moves on (the sweepers pick up what did not go);
# workers and beat keep reconnecting to the broker for as long as it takes.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_MAX_RETRIES = None

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Samen Hier <noreply@samenhier.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

INVITATION_VALID_DAYS = env.int("SAMENHIER_INVITATION_VALID_DAYS", default=7)
# Personal data of a household is erased this long after its year ended or it withdrew.
SAMENHIER_RETENTION_MONTHS = env.int("SAMENHIER_RETENTION_MONTHS", default=24)
# How many proxies stand in front of the app, each adding the address it saw to
# X-Forwarded-For: a visitor's address is the one the last of them saw (the public
# sign-up's limit per client counts it). Production runs behind one TLS proxy.
SAMENHIER_PROXIES = env.int("SAMENHIER_PROXIES", default=0 if DEBUG else 1)

# Security headers. A strict Content-Security-Policy: no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Production is served over HTTPS only. DJANGO_HTTPS=false is for drills on loopback
# (bench/faults.sh, the load test) that run the production settings over plain HTTP.
if not DEBUG and env.bool("DJANGO_HTTPS", default=True):
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Health checks come from the host itself, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Logs: one JSON object per line in production (DJANGO_LOG_FORMAT=json), plain text on a
# laptop. Log messages carry codes and counts, never names, e-mail addresses or notes.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env.str("DJANGO_LOG_FORMAT", default="plain" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Absolute address of the site, for links in e-mails sent by background tasks.
SITE_URL = env.str("SAMENHIER_SITE_URL", default="http://127.0.0.1:8000")

# In the embedded default (runserver, no REDIS_URL) there is no beat: the serving process
# runs these jobs in a thread of its own (samenhier/scheduler.py) unless this is off.
SAMENHIER_EMBEDDED_JOBS = env.bool("SAMENHIER_EMBEDDED_JOBS", default=True)
CELERY_BEAT_SCHEDULE = {
    "invitations-send-pending": {
        "task": "samenhier.tasks.invitations_send_pending",
        "schedule": 5 * 60,
    },
    "notifications-email-pending": {
        "task": "samenhier.tasks.notifications_email_pending",
        "schedule": 5 * 60,
    },
    "signups-confirm-pending": {
        "task": "groups.tasks.signups_confirm_pending",
        "schedule": 5 * 60,
    },
    # Reminders (matching/services/reminders.py): milestones due within 7 days, proposed
    # matches not yet confirmed, years gone quiet. Each person is told once per subject.
    "reminders-matching": {
        "task": "matching.tasks.reminders_send",
        "schedule": 60 * 60,
    },
    "retention": {
        "task": "matching.tasks.retention_run",
        "schedule": 24 * 60 * 60,
    },
    "exports-sweep": {
        "task": "impact.tasks.exports_sweep",
        "schedule": env.int("SAMENHIER_SWEEP_SECONDS", default=60),
    },
}
