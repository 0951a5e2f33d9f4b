"""A workstation and the demo: plain HTTP on localhost, a fixed development key."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-key-not-for-production-5b1f0e9c2d7a4c6f8e3b")
# The demo's NIR key: it was derived from SECRET_KEY before PACTE_NIR_KEY was required, so
# existing demo databases stay readable (the deploy check refuses this in production).
os.environ.setdefault("PACTE_NIR_KEY", "dev-only-key-not-for-production-5b1f0e9c2d7a4c6f8e3b")

from config.settings.base import *  # noqa: E402,F403
from config.settings.base import env  # noqa: E402

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# E-mails are written to var/mail/ (one file per message) unless EMAIL_URL says otherwise.
if "EMAIL_URL" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"  # noqa: F405
# SMS of invitations are written to var/sms/ (one file per message) unless PACTE_SMS_BACKEND says otherwise.
if "PACTE_SMS_BACKEND" not in os.environ:
    PACTE_SMS_BACKEND = "file"

# The demo shows the sign-in codes of the beneficiaries' space on the console where it runs.
if "PACTE_PORTAL_SENDER" not in os.environ:
    PACTE_PORTAL_SENDER = "pacte.portal.senders.ConsoleSender"
