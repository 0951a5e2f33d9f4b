"""The writes of the pacts: every one checked (French messages naming the field), atomic and
audited; a pact's status moves through `PACT_TRANSITIONS` only."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.core.transitions import TransitionTable, transition
from pacte.pact.enums import ConcertationKind, FundingSource, PactStatus, ValueSource
from pacte.pact.models import (
    Action,
    BudgetLine,
    ConcertationEvent,
    IndicatorValue,
    Objective,
    PactIndicator,
    Signatory,
    Thematic,
)

PACT_TRANSITIONS = TransitionTable(
    "pact",
    {
        PactStatus.DRAFT: {PactStatus.ADOPTED},
        PactStatus.ADOPTED: {PactStatus.CLOSED, PactStatus.DRAFT},
        PactStatus.CLOSED: {PactStatus.ADOPTED},
    },
    labels=PactStatus,
    actions={
        PactStatus.ADOPTED: "pact.adopt",
        PactStatus.CLOSED: "pact.close",
        PactStatus.DRAFT: "pact.reopen",
    },
)


def _text(value, field, label, *, required=True, max_length=300):
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"Indiquez {label}.", field=field)
    if len(value) > max_length:
        raise DomainError(f"{label[0].upper()}{label[1:]} : {max_length} caractères au plus.", field=field)
    return value


def _decimal(value, field, label, *, required=True):
    if value in (None, ""):
        if required:
            raise DomainError(f"Indiquez {label}.", field=field)
        return None
    try:
        number = Decimal(str(value).replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise DomainError(f"{label[0].upper()}{label[1:]} doit être un nombre.", field=field) from None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise DomainError(f"{label[0].upper()}{label[1:]} n'est pas un nombre valable.", field=field)
    return number


def _year(pact, year, field="year"):
    if year is None or not pact.start_year - 10 <= int(year) <= pact.end_year + 5:
        raise DomainError(
            f"L'année doit être proche de la période du pacte ({pact.start_year - 10} à {pact.end_year + 5}).",
            field=field,
        )
    return int(year)


def set_status(*, actor, pact, status, on=None):
    """Adopt (with the date of the assembly's vote), close, or reopen a pact."""
    changes = {}
    if status == PactStatus.ADOPTED and pact.status == PactStatus.DRAFT:
        if on is None:
            raise DomainError("Indiquez la date du vote de l'assemblée départementale.", field="on")
        changes = {"adopted_on": on}
    if status == PactStatus.CLOSED:
        changes = {"closed_on": on or timezone.localdate()}
    elif pact.status == PactStatus.CLOSED:
        changes["closed_on"] = None
    return transition(pact, status, actor=actor, table=PACT_TRANSITIONS, changes=changes)


def _unique(queryset, title, field, what):
    if queryset.filter(title=title).exists():
        raise DomainError(f"{what} porte déjà cet intitulé.", field=field)


def save_thematic(
    *, actor, pact, thematic=None, title, description="", referent_name="", referent_organization=None
):
    title = _text(title, "title", "l'intitulé de la thématique")
    others = pact.thematics.exclude(pk=thematic.pk) if thematic else pact.thematics.all()
    _unique(others, title, "title", "Une autre thématique de ce pacte")
    if referent_organization and referent_organization.departement_id != pact.departement_id:
        raise DomainError(
            "La structure du référent n'est pas de ce département.", field="referent_organization"
        )
    fields = {
        "title": title,
        "description": (description or "").strip(),
        "referent_name": _text(
            referent_name, "referent_name", "le nom du référent", required=False, max_length=150
        ),
        "referent_organization": referent_organization,
    }
    with transaction.atomic():
        if thematic is None:
            position = pact.thematics.count() + 1
            thematic = Thematic.objects.create(pact=pact, position=position, **fields)
            action = "pact.thematic.create"
        else:
            for name, value in fields.items():
                setattr(thematic, name, value)
            thematic.save()
            action = "pact.thematic.update"
        log(actor=actor, action=action, obj=pact, data={"thematic": thematic.pk, "title": title})
    return thematic


def save_objective(*, actor, thematic, objective=None, title, description=""):
    title = _text(title, "title", "l'intitulé de l'objectif")
    others = thematic.objectives.exclude(pk=objective.pk) if objective else thematic.objectives.all()
    _unique(others, title, "title", "Un autre objectif de cette thématique")
    with transaction.atomic():
        if objective is None:
            position = thematic.objectives.count() + 1
            objective = Objective.objects.create(
                thematic=thematic, position=position, title=title, description=(description or "").strip()
            )
            action = "pact.objective.create"
        else:
            objective.title, objective.description = title, (description or "").strip()
            objective.save()
            action = "pact.objective.update"
        log(actor=actor, action=action, obj=thematic.pact, data={"objective": objective.pk, "title": title})
    return objective


ACTION_FIELDS = ("title", "description", "pilot", "pilot_name", "partners", "partner_names", "referent_name",
                 "start_date", "end_date", "calendar")  # fmt: skip


def _clean_action(objective, action, fields):
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise DomainError(f"Champ inconnu : {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    clean = dict(fields)
    clean["title"] = _text(fields.get("title"), "title", "l'intitulé de l'action")
    others = objective.actions.exclude(pk=action.pk) if action else objective.actions.all()
    _unique(others, clean["title"], "title", "Une autre action de cet objectif")
    departement = objective.thematic.pact.departement_id
    organizations = [clean.get("pilot")] if clean.get("pilot") else []
    organizations += list(clean.get("partners") or [])
    if any(org.departement_id != departement for org in organizations):
        raise DomainError(
            "Le pilote et les partenaires sont des structures de ce département.", field="partners"
        )
    for name in ("description", "calendar"):
        clean[name] = (fields.get(name) or "").strip()
    clean["pilot_name"] = _text(
        fields.get("pilot_name"), "pilot_name", "le pilote", required=False, max_length=250
    )
    clean["referent_name"] = _text(
        fields.get("referent_name"), "referent_name", "le référent", required=False, max_length=150
    )
    clean["partner_names"] = [name.strip() for name in fields.get("partner_names") or [] if name.strip()]
    start, end = clean.get("start_date"), clean.get("end_date")
    if start and end and end < start:
        raise DomainError("La fin de l'action ne peut précéder son début.", field="end_date")
    return clean


def save_action(*, actor, objective, action=None, **fields):
    """Create an action under `objective`, or change `action` (only the fields given)."""
    clean = _clean_action(objective, action, fields)
    partners = clean.pop("partners", None)
    with transaction.atomic():
        if action is None:
            action = Action.objects.create(
                objective=objective, position=objective.actions.count() + 1, **clean
            )
            verb = "pact.action.create"
        else:
            for name, value in clean.items():
                setattr(action, name, value)
            action.save()
            verb = "pact.action.update"
        if partners is not None:
            action.partners.set(partners)
        log(actor=actor, action=verb, obj=action, data={"fields": sorted(fields)})
    return action


def add_budget_line(*, actor, action, year, label, amount, funding_source, funding_detail=""):
    pact = action.objective.thematic.pact
    if funding_source not in FundingSource.values:
        raise DomainError("Choisissez la source du financement.", field="funding_source")
    amount = _decimal(amount, "amount", "le montant")
    if amount < 0:
        raise DomainError("Le montant ne peut être négatif.", field="amount")
    with transaction.atomic():
        line = BudgetLine.objects.create(
            action=action,
            year=_year(pact, year),
            label=_text(label, "label", "l'objet de la ligne", max_length=250),
            amount=amount,
            funding_source=funding_source,
            funding_detail=_text(
                funding_detail, "funding_detail", "la précision", required=False, max_length=250
            ),
        )
        log(
            actor=actor,
            action="pact.budget_line.create",
            obj=action,
            data={"line": line.pk, "year": line.year},
        )
    return line


def save_signatory(*, actor, pact, signatory=None, name, organization=None, commitment=""):
    name = _text(name, "name", "le nom du signataire", max_length=250)
    others = pact.signatories.exclude(pk=signatory.pk) if signatory else pact.signatories.all()
    if others.filter(name=name).exists():
        raise DomainError("Ce signataire est déjà enregistré pour ce pacte.", field="name")
    if organization and organization.departement_id != pact.departement_id:
        raise DomainError("La structure n'est pas de ce département.", field="organization")
    with transaction.atomic():
        if signatory is None:
            signatory = Signatory.objects.create(
                pact=pact,
                position=pact.signatories.count() + 1,
                name=name,
                organization=organization,
                commitment=(commitment or "").strip(),
            )
            action = "pact.signatory.create"
        else:
            signatory.name, signatory.organization = name, organization
            signatory.commitment = (commitment or "").strip()
            signatory.save()
            action = "pact.signatory.update"
        log(actor=actor, action=action, obj=pact, data={"signatory": signatory.pk})
    return signatory


def set_indicator_value(
    *,
    actor,
    indicator,
    year,
    value,
    source=ValueSource.ENTERED,
    dated=None,
    note="",
    approximate=False,
    details=None,
):
    """The value of `indicator` for `year` (one a year: a new one replaces it), dated and traced."""
    if source not in ValueSource.values:
        raise DomainError("Origine de la valeur inconnue.", field="source")
    year = _year(indicator.pact, year)
    value = _decimal(value, "value", "la valeur")
    dated = dated or timezone.localdate()
    if not isinstance(dated, datetime.date) or dated.year < year:
        raise DomainError("La date à laquelle la valeur est connue suit l'année mesurée.", field="dated")
    with transaction.atomic():
        row, _ = IndicatorValue.objects.update_or_create(
            indicator=indicator,
            year=year,
            defaults={
                "value": value,
                "dated": dated,
                "source": source,
                "note": _text(note, "note", "la précision", required=False, max_length=500),
                "is_approximate": bool(approximate),
                "entered_by": actor if source == ValueSource.ENTERED else None,
                "details": details or {},
            },
        )
        log(
            actor=actor,
            action="pact.indicator.value",
            obj=indicator,
            data={"year": year, "value": str(value), "source": source},
        )
    return row


CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _targets(pact, targets):
    clean = {}
    for year, value in (targets or {}).items():
        year = _year(pact, int(year) if str(year).isdigit() else None, field="targets")
        clean[str(year)] = float(_decimal(value, "targets", f"la cible de {year}"))
    return dict(sorted(clean.items()))


def save_indicator(*, actor, pact, indicator=None, code, name, definition="", unit="", baseline=None,
                   baseline_year=None, targets=None, source="", action=None):  # fmt: skip
    """Define an indicator of `pact` (or change `indicator`): its code is unique in the pact."""
    code = _text(code, "code", "le code", max_length=80)
    if not CODE.match(code):
        raise DomainError(
            "Le code s'écrit en minuscules, chiffres et tirets (« delai-orientation »).", field="code"
        )
    others = pact.indicators.exclude(pk=indicator.pk) if indicator else pact.indicators.all()
    if others.filter(code=code).exists():
        raise DomainError("Un autre indicateur de ce pacte porte déjà ce code.", field="code")
    if action is not None and action.objective.thematic.pact_id != pact.pk:
        raise DomainError("L'action n'est pas de ce pacte.", field="action")
    if baseline_year is not None:
        baseline_year = _year(pact, baseline_year, field="baseline_year")
    fields = {
        "code": code,
        "name": _text(name, "name", "l'intitulé de l'indicateur", max_length=250),
        "definition": (definition or "").strip(),
        "unit": _text(unit, "unit", "l'unité", max_length=40),
        "baseline": _decimal(baseline, "baseline", "la valeur de référence", required=False),
        "baseline_year": baseline_year,
        "targets": _targets(pact, targets),
        "source": _text(source, "source", "la source", required=False, max_length=250),
        "action": action,
    }
    with transaction.atomic():
        if indicator is None:
            indicator = PactIndicator.objects.create(pact=pact, **fields)
            verb = "pact.indicator.create"
        else:
            for name_, value in fields.items():
                setattr(indicator, name_, value)
            indicator.save()
            verb = "pact.indicator.update"
        log(actor=actor, action=verb, obj=indicator, data={"code": code})
    return indicator


def _count(value, field, label):
    if value in (None, ""):
        return None
    if not isinstance(value, int) or value < 0:
        raise DomainError(f"{label[0].upper()}{label[1:]} est un nombre entier positif.", field=field)
    return value


def save_concertation_event(
    *, actor, pact, event=None, kind, title, held_on=None, period="", meetings=None, attendees_count=None,
    attendees="", contributions="",
):  # fmt: skip
    """A concertation event of `pact` (Assises, meetings…), or a change to `event`."""
    if kind not in ConcertationKind.values:
        raise DomainError("Choisissez la nature du temps de concertation.", field="kind")
    title = _text(title, "title", "l'intitulé", max_length=250)
    others = pact.concertation_events.exclude(pk=event.pk) if event else pact.concertation_events.all()
    _unique(others, title, "title", "Un autre temps de concertation de ce pacte")
    if held_on is None and not (period or "").strip():
        raise DomainError("Indiquez la date ou la période.", field="held_on")
    fields = {
        "kind": kind,
        "title": title,
        "held_on": held_on,
        "period": _text(period, "period", "la période", required=False, max_length=150),
        "meetings": _count(meetings, "meetings", "le nombre de réunions"),
        "attendees_count": _count(attendees_count, "attendees_count", "le nombre de participants"),
        "attendees": (attendees or "").strip(),
        "contributions": (contributions or "").strip(),
    }
    with transaction.atomic():
        if event is None:
            position = pact.concertation_events.count() + 1
            event = ConcertationEvent.objects.create(pact=pact, position=position, **fields)
            verb = "pact.concertation.create"
        else:
            for name, value in fields.items():
                setattr(event, name, value)
            event.save()
            verb = "pact.concertation.update"
        log(actor=actor, action=verb, obj=pact, data={"event": event.pk, "title": title})
    return event
