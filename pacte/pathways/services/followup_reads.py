"""Reads of the référent's follow-up pages: caseload rows with their flags, caseloads per référent,
the late dashboard grouped by référent and territory. Each starts from `Person.objects.visible_to`.

Reads, not writes: kept here, next to the services the web follow-up pages call, so that the
pathways' own `queries.py` stays as its authors wrote it.
"""

import collections
import dataclasses
import datetime

from django.db.models import BooleanField, Count, Exists, OuterRef, Q, Subquery
from django.db.models.expressions import ExpressionWrapper
from django.db.models.functions import Coalesce
from django.utils import timezone

from pacte.beneficiaries.models import Person
from pacte.organizations import perms as org_perms
from pacte.organizations.enums import Role
from pacte.organizations.models import Membership, Organization, User
from pacte.pathways import queries
from pacte.pathways.dates import add_months
from pacte.pathways.enums import AppointmentStatus, ContractStatus
from pacte.pathways.models import Appointment, Contract, Orientation, PathwayExit, ReferentAssignment

APPOINTMENT_MONTHS = 3


def _current(field):
    return Subquery(Orientation.objects.current().filter(person=OuterRef("pk")).values(field)[:1])


def _latest_contract(field):
    """The last contract written (a draft being prepared, a renewal), the same on every database."""
    return Subquery(
        Contract.objects.filter(person=OuterRef("pk")).order_by("-created_at", "-id").values(field)[:1]
    )


def with_followup(queryset, *, today, now):
    """Annotate persons with their orientation, latest contract, next appointment and late flags."""
    since = add_months(today, -APPOINTMENT_MONTHS)
    signed_since = Contract.objects.signed().filter(
        person=OuterRef("pk"), signed_on__gte=OuterRef("oriented_on")
    )
    recent = Appointment.objects.filter(
        person=OuterRef("pk"),
        status__in=[AppointmentStatus.SCHEDULED, AppointmentStatus.SEEN],
        starts_at__date__gte=since,
    )
    followed_long = ReferentAssignment.objects.filter(
        person=OuterRef("pk"), end_date=None, start_date__lte=since
    )
    return queryset.annotate(
        oriented_on=_current("decision_date"),
        track=_current("track"),
        body_name=_current("body__name"),
        contract_status=_latest_contract("status"),
        contract_signed_on=_latest_contract("signed_on"),
        next_appointment=Subquery(
            Appointment.objects.upcoming(now)
            .filter(person=OuterRef("pk"))
            .order_by("starts_at", "id")
            .values("starts_at")[:1]
        ),
    ).annotate(
        late_contract=ExpressionWrapper(
            Q(oriented_on__lte=add_months(today, -1)) & ~Exists(signed_since), output_field=BooleanField()
        ),
        late_appointment=ExpressionWrapper(
            Exists(followed_long) & ~Exists(recent), output_field=BooleanField()
        ),
    )


def caseload_rows(user, referent, *, today, now):
    """The persons `referent` follows (visible to `user`), with the follow-up columns."""
    return with_followup(queries.caseload(user, referent), today=today, now=now)


def caseloads(user):
    """[{referent, organization, size}] of the active designations over persons `user` may see."""
    visible = Person.objects.visible_to(user).values("pk")
    rows = (
        ReferentAssignment.objects.filter(end_date=None, person__in=visible)
        .values("referent_id", "organization_id")
        .annotate(size=Count("id"))
        .order_by("referent_id", "organization_id")
    )
    rows = list(rows)
    users = User.objects.in_bulk({row["referent_id"] for row in rows})
    organizations = Organization.objects.in_bulk({row["organization_id"] for row in rows})
    result = [
        {
            "referent": users[row["referent_id"]],
            "organization": organizations[row["organization_id"]],
            "size": row["size"],
        }
        for row in rows
    ]
    return sorted(
        result,
        key=lambda r: (
            r["referent"].last_name,
            r["referent"].first_name,
            r["referent"].pk,
            r["organization"].name,
        ),
    )


