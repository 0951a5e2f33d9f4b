import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError
from pacte.employment import clauses
from pacte.employment.models import ClauseHours, SocialClause
from pacte.organizations.enums import Role
from tests.employment.placement_factories import ClauseHoursFactory, SocialClauseFactory, employer_in
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
D = datetime.date


@pytest.fixture
def officer():
    return MembershipFactory(role=Role.EMPLOYER_RELATIONS, organization__departement__code="87").user


def _create(officer, **overrides):
    fields = {
        "buyer_name": "Limoges Métropole",
        "title": "Construction de la médiathèque",
        "reference": "2026-MED-01",
        "starts_on": D(2026, 1, 1),
        "ends_on": D(2026, 12, 31),
        "required_hours": "1500",
    }
    fields.update(overrides)
    return clauses.create_clause(actor=officer, departement_code="87", **fields)


def test_a_clause_is_recorded_in_the_officers_departement(officer):
    clause = _create(officer, holder=employer_in("87", "Bâti Limousin"))
    assert clause.required_hours == 1500 and clause.holder.organization.name == "Bâti Limousin"
    assert AuditEntry.objects.filter(action="social_clause.create").count() == 1
    with pytest.raises(DomainError, match="déjà enregistré") as error:
        _create(officer)
    assert error.value.field == "reference"
    with pytest.raises(DomainError, match="votre département"):
        clauses.create_clause(
            actor=officer,
            departement_code="79",
            buyer_name="Niort Agglo",
            title="Voirie",
            reference="V-1",
            starts_on=D(2026, 1, 1),
            ends_on=D(2026, 6, 30),
            required_hours=300,
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"buyer_name": ""}, "buyer_name"),
        ({"title": "x"}, "title"),
        ({"reference": ""}, "reference"),
        ({"ends_on": D(2025, 12, 1)}, "ends_on"),
        ({"required_hours": "beaucoup"}, "required_hours"),
        ({"required_hours": 0}, "required_hours"),
        ({"holder": "79"}, "holder"),
    ],
)
def test_a_bad_clause_is_refused_and_nothing_is_written(officer, overrides, field):
    if overrides.get("holder") == "79":
        overrides["holder"] = employer_in("79")
    with pytest.raises(DomainError) as error:
        _create(officer, **overrides)
    assert error.value.field == field
    assert not SocialClause.objects.exists()


def test_hours_are_recorded_per_person_and_month_and_a_second_entry_replaces_the_first(officer):
    clause = SocialClauseFactory(starts_on=D(2026, 1, 15), ends_on=D(2026, 12, 31))
    person = PersonFactory()
    entry = clauses.record_hours(
        actor=officer, clause=clause, person=person, month=D(2026, 1, 20), hours="70,5"
    )
    assert entry.month == D(2026, 1, 1) and entry.hours == Decimal("70.5")
    clauses.record_hours(actor=officer, clause=clause, person=person, month=D(2026, 1, 1), hours=80)
    assert ClauseHours.objects.get().hours == 80
    data = AuditEntry.objects.filter(action="social_clause.hours").order_by("id").last().data
    assert data["before"] == "70.5" and data["hours"] == "80"


@pytest.mark.parametrize(
    ("month", "hours", "field", "message"),
    [
        (D(2025, 12, 1), 10, "month", "n'en fait pas partie"),
        (D(2027, 1, 1), 10, "month", "n'en fait pas partie"),
        (None, 10, "month", "mois"),
        (D(2026, 2, 1), 0, "hours", "positif"),
        (D(2026, 2, 1), 250, "hours", "Au plus 208"),
        (D(2026, 2, 1), "1.25", "hours", "une décimale"),
        (D(2026, 2, 1), "dix", "hours", "nombre"),
    ],
)
def test_bad_hours_are_refused(officer, month, hours, field, message):
    clause = SocialClauseFactory(starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31))
    with pytest.raises(DomainError, match=message) as error:
        clauses.record_hours(actor=officer, clause=clause, person=PersonFactory(), month=month, hours=hours)
    assert error.value.field == field
    assert not ClauseHours.objects.exists()


