"""The test suite: fast hashing, inline background tasks, plain static storage."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-not-for-production-8c2e4a7b9d1f3e5a6b0c")
os.environ.setdefault("PACTE_NIR_KEY", "test-only-nir-key-not-for-production-3f9a1c7e5b2d8046")

from config.settings.base import *  # noqa: E402,F403
from config.settings.base import DATA_DIR, database_settings, env, volatile_database_settings  # noqa: E402

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
# On SQLite a second in-memory database; on PostgreSQL the same test database through a second
# connection (Django groups aliases with the same settings). tests/conftest.py lets tests use it.
DATABASES["volatile"] = volatile_database_settings(DATABASES["default"])
PACTE_VOLATILE_SEPARATE = DATABASES["volatile"]["NAME"] != DATABASES["default"]["NAME"]
# Tasks run inline, in the test's own thread; no heartbeat thread.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PACTE_TASK_HEARTBEAT_SECONDS = 0
# Per process and emptied by the tests' fixtures (tests/web/conftest.py), which need no database.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The audit triggers are on, as in production; the tests' table flush lifts them (tests/audit/flush.py).
PACTE_AUDIT_DB_TRIGGERS = True
# Serve static files from the apps (no collectstatic in tests, and no warning about STATIC_ROOT).
WHITENOISE_AUTOREFRESH = True