def can_manage_caseloads(user):
    """Caseloads of every référent and transfers: the insertion direction."""
    return org_perms.holds(user, Role.DIRECTION)


def referents_for(user):
    """Active référent memberships in the départements `user` directs, by name (transfer targets)."""
    memberships = (
        Membership.objects.active()
        .filter(org_perms.departement_q(user, Role.DIRECTION, field="organization__departement_id"))
        .filter(role=Role.REFERENT)
        .select_related("user", "organization")
    )
    return memberships.order_by("user__last_name", "user__first_name", "user_id", "organization__name", "id")


@dataclasses.dataclass(frozen=True)
class LateGroup:
    label: str
    without_contract: int
    without_appointment: int

    @property
    def total(self):
        return self.without_contract + self.without_appointment


def _active_referent():
    return Subquery(
        ReferentAssignment.objects.filter(person=OuterRef("pk"), end_date=None).values("referent_id")[:1]
    )


def late_lists(user, *, today):
    return (
        queries.without_contract_after_orientation(user, today=today),
        queries.without_appointment(user, today=today, months=APPOINTMENT_MONTHS),
    )


@dataclasses.dataclass(frozen=True)
class LateOverview:
    """The late dashboard: the first persons of each list, the lists' sizes, the groups."""

    no_contract: list
    no_appointment: list
    no_contract_count: int
    no_appointment_count: int
    by_referent: list  # of `LateGroup`, most late first
    by_territory: list


def late_overview(user, *, today, limit):
    """Each late list read once (who, their référent, their territory), counted and grouped from
    those rows; then its first `limit` persons read whole."""
    lists = late_lists(user, today=today)
    rows = [_late_rows(queryset) for queryset in lists]
    shown = []
    for queryset, late in zip(lists, rows, strict=True):
        first = list(late)[:limit]
        persons = queryset.filter(pk__in=first).select_related("dossier__territory").in_bulk()
        shown.append([persons[pk] for pk in first if pk in persons])
    no_contract, no_appointment = rows
    by_referent = _merge(_count(no_contract, 0), _count(no_appointment, 0))
    names = User.objects.in_bulk([key for key in by_referent if key is not None])
    referent_groups = [
        LateGroup(str(names[key]) if key in names else "Sans référent·e désigné·e", *values)
        for key, values in by_referent.items()
    ]
    by_territory = _merge(_count(no_contract, 1), _count(no_appointment, 1))
    territory_groups = [LateGroup(key or "Sans territoire", *values) for key, values in by_territory.items()]
    return LateOverview(
        no_contract=shown[0],
        no_appointment=shown[1],
        no_contract_count=len(no_contract),
        no_appointment_count=len(no_appointment),
        by_referent=sorted(referent_groups, key=lambda g: (-g.total, g.label)),
        by_territory=sorted(territory_groups, key=lambda g: (-g.total, g.label)),
    )


def _late_rows(queryset):
    """{person id: (their active référent, their territory's name)}, in the list's order."""
    late = {}
    values = queryset.annotate(current_referent=_active_referent()).values_list(
        "pk", "current_referent", "dossier__territory__name"
    )
    for pk, referent, territory in values:
        late.setdefault(pk, (referent, territory))
    return late


def _count(late, position):
    """{référent or territory: persons} of a late list's rows."""
    return collections.Counter(group[position] for group in late.values())


def _merge(first, second):
    return {key: (first.get(key, 0), second.get(key, 0)) for key in set(first) | set(second)}


# Who works an organisation's inbox of persons without référent, besides its département's direction.
INBOX_ROLES = (Role.DIRECTION, Role.ORIENTATION_AGENT, Role.REFERENT)
ENDING_DAYS = 30


def can_see_inbox(user, organization):
    """A member of `organization` with an inbox role, or the direction of its département."""
    member = any(
        m.organization_id == organization.pk and m.role in INBOX_ROLES
        for m in org_perms.active_memberships(user)
    )
    return member or org_perms.reaches(user, organization.departement_id, Role.DIRECTION)


