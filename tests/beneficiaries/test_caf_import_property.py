"""Mutated files never crash the import and never write part of a file."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacte.beneficiaries.caf_import import CafFileError, import_caf_file
from pacte.beneficiaries.models import CafImport, Dossier, Person, RightHistory
from tests.beneficiaries.caf.test_caf_mutations import assert_agrees_with_schema
from tests.beneficiaries.caf_files import monthly_series

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def valid_bytes(tmp_path_factory):
    (path, _), *_ = monthly_series(tmp_path_factory.mktemp("caf-prop"), households=6, months=1)
    return path.read_bytes()


def _state():
    return (
        Dossier.objects.count(),
        Person.objects.count(),
        RightHistory.objects.count(),
        CafImport.objects.count(),
    )


mutation = st.tuples(
    st.sampled_from(["delete", "duplicate", "replace", "truncate"]),
    st.floats(min_value=0, max_value=1),
    st.integers(min_value=1, max_value=400),
    st.binary(min_size=1, max_size=3),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(mutation, min_size=1, max_size=3))
def test_mutated_files_are_imported_whole_or_rejected_whole(tmp_path, valid_bytes, mutations):
    data = bytearray(valid_bytes)
    for kind, where, length, payload in mutations:
        start = int(where * max(len(data) - 1, 0))
        if kind == "delete":
            del data[start : start + length]
        elif kind == "duplicate":
            data[start:start] = data[start : start + length]
        elif kind == "replace":
            data[start : start + len(payload)] = payload
        else:
            del data[start:]
    path = tmp_path / "mutated.xml"
    path.write_bytes(bytes(data))
    before = _state()
    try:
        report = import_caf_file(path)
    except CafFileError as error:
        assert str(error) and "\n" not in str(error)
        assert _state() == before
    else:
        assert _state()[0] == before[0] + report.created
    # The schema's verdict, but for the documented differences (test_caf_mutations).
    assert_agrees_with_schema(bytes(data), tmp_path)
