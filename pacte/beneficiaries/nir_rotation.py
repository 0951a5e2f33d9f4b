"""Changing the NIR key: every NIR re-encrypted and its look-up hash recomputed, all or nothing.
See docs/decisions/004-nir-at-rest.md and `pacte rotate-nir-key`."""

from django.db import transaction

from pacte.beneficiaries.crypto import UnreadableNir, decrypt_nir, encrypt_nir, nir_lookup_hash
from pacte.beneficiaries.models import Person
from pacte.core.errors import DomainError


def _rotated(person, old_key, new_key):
    """(ciphertext, hash) under the new key, or None when the value is already under it."""
    try:
        nir = decrypt_nir(person.nir_encrypted, key=old_key)
    except UnreadableNir:
        nir = decrypt_nir(person.nir_encrypted, key=new_key)  # raises if under neither key
        return None
    return encrypt_nir(nir, key=new_key), nir_lookup_hash(nir, key=new_key)


def rotate_nir_key(*, old_key, new_key, dry_run=False, batch_size=1000, progress=None):
    """Re-encrypt every NIR from `old_key` to `new_key` and recompute its look-up hash, in one
    transaction: a value under neither key stops everything and nothing is written. Values already
    under the new key are left as they are, so a second run changes nothing. Returns the counts."""
    if not old_key or not new_key or old_key == new_key:
        raise DomainError("Indiquez l'ancienne clé, différente de la clé actuelle (PACTE_NIR_KEY).")
    orphans = Person.objects.filter(nir_encrypted="").exclude(nir_hash="").count()
    if orphans:
        raise DomainError(
            f"{orphans} personne(s) ont une empreinte de NIR sans NIR chiffré : impossible de la recalculer."
        )
    people = Person.objects.exclude(nir_encrypted="")
    counts = {"persons": people.count(), "rotated": 0, "already_rotated": 0}
    if progress is not None:
        progress.start(counts["persons"], label="Rechiffrement des NIR", unit=" personnes")
    with transaction.atomic():
        last_pk = 0
        while batch := list(
            people.filter(pk__gt=last_pk).order_by("pk").only("pk", "nir_encrypted")[:batch_size]
        ):
            last_pk = batch[-1].pk
            changed = []
            for person in batch:
                rotated = _rotated(person, old_key, new_key)
                if rotated is None:
                    counts["already_rotated"] += 1
                    continue
                person.nir_encrypted, person.nir_hash = rotated
                changed.append(person)
            if not dry_run:
                Person.objects.bulk_update(changed, ["nir_encrypted", "nir_hash"])
            counts["rotated"] += len(changed)
            if progress is not None:
                progress.advance(len(batch))
    if progress is not None:
        progress.finish()
    return counts