def inbox_organizations(user):
    """The organisations whose inbox `user` works, each with `waiting`: its persons without référent
    that `user` may see; those with nobody waiting only if `user` is a member."""
    members_of = [m.organization_id for m in org_perms.active_memberships(user) if m.role in INBOX_ROLES]
    directed = org_perms.departements_for(user, Role.DIRECTION)
    waiting = (
        Orientation.objects.current()
        .filter(
            body=OuterRef("pk"), person__in=_without_referent(Person.objects.visible_to(user)).values("pk")
        )
        .order_by()
        .values("body")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Organization.objects.filter(Q(pk__in=members_of) | Q(departement_id__in=directed))
        .annotate(waiting=Coalesce(Subquery(waiting), 0))
        .filter(Q(pk__in=members_of) | Q(waiting__gt=0))
        .select_related("departement", "territory")
        .order_by("departement_id", "name", "id")
    )


def _without_referent(persons):
    """Persons with no current référent nor pathway exit."""
    followed = ReferentAssignment.objects.filter(end_date=None).values("person_id")
    return persons.exclude(pk__in=followed).exclude(pk__in=PathwayExit.objects.values("person_id"))


def inbox(user, organization):
    """The persons oriented to `organization` (current validated orientation) who have no référent
    yet, among those `user` may see; the oldest orientations first."""
    oriented = Orientation.objects.current().filter(body=organization).values("person_id")
    persons = Person.objects.visible_to(user).filter(pk__in=oriented)
    return (
        _without_referent(persons)
        .annotate(oriented_on=_current("decision_date"), track=_current("track"))
        .select_related("dossier__territory")
        .order_by("oriented_on", "last_name", "first_name", "id")
    )


def organization_referents(organization):
    """The active référent memberships of `organization`, by name."""
    return (
        Membership.objects.active()
        .filter(organization=organization, role=Role.REFERENT)
        .select_related("user", "organization")
        .order_by("user__last_name", "user__first_name", "user_id", "id")
    )


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclasses.dataclass(frozen=True)
class Agenda:
    today: object
    this_week: object
    to_record: object


def agenda(user, *, today, now):
    """The appointments of the persons `user` follows: today's (not cancelled), the rest of this
    week's still planned, and the past ones whose attendance is still to record."""
    followed = ReferentAssignment.objects.filter(referent=user, end_date=None).values("person_id")
    appointments = (
        Appointment.objects.visible_to(user)
        .filter(person__in=followed)
        .select_related("person", "organization")
        .order_by("starts_at", "id")
    )
    tomorrow = _day_start(today + datetime.timedelta(days=1))
    next_monday = _day_start(today + datetime.timedelta(days=7 - today.weekday()))
    scheduled = appointments.filter(status=AppointmentStatus.SCHEDULED)
    return Agenda(
        today=appointments.filter(starts_at__gte=_day_start(today), starts_at__lt=tomorrow).exclude(
            status=AppointmentStatus.CANCELLED
        ),
        this_week=scheduled.filter(starts_at__gte=tomorrow, starts_at__lt=next_monday),
        to_record=scheduled.filter(starts_at__lt=now),
    )


def contracts_ending(user, *, today, days=ENDING_DAYS):
    """Signed contracts ending within `days` of the persons `user` follows and, for a direction, of
    its départements; the nearest end first."""
    followed = ReferentAssignment.objects.filter(referent=user, end_date=None).values("person_id")
    scope = Q(person__in=followed) | Q(departement_code__in=org_perms.departements_for(user, Role.DIRECTION))
    return (
        Contract.objects.visible_to(user)
        .filter(scope)
        .filter(
            status=ContractStatus.SIGNED,
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=days),
        )
        .select_related("person", "person__dossier__territory", "referent")
        .order_by("end_date", "person__last_name", "person__first_name", "id")
    )
