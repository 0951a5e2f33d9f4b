"""The pathway facts the indicators read (pacte/pathways/facts.py): every service that writes an
orientation or a contract keeps them right, and the rebuild and the check agree with them."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Max

from pacte.beneficiaries import spreadsheet
from pacte.beneficiaries.caf_import import import_caf_file
from pacte.beneficiaries.models import Dossier, Person
from pacte.pathways import facts, services
from pacte.pathways.enums import ContractKind, ContractStatus, OrientationStatus, Track
from pacte.pathways.models import Orientation, PathwayFacts
from pacte.territory.services import preview_change, update_territory
from tests.beneficiaries.caf_files import monthly_series
from tests.factories import (
    CommuneFactory,
    DepartementFactory,
    DossierFactory,
    PersonFactory,
    RightHistoryFactory,
    TerritoryFactory,
    UserFactory,
)
from tests.pathways.factories import (
    ContractFactory,
    FranceTravailFactory,
    MaisonDepartementFactory,
    OrientationFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def row(person):
    stored = PathwayFacts.objects.filter(person=person).first()
    if stored is None:
        return None
    return (
        stored.first_orientation_on,
        stored.first_orientation_kind,
        stored.first_orientation_body_id,
        stored.latest_orientation_on,
        stored.latest_orientation_kind,
        stored.latest_orientation_body_id,
        stored.first_engagement_on,
    )


@pytest.fixture
def person():
    DepartementFactory(code="87")
    return PersonFactory(dossier=DossierFactory(departement_code="87"))


def test_a_decision_then_a_reorientation_keep_the_first_and_the_latest(person):
    agent = UserFactory()
    mdd, ft = MaisonDepartementFactory(), FranceTravailFactory()
    services.decide_orientation(
        actor=agent, person=person, track=Track.SOCIAL, body=mdd, decision_date=D(2025, 3, 4)
    )
    assert row(person) == (D(2025, 3, 4), "departement", mdd.pk, D(2025, 3, 4), "departement", mdd.pk, None)
    services.decide_orientation(
        actor=agent, person=person, track=Track.PROFESSIONAL, body=ft, decision_date=D(2025, 9, 1)
    )
    assert row(person) == (D(2025, 3, 4), "departement", mdd.pk, D(2025, 9, 1), "france_travail", ft.pk, None)
    assert facts.differences("87") == []


def test_a_proposal_or_a_refusal_is_not_a_decision(person):
    proposal = OrientationFactory(person=person, proposed=True)
    assert row(person) is None
    services.refuse_orientation(actor=UserFactory(), orientation=proposal, reason="À revoir en entretien")
    assert row(person) is None


def test_a_cohort_validated_at_once_has_its_facts(person):
    others = [PersonFactory(dossier=DossierFactory(departement_code="87")) for _ in range(2)]
    proposals = [OrientationFactory(person=someone, proposed=True) for someone in [person, *others]]
    services.validate_cohort(actor=UserFactory(), orientations=proposals, decision_date=D(2025, 5, 2))
    assert {row(someone)[0] for someone in [person, *others]} == {D(2025, 5, 2)}
    assert facts.differences("87") == []


def test_only_signed_engagement_contracts_count(person):
    orientation = OrientationFactory(
        person=person, body=MaisonDepartementFactory(), decision_date=D(2025, 4, 1)
    )
    ContractFactory(person=person, kind=ContractKind.PPAE, signed_on=D(2025, 4, 2))
    assert row(person)[6] is None
    draft = services.create_contract(actor=UserFactory(), person=person)
    assert row(person)[6] is None
    services.sign_contract(actor=UserFactory(), contract=draft, signed_on=D(2025, 4, 20))
    assert row(person)[6] == D(2025, 4, 20)
    services.renew_contract(actor=UserFactory(), contract=draft, signed_on=D(2025, 10, 20))
    assert row(person)[6] == D(2025, 4, 20)
    assert orientation.pk and facts.differences("87") == []


def test_a_renewal_of_a_ppae_is_the_first_engagement(person):
    OrientationFactory(person=person, decision_date=D(2025, 1, 10))
    ppae = ContractFactory(person=person, kind=ContractKind.PPAE, signed_on=D(2025, 1, 20))
    services.renew_contract(actor=UserFactory(), contract=ppae, signed_on=D(2025, 7, 1))
    assert row(person)[6] == D(2025, 7, 1)


def test_the_history_import_writes_the_facts_of_its_persons(tmp_path, person):
    person.dossier.numdemrsa = "12345678901"
    person.dossier.save()
    path = tmp_path / "historique.csv"
    path.write_text(
        "numdemrsa,role,event,date,orientation_type,organisme_kind,organisme_name,contract_kind,end_date\n"
        f"12345678901,{person.rsa_role},orientation,2023-02-10,sociale,departement,,,\n"
        f"12345678901,{person.rsa_role},contract,2023-03-01,,,,cer,\n"
    )
    call_command("import-history", str(path))
    assert row(person)[0::6] == (D(2023, 2, 10), D(2023, 3, 1))
    call_command("import-history", str(path), "--dry-run")
    assert facts.differences("87") == []


def test_rows_of_another_departement_are_not_the_person_s(person):
    Orientation.objects.create(
        departement_code="79",
        person=person,
        track=Track.SOCIAL,
        body_kind="departement",
        status=OrientationStatus.VALIDATED,
        origin="manual",
        decision_date=D(2025, 2, 1),
    )
    facts.refresh([person.pk])
    assert row(person) is None


def test_the_rebuild_restores_and_the_check_finds_what_drifted(person, capsys):
    OrientationFactory(person=person, decision_date=D(2025, 4, 10))
    ContractFactory(person=person, signed_on=D(2025, 5, 1), status=ContractStatus.SIGNED)
    expected = row(person)
    PathwayFacts.objects.filter(person=person).update(first_engagement_on=D(2025, 6, 1))
    assert facts.differences("87") == [person.pk]
    with pytest.raises(CommandError, match="Faits des parcours à recalculer \\(87\\)") as raised:
        call_command("rebuild-pathway-facts", "--check")
    assert raised.value.returncode == 1
    call_command("rebuild-pathway-facts", "--departement", "87")
    assert row(person) == expected
    call_command("rebuild-pathway-facts", "--check")
    assert "Faits des parcours à jour (1 département(s))." in capsys.readouterr().out


def test_the_command_says_what_it_did(person, capsys):
    OrientationFactory(person=person, decision_date=D(2025, 4, 10))
    PathwayFacts.objects.all().delete()
    call_command("rebuild-pathway-facts", "--departement", "87", "--json")
    assert json.loads(capsys.readouterr().out) == {"87": 1}
    with pytest.raises(CommandError, match="Département inconnu : 99") as raised:
        call_command("rebuild-pathway-facts", "--departement", "99")
    assert raised.value.returncode == 2


def test_the_facts_go_with_their_person(person):
    OrientationFactory(person=person, decision_date=D(2025, 4, 10))
    ContractFactory(person=person, signed_on=D(2025, 5, 1))
    person.delete()
    assert not PathwayFacts.objects.exists()


# What the facts hold besides the pathway: the dossier, the right history, the contracts' summary.


def test_an_adult_with_a_right_history_has_a_row_a_child_and_a_foreign_dossier_none():
    DepartementFactory(code="87")
    adult = PersonFactory(dossier=DossierFactory(departement_code="87", dtdemrsa=D(2024, 5, 2)))
    RightHistoryFactory(person=adult, dtref=D(2024, 5, 31), right_state="2", is_sdd=True)
    RightHistoryFactory(person=adult, dtref=D(2025, 2, 28), right_state="5", is_sdd=False)
    child = PersonFactory(dossier=adult.dossier, is_adult=False)
    RightHistoryFactory(person=child, dtref=D(2024, 5, 31))
    elsewhere = PersonFactory(departement_code="87", dossier=DossierFactory(departement_code="79"))
    RightHistoryFactory(person=elsewhere, dtref=D(2024, 5, 31))
    stored = PathwayFacts.objects.get()
    assert (stored.person, stored.demand_on, stored.rights_on, stored.rights_sdd) == (
        adult,
        D(2024, 5, 2),
        D(2025, 2, 28),
        False,
    )
    assert stored.first_orientation_on is None and stored.sdd_at_first_orientation is False
    assert facts.differences("87") == []


def test_the_engagement_summary_and_the_first_contract_after_the_first_orientation(person):
    RightHistoryFactory(person=person, dtref=D(2024, 12, 31), right_state="2", is_sdd=True)
    RightHistoryFactory(person=person, dtref=D(2025, 6, 30), right_state="5", is_sdd=False)
    OrientationFactory(person=person, decision_date=D(2025, 3, 1), body=MaisonDepartementFactory())
    ContractFactory(person=person, kind=ContractKind.PPAE, signed_on=D(2025, 2, 1), end_date=None)
    ContractFactory(person=person, kind=ContractKind.PPAE, signed_on=D(2025, 3, 20), end_date=None)
    ContractFactory(person=person, kind=ContractKind.CER, signed_on=D(2025, 4, 1), end_date=D(2025, 9, 30))
    stored = PathwayFacts.objects.get(person=person)
    assert (stored.first_engagement_on, stored.latest_engagement_on, stored.engagement_ends_on) == (
        D(2025, 4, 1),
        D(2025, 4, 1),
        D(2025, 9, 30),
    )
    assert stored.engagement_open_ended is False  # the open PPAE is no engagement contract
    assert stored.contract_after_first_orientation_on == D(2025, 3, 20)  # of any kind, from the decision
    assert (stored.sdd_at_first_orientation, stored.rights_on, stored.rights_sdd) == (
        True,
        D(2025, 6, 30),
        False,
    )
    ContractFactory(
        person=person, kind=ContractKind.CONTRAT_ENGAGEMENT, signed_on=D(2025, 10, 1), end_date=None
    )
    stored.refresh_from_db()
    assert (stored.latest_engagement_on, stored.engagement_open_ended) == (D(2025, 10, 1), True)
    assert facts.differences("87") == []


def test_every_caf_file_keeps_the_facts_of_its_persons(tmp_path):
    departement = DepartementFactory(code="87")
    territory = TerritoryFactory(departement=departement)
    CommuneFactory(insee_code="87085", name="Limoges", departement=departement, territory=territory)
    for path, dtref in monthly_series(tmp_path):
        import_caf_file(path)
        assert facts.differences("87") == [], dtref
        latest = PathwayFacts.objects.aggregate(latest=Max("rights_on"))["latest"]
        assert latest == dtref
    adults = Person.objects.filter(is_adult=True, right_history__isnull=False).distinct()
    assert PathwayFacts.objects.count() == adults.count()
    assert PathwayFacts.objects.filter(territory=territory).exists()


def test_the_facts_follow_their_commune_to_another_territory_without_being_shown():
    departement = DepartementFactory(code="87")
    north = TerritoryFactory(departement=departement, name="Nord")
    south = TerritoryFactory(departement=departement, name="Sud")
    bellac = CommuneFactory(insee_code="87011", name="Bellac", departement=departement, territory=north)
    aixe = CommuneFactory(insee_code="87001", name="Aixe", departement=departement, territory=south)
    someone = PersonFactory(dossier=DossierFactory(departement_code="87", commune=bellac, territory=north))
    RightHistoryFactory(person=someone)
    assert PathwayFacts.objects.get().territory == north
    change = preview_change(territory=south, communes=[aixe, bellac])
    assert [rows.model for rows in change.totals] == [Dossier]
    update_territory(actor=None, territory=south, name="Sud", communes=[aixe, bellac])
    assert PathwayFacts.objects.get().territory == south
    assert facts.differences("87") == []


def test_a_spreadsheet_that_makes_an_adult_a_child_takes_their_row(django_capture_on_commit_callbacks):
    DepartementFactory(code="87")
    dossier = DossierFactory(departement_code="87", numdemrsa="00000012345")
    known = PersonFactory(
        dossier=dossier, last_name="DURAND", birth_name="DURAND", first_name="ÉLODIE",
        birth_date=D(1985, 6, 15), rsa_role="DEM",
    )  # fmt: skip
    RightHistoryFactory(person=known)
    user = UserFactory()
    content = "N° dossier;Rôle;Nom;Prénom;Né le\r\n00000012345;ENF;DURAND;ÉLODIE;15/06/1985\r\n".encode()
    entry = spreadsheet.create_import(
        upload=SimpleUploadedFile("liste.csv", content), departement_code="87", actor=user
    )
    entry = spreadsheet.read_import(entry)
    spreadsheet.set_columns(
        entry,
        columns={"numdemrsa": "N° dossier", "rsa_role": "Rôle", "last_name": "Nom", "first_name": "Prénom",
                 "birth_date": "Né le"},
        actor=user,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        spreadsheet.apply_review(entry, actor=user)
    assert Person.objects.get(pk=known.pk).is_adult is False
    assert not PathwayFacts.objects.exists()
    assert facts.differences("87") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner, which has no statistics")
def test_a_refresh_reads_only_the_rows_of_the_persons_it_refreshes():
    """A refresh for 500 dossiers reads their persons by dossier and each person's orientations by
    person: an index on a flag or on the département (preferred by SQLite's planner without
    statistics) would read the whole département for each batch of a CAF import."""
    where = f"pe.dossier_id IN ({', '.join(['%s'] * 500)})"
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + facts._computed_sql(where), list(range(500)))
        plan = [step[3] for step in cursor.fetchall()]
        cursor.execute(
            "EXPLAIN QUERY PLAN DELETE FROM pathways_pathwayfacts WHERE person_id IN "
            f"(SELECT pe.id FROM beneficiaries_person pe WHERE {where})",
            list(range(500)),
        )
        plan += [step[3] for step in cursor.fetchall()]
    searches = [step for step in plan if step.startswith(("SEARCH", "SCAN"))]
    assert searches and not [step for step in searches if step.startswith("SCAN")], plan
    persons = [step for step in searches if step.startswith("SEARCH pe ")]
    orientations = [step for step in searches if step.startswith("SEARCH o ")]
    assert persons and all("(dossier_id=?)" in step for step in persons), persons
    assert orientations and all("(person_id=? AND status=?)" in step for step in orientations), orientations