def test_hours_of_a_month_to_come_or_of_a_person_elsewhere_are_refused(officer):
    clause = SocialClauseFactory(starts_on=TODAY.replace(day=1), ends_on=TODAY + datetime.timedelta(days=400))
    next_month = (TODAY.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    with pytest.raises(DomainError, match="à venir"):
        clauses.record_hours(actor=officer, clause=clause, person=PersonFactory(), month=next_month, hours=10)
    person_79 = PersonFactory(dossier__departement_code="79")
    with pytest.raises(DomainError, match="département du marché") as error:
        clauses.record_hours(actor=officer, clause=clause, person=person_79, month=TODAY, hours=10)
    assert error.value.field == "person"


def test_compliance_against_the_elapsed_share_of_the_contract():
    clause = SocialClauseFactory(starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31), required_hours=1000)
    ClauseHoursFactory(clause=clause, month=D(2026, 1, 1), hours=200)
    ClauseHoursFactory(clause=clause, month=D(2026, 2, 1), hours="150.5")
    before = clauses.compliance(clause, D(2025, 12, 1))
    assert before.elapsed_share == 0 and before.on_track and before.label == "Dans le rythme"
    mid = clauses.compliance(clause, D(2026, 7, 2))  # 183 days of 365: half the hours expected
    assert mid.done == Decimal("350.5") and mid.people == 2 and mid.rate == 35.0
    assert mid.expected == pytest.approx(501.4) and not mid.on_track
    assert mid.label == "En retard sur le rythme" and mid.remaining == Decimal("649.5")
    ended = clauses.compliance(clause, D(2027, 1, 10))
    assert ended.elapsed_share == 1 and ended.label == "Marché terminé, objectif non atteint"
    ClauseHoursFactory(clause=clause, month=D(2026, 3, 1), hours=700)
    assert clauses.compliance(clause, D(2026, 4, 1)).label == "Objectif atteint"
    annotated = clauses.with_totals(SocialClause.objects.filter(pk=clause.pk)).get()
    assert clauses.compliance(annotated, D(2026, 4, 1)).done == Decimal("1050.5")


def test_the_monthly_rows_cumulate_the_hours_beside_the_required_pace():
    clause = SocialClauseFactory(starts_on=D(2026, 1, 1), ends_on=D(2026, 4, 30), required_hours=120)
    ClauseHoursFactory(clause=clause, month=D(2026, 1, 1), hours=10)
    ClauseHoursFactory(clause=clause, month=D(2026, 3, 1), hours=40)
    ClauseHoursFactory(clause=clause, month=D(2026, 3, 1), hours=5)
    rows = clauses.monthly(clause, D(2026, 3, 15))
    assert [(month, float(hours), float(total)) for month, hours, total, _ in rows] == [
        (D(2026, 1, 1), 10.0, 10.0),
        (D(2026, 2, 1), 0.0, 10.0),
        (D(2026, 3, 1), 45.0, 55.0),
    ]
    assert [pace for *_, pace in rows] == [31.0, 59.0, 90.0]  # 31, 59 and 90 days of 120
    assert clauses.monthly(clause, D(2025, 12, 31)) == []


def test_the_export_holds_the_summary_and_the_hours_by_person():
    clause = SocialClauseFactory(
        buyer_name='=HYPERLINK("http://x")',
        title="Voirie",
        reference="V-2026",
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 12, 31),
        required_hours=400,
        holder=employer_in("87", "Routes du Limousin"),
    )
    person = PersonFactory(last_name="Bernard", first_name="Yanis", birth_date=D(1990, 2, 3))
    ClauseHoursFactory(
        clause=clause, person=person, month=D(2026, 2, 1), hours="35.5", employer=clause.holder
    )
    SocialClauseFactory(departement_code="79", reference="HORS-SCOPE")
    content, persons = clauses.export_xlsx(
        SocialClause.objects.filter(departement_code="87"), today=D(2026, 7, 2)
    )
    assert persons == [person.uuid]
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Synthèse par marché", "Heures par personne"]
    summary = [[cell.value for cell in row] for row in workbook["Synthèse par marché"].iter_rows()]
    assert summary[0] == clauses.SUMMARY_HEADER and len(summary) == 2
    row = dict(zip(summary[0], summary[1], strict=True))
    assert row["Acheteur"] == '\'=HYPERLINK("http://x")'  # written as text, never a formula
    assert (row["Référence"], row["Titulaire"], row["Heures exigées"], row["Heures réalisées"]) == (
        "V-2026",
        "Routes du Limousin",
        400,
        35.5,
    )
    assert row["Taux de réalisation (%)"] == 8.9 and row["Situation"] == "En retard sur le rythme"
    assert row["Début"].date() == D(2026, 1, 1)
    hours = [[cell.value for cell in row] for row in workbook["Heures par personne"].iter_rows()]
    assert hours[0] == clauses.HOURS_HEADER
    assert hours[1][:4] == ["V-2026", "février 2026", "Bernard", "Yanis"]
    assert hours[1][4].date() == D(1990, 2, 3) and hours[1][5:] == ["Routes du Limousin", 35.5]


def test_removing_an_entry_is_logged(officer):
    entry = ClauseHoursFactory()
    clauses.remove_hours(actor=officer, entry=entry)
    assert not ClauseHours.objects.exists()
    assert AuditEntry.objects.filter(action="social_clause.hours_removed").count() == 1


def test_clauses_are_the_officers_and_the_directions_of_their_departement(officer):
    clause_87, clause_79 = SocialClauseFactory(), SocialClauseFactory(departement_code="79")
    direction_79 = MembershipFactory(role=Role.DIRECTION, organization__departement__code="79").user
    referent = MembershipFactory(role=Role.REFERENT, organization__departement__code="87").user
    assert list(SocialClause.objects.visible_to(officer)) == [clause_87]
    assert list(SocialClause.objects.visible_to(direction_79)) == [clause_79]
    assert not SocialClause.objects.visible_to(referent).exists()
