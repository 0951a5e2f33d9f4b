"""The test suite: fast hashing, inline background tasks, plain static storage."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-not-for-production-8c2e4a7b9d1f3e5a6b0c")
os.environ.setdefault("PACTE_NIR_KEY", "test-only-nir-key-not-for-production-3f9a1c7e5b2d8046")

from config.settings.base import *  # noqa: E402,F403
from config.settings.base import DATA_DIR, database_settings, env  # noqa: E402

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATABASES = {
    "default": database_settings(env.str("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'test.sqlite3'}"))
}
PACTE_TASKS_IN_THREAD = False
# The audit triggers are on, as in production; the tests' table flush lifts them (tests/audit/flush.py).
PACTE_AUDIT_DB_TRIGGERS = True
# Serve static files from the apps (no collectstatic in tests, and no warning about STATIC_ROOT).
WHITENOISE_AUTOREFRESH = True
