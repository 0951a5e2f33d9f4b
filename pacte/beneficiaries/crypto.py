"""The NIR at rest: encrypted (Fernet, key derived from PACTE_NIR_KEY) so that a database dump does
not reveal it, plus a keyed hash of its first 13 characters for look-ups and matching."""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@lru_cache(maxsize=4)
def _keys(secret):
    digest = hashlib.sha512(f"pacte-nir:{secret}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest[:32])), digest[32:]


def normalise_nir(nir):
    return (nir or "").replace(" ", "").upper()[:13]


def nir_lookup_hash(nir):
    nir = normalise_nir(nir)
    if not nir:
        return ""
    _, mac_key = _keys(settings.PACTE_NIR_KEY)
    return hmac.new(mac_key, nir.encode(), hashlib.sha256).hexdigest()


def encrypt_nir(nir):
    nir = (nir or "").replace(" ", "").upper()
    if not nir:
        return ""
    fernet, _ = _keys(settings.PACTE_NIR_KEY)
    return fernet.encrypt(nir.encode()).decode()


def decrypt_nir(token):
    if not token:
        return ""
    fernet, _ = _keys(settings.PACTE_NIR_KEY)
    try:
        return fernet.decrypt(token.encode()).decode()
    except InvalidToken:
        return ""
