"""The stock and the flow: the first file of a département is its stock, the persons entering rights
and duties afterwards are entrants, and each entry is dated by its best evidence, never the import."""

import datetime

import pytest

from pacte.beneficiaries.caf_import import import_caf_file
from pacte.beneficiaries.enums import SddCohort, SddEvidence
from pacte.beneficiaries.models import Person, RightHistory
from pacte.pathways import queries
from tests.beneficiaries.caf_files import monthly_series
from tests.factories import CommuneFactory, DepartementFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", params=["vrsb0801", "vrsd0301"])
def series(request, tmp_path_factory):
    files = monthly_series(
        tmp_path_factory.mktemp(request.param), households=150, months=3, flux=request.param
    )
    return request.param, files


@pytest.fixture
def limoges():
    territory = TerritoryFactory(departement=DepartementFactory(code="87"), name="Secteur Limoges")
    return CommuneFactory(insee_code="87085", name="Limoges", territory=territory)


def subject_adults():
    return Person.objects.sdd().adults().select_related("dossier")


def test_the_first_file_is_the_stock_dated_by_the_rsa_demand(series, limoges):
    flux, files = series
    path, dtref = files[0]
    import_caf_file(path)
    adults = list(subject_adults())
    assert adults
    stock = [person for person in adults if person.sdd_cohort == SddCohort.STOCK]
    # Only a VRSD0301 file names entrants in the first file (TOPPERSENTDRODEVORSA).
    entrants = [person for person in adults if person.is_entering_sdd and flux == "vrsd0301"]
    assert len(stock) + len(entrants) == len(adults)
    for person in adults:
        if person.sdd_since_evidence == SddEvidence.DDSOUDRODEV:  # VRSD0301 files carry it
            assert person.sdd_since <= dtref
        else:
            assert (person.sdd_since, person.sdd_since_evidence) == (
                person.dossier.dtdemrsa,
                SddEvidence.DEMAND,
            )
    superuser = UserFactory(is_superuser=True)
    assert queries.orientation_queue(superuser, today=dtref).count() == len(entrants)
    assert queries.stock_without_orientation(superuser).count() == len(stock)


def test_later_files_bring_entrants_dated_by_their_best_evidence(series, limoges):
    flux, files = series
    dtrefs = [dtref for _, dtref in files]
    for path, _ in files:
        import_caf_file(path)
    first = dtrefs[0]
    entrants = list(subject_adults().filter(sdd_cohort=SddCohort.ENTRANT))
    assert entrants, "the generated population has persons entering rights and duties"
    for person in entrants:
        subject = RightHistory.objects.filter(person=person, is_sdd=True, right_state__in=["2", "3", "4"])
        seen_subject = subject.order_by("dtref").first()
        # Entered after the first file: the file that first showed them subject is a later one...
        assert seen_subject.dtref > first or flux == "vrsd0301"  # or named entrant by the first file
        # ... and the date is the CAF's, the demand's, or the day after the file before, never a file's own.
        if person.sdd_since_evidence == SddEvidence.DDSOUDRODEV:
            assert person.sdd_since <= seen_subject.dtref
        elif person.sdd_since_evidence == SddEvidence.DEMAND:
            assert person.sdd_since == person.dossier.dtdemrsa
        else:
            assert person.sdd_since_evidence == SddEvidence.BETWEEN_FILES
            previous = max(d for d in dtrefs if d < seen_subject.dtref)
            assert person.sdd_since == previous + datetime.timedelta(days=1)
        assert person.sdd_since != datetime.date.today()
    for person in subject_adults().filter(sdd_cohort=SddCohort.STOCK):
        assert person.dossier.first_seen_on == first
    assert not subject_adults().filter(sdd_cohort="").exists()
    superuser = UserFactory(is_superuser=True)
    queue = queries.orientation_queue(superuser, today=dtrefs[-1])
    assert {p.pk for p in queue} == {p.pk for p in entrants}


def test_who_leaves_rights_and_duties_loses_the_entry(series, limoges):
    for path, _ in series[1]:
        import_caf_file(path)
    left = Person.objects.filter(is_adult=True, is_sdd=False)
    assert left.exists()
    assert not left.exclude(sdd_since=None).exists()
    assert not left.exclude(sdd_cohort="").exists()
