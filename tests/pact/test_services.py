"""The pact's writes: checked in French on the field at fault, audited, the status through its table."""

import datetime
from decimal import Decimal

import pytest

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError, TransitionError
from pacte.pact import services
from pacte.pact.enums import PactStatus, ValueSource
from pacte.pact.models import Pact
from tests.factories import DepartementFactory, OrganizationFactory
from tests.pact.factories import (
    ActionFactory,
    IndicatorFactory,
    ObjectiveFactory,
    PactFactory,
    ThematicFactory,
)

pytestmark = pytest.mark.django_db


def test_adoption_needs_the_assembly_date_and_closing_is_audited():
    pact = PactFactory(status=PactStatus.DRAFT)
    with pytest.raises(DomainError) as error:
        services.set_status(actor=None, pact=pact, status=PactStatus.ADOPTED)
    assert error.value.field == "on" and "assemblée" in error.value.message
    services.set_status(actor=None, pact=pact, status=PactStatus.ADOPTED, on=datetime.date(2022, 4, 11))
    services.set_status(actor=None, pact=pact, status=PactStatus.CLOSED, on=datetime.date(2026, 1, 31))
    pact.refresh_from_db()
    assert (pact.status, pact.adopted_on, pact.closed_on) == (
        "closed",
        datetime.date(2022, 4, 11),
        datetime.date(2026, 1, 31),
    )
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "pact.adopt",
        "pact.close",
    ]
    with pytest.raises(TransitionError):
        services.set_status(actor=None, pact=pact, status=PactStatus.DRAFT)


def test_thematic_objective_and_action_titles_are_unique_where_they_live():
    pact = PactFactory()
    thematic = services.save_thematic(actor=None, pact=pact, title="Mobilité")
    with pytest.raises(DomainError) as error:
        services.save_thematic(actor=None, pact=pact, title=" Mobilité ")
    assert error.value.field == "title"
    objective = services.save_objective(actor=None, thematic=thematic, title="Permis")
    assert (thematic.position, objective.position) == (1, 1)
    with pytest.raises(DomainError):
        services.save_objective(actor=None, thematic=thematic, title="")
    action = services.save_action(
        actor=None, objective=objective, title="Auto-école sociale", partner_names=[" Garage ", ""]
    )
    assert action.partner_names == ["Garage"]
    with pytest.raises(DomainError) as error:
        services.save_action(actor=None, objective=objective, title="Auto-école sociale")
    assert error.value.field == "title"
    assert AuditEntry.objects.filter(action__startswith="pact.").count() == 3


def test_an_action_pilot_and_partners_come_from_the_pact_departement():
    objective = ObjectiveFactory()
    elsewhere = OrganizationFactory(departement=DepartementFactory(code="79"))
    with pytest.raises(DomainError) as error:
        services.save_action(actor=None, objective=objective, title="Atelier", pilot=elsewhere)
    assert "ce département" in error.value.message
    own = OrganizationFactory(departement=objective.thematic.pact.departement)
    action = services.save_action(actor=None, objective=objective, title="Atelier", pilot=own, partners=[own])
    assert list(action.partners.all()) == [own] and action.pilot_label == own.name
    with pytest.raises(DomainError) as error:
        services.save_action(
            actor=None, objective=objective, action=action, start_date=datetime.date(2024, 5, 1),
            end_date=datetime.date(2024, 1, 1), title="Atelier",
        )  # fmt: skip
    assert error.value.field == "end_date"


def test_budget_lines_check_the_amount_the_year_and_the_funding():
    action = ActionFactory()
    line = services.add_budget_line(
        actor=None, action=action, year=2023, label="Animation", amount="12 500,50", funding_source="fse_plus"
    )
    assert line.amount == Decimal("12500.50") and line.get_funding_source_display().startswith("FSE+")
    for fields, field in [
        ({"amount": "beaucoup"}, "amount"),
        ({"amount": "-3"}, "amount"),
        ({"year": 1990}, "year"),
        ({"funding_source": "loto"}, "funding_source"),
    ]:
        arguments = {"year": 2023, "label": "x", "amount": "1", "funding_source": "departement", **fields}
        with pytest.raises(DomainError) as error:
            services.add_budget_line(actor=None, action=action, **arguments)
        assert error.value.field == field


def test_a_value_a_year_replaced_and_traced():
    indicator = IndicatorFactory()
    services.set_indicator_value(
        actor=None, indicator=indicator, year=2023, value="80", dated=datetime.date(2024, 1, 15)
    )
    row = services.set_indicator_value(
        actor=None,
        indicator=indicator,
        year=2023,
        value="95",
        dated=datetime.date(2024, 2, 1),
        note="corrigé",
    )
    assert indicator.values.count() == 1 and row.value == Decimal("95") and row.source == ValueSource.ENTERED
    with pytest.raises(DomainError) as error:
        services.set_indicator_value(
            actor=None, indicator=indicator, year=2023, value="1", dated=datetime.date(2022, 1, 1)
        )
    assert error.value.field == "dated"
    assert AuditEntry.objects.filter(action="pact.indicator.value").count() == 2


def test_pacts_are_read_by_the_departement_staff_and_changed_by_its_direction():
    from tests.factories import user_with_role

    pact = PactFactory()
    other = PactFactory(departement=DepartementFactory(code="79"))
    organization = OrganizationFactory(departement=pact.departement)
    analyst = user_with_role("analyst", organization)
    direction = user_with_role("direction", organization)
    beneficiary = user_with_role("beneficiary", organization)
    assert list(Pact.objects.visible_to(analyst)) == [pact]
    assert list(Pact.objects.editable_by(analyst)) == []
    assert list(Pact.objects.editable_by(direction)) == [pact]
    assert list(Pact.objects.visible_to(beneficiary)) == []
    assert other not in Pact.objects.visible_to(direction)
    ThematicFactory(pact=pact)


def test_an_indicator_code_is_unique_in_its_pact_and_targets_are_years():
    pact = PactFactory()
    indicator = services.save_indicator(
        actor=None,
        pact=pact,
        code="delai-orientation",
        name="Délai",
        unit="jours",
        targets={"2024": "45", "2023": 60},
    )
    assert indicator.targets == {"2023": 60.0, "2024": 45.0}
    for fields, field in [
        ({"code": "Délai"}, "code"),
        ({"code": "delai-orientation"}, "code"),
        ({"targets": {"1900": 3}}, "targets"),
        ({"targets": {"2024": "beaucoup"}}, "targets"),
        ({"unit": ""}, "unit"),
    ]:
        arguments = {"code": "autre", "name": "Autre", "unit": "jours", **fields}
        with pytest.raises(DomainError) as error:
            services.save_indicator(actor=None, pact=pact, **arguments)
        assert error.value.field == field, fields
    other_action = ActionFactory()
    with pytest.raises(DomainError) as error:
        services.save_indicator(actor=None, pact=pact, code="x", name="X", unit="u", action=other_action)
    assert error.value.field == "action"
