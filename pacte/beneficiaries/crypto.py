"""The NIR at rest: encrypted (AES-256-GCM, key derived from PACTE_NIR_KEY) so that a database dump
does not reveal it, plus a keyed hash (HMAC-SHA256) of its first 13 characters for look-ups and
matching. See docs/decisions/004-nir-at-rest.md.

A value that does not decrypt under the key raises `UnreadableNir`: an empty string would look like
"no NIR", and a wrong key would then quietly blank every record."""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from pacte.core.errors import DomainError

NONCE_BYTES = 12
MIN_KEY_LENGTH = 32


class UnreadableNir(DomainError):
    def __init__(self):
        super().__init__("NIR illisible : clé de chiffrement incorrecte", code="nir_key")


@lru_cache(maxsize=4)
def _keys(secret):
    digest = hashlib.sha512(f"pacte-nir:{secret}".encode()).digest()
    return AESGCM(digest[:32]), digest[32:]


def normalise_nir(nir):
    return (nir or "").replace(" ", "").upper()[:13]


def nir_lookup_hash(nir, *, key=None):
    nir = normalise_nir(nir)
    if not nir:
        return ""
    _, mac_key = _keys(key or settings.PACTE_NIR_KEY)
    return hmac.new(mac_key, nir.encode(), hashlib.sha256).hexdigest()


def encrypt_nir(nir, *, key=None):
    nir = (nir or "").replace(" ", "").upper()
    if not nir:
        return ""
    cipher, _ = _keys(key or settings.PACTE_NIR_KEY)
    nonce = os.urandom(NONCE_BYTES)
    return base64.urlsafe_b64encode(nonce + cipher.encrypt(nonce, nir.encode(), None)).decode()


def decrypt_nir(token, *, key=None):
    """The NIR of a stored value ("" when none is stored); `UnreadableNir` under a wrong key."""
    if not token:
        return ""
    cipher, _ = _keys(key or settings.PACTE_NIR_KEY)
    try:
        raw = base64.urlsafe_b64decode(token.encode())
        return cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], None).decode()
    except (InvalidTag, ValueError) as error:
        raise UnreadableNir from error
