"""A person who joins a dossier already imported (a partner, a birth) gets a row of their own and,
as an adult, the right history of that row: the import reads back the ids it inserted."""

import pytest

from pacte.beneficiaries.caf_import import import_caf_file
from pacte.beneficiaries.models import Person, RightHistory
from tests.beneficiaries.caf_files import monthly_series

pytestmark = pytest.mark.django_db


def test_persons_joining_a_known_dossier_get_their_own_rows_and_history(tmp_path, settings):
    series = monthly_series(tmp_path, households=600, months=4, seed=5)
    import_caf_file(series[0][0], pipeline=False)
    before = {dossier: set(ids) for dossier, ids in _members().items()}
    for path, _ in series[1:]:
        import_caf_file(path, pipeline=False)
    after = _members()
    joined = {
        person_id
        for dossier, ids in after.items()
        if dossier in before
        for person_id in set(ids) - before[dossier]
    }
    assert joined, "the series should have persons joining dossiers already imported"
    for person in Person.objects.filter(pk__in=joined).select_related("dossier"):
        history = list(RightHistory.objects.filter(person=person).order_by("dtref"))
        if person.is_adult:
            assert history and history[-1].right_state == person.dossier.right_state
            assert history[-1].is_sdd == person.is_sdd
            assert all(row.departement_code == person.departement_code for row in history)
        else:
            assert not history
    # Every history row belongs to an adult of the dossier whose state it records.
    adults = set(Person.objects.filter(is_adult=True).values_list("pk", flat=True))
    assert set(RightHistory.objects.values_list("person_id", flat=True)) <= adults


def _members():
    members = {}
    for dossier_id, person_id in Person.objects.values_list("dossier_id", "pk"):
        members.setdefault(dossier_id, []).append(person_id)
    return members
