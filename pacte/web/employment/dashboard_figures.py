"""The figures of the employment dashboard, for one département and one year: counts and sums only,
never a person. Each function runs a fixed number of queries whatever the rows.

- recruitments: the hires of the year (`Positioning.hired_on`) by sector, territory and programme
  (`employment.positionings.recruitments`) and by month and programme;
- coverage of the métiers en tension: for each job of the lists in force in the département, the
  persons whose employment project targets it, and the open job offers (and their positions) on it;
- social clauses: the hours of insertion done against those required, per contract, and by month.
"""

import dataclasses
import datetime
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from pacte.employment import clauses, tension
from pacte.employment.enums import JobOfferStatus
from pacte.employment.models import (
    ClauseHours,
    JobOffer,
    Positioning,
    PositioningProgramme,
    PositioningStatus,
    SocialClause,
    TensionJob,
)
from pacte.employment.positionings import recruitments
from pacte.pathways.models import EmploymentProject

MONTH_NAMES = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


def month_label(month):
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def year_months(year, today):
    """The first days of the months of `year`, up to `today`'s month for the current year."""
    last = 12 if year < today.year else today.month
    return [datetime.date(year, month, 1) for month in range(1, last + 1)] if year <= today.year else []


# Recruitments --------------------------------------------------------------------------------


@dataclasses.dataclass
class Recruitments:
    total: int
    by_sector: list
    by_territory: list
    by_programme: list
    programmes: list  # [(value, label)] of the programmes that have hires, in the enum's order
    by_month: list  # [(month, label, total, [count per programme of `programmes`])]


def hires(departement_code, year):
    return Positioning.objects.filter(
        departement_code=departement_code, status=PositioningStatus.HIRED, hired_on__year=year
    )


def recruitment_figures(departement_code, year, today):
    hired = hires(departement_code, year)
    by_programme = recruitments(hired, by="programme")
    cells = {}
    rows = (
        hired.order_by()
        .annotate(month=TruncMonth("hired_on"))
        .values_list("month", "programme")
        .annotate(count=Count("id"))
    )
    for month, programme, count in rows:
        month = month.date() if isinstance(month, datetime.datetime) else month
        cells[(month, programme)] = count
    present = {group["key"] for group in by_programme}
    programmes = [(value, label) for value, label in PositioningProgramme.choices if value in present]
    by_month = []
    for month in year_months(year, today):
        counts = [cells.get((month, value), 0) for value, _ in programmes]
        by_month.append((month, month_label(month), sum(counts), counts))
    return Recruitments(
        total=sum(group["count"] for group in by_programme),
        by_sector=recruitments(hired, by="sector"),
        by_territory=recruitments(hired, by="territory"),
        by_programme=by_programme,
        programmes=programmes,
        by_month=by_month,
    )


# Métiers en tension ----------------------------------------------------------------------------


@dataclasses.dataclass
class TensionRow:
    rome: str
    label: str
    people: int
    open_offers: int
    open_positions: int


@dataclasses.dataclass
class TensionCoverage:
    rows: list
    lists: list  # the TensionList rows in force
    people_targeting: int  # distinct persons whose project targets at least one of the jobs

    @property
    def jobs(self):
        return len(self.rows)

    @property
    def covered(self):
        return sum(1 for row in self.rows if row.people)

    @property
    def with_offers(self):
        return sum(1 for row in self.rows if row.open_offers)

    @property
    def covered_rate(self):
        return round(self.covered * 100 / self.jobs) if self.jobs else None


def tension_coverage(departement_code):
    lists = tension.lists_in_force([departement_code])[departement_code]
    labels = {}
    jobs = TensionJob.objects.filter(tension_list__in=[t.pk for t in lists]).order_by("rome_id", "id")
    for rome, label in jobs.values_list("rome_id", "label"):
        labels.setdefault(rome, label)
    romes = sorted(labels)
    projects = EmploymentProject.objects.filter(departement_code=departement_code, anonymised_at=None)
    through = EmploymentProject.romes.through.objects.filter(
        employmentproject__in=projects.values("pk"), romecode_id__in=romes
    )
    people = dict(
        through.order_by()
        .values_list("romecode_id")
        .annotate(n=Count("employmentproject_id", distinct=True))
        .values_list("romecode_id", "n")
    )
    people_targeting = through.values("employmentproject_id").distinct().count()
    offers = {
        rome: (count, positions)
        for rome, count, positions in JobOffer.objects.filter(
            departement_code=departement_code, status=JobOfferStatus.OPEN, rome_id__in=romes
        )
        .order_by()
        .values_list("rome_id")
        .annotate(count=Count("id"), positions=Sum("positions"))
        .values_list("rome_id", "count", "positions")
    }
    rows = [TensionRow(rome, labels[rome], people.get(rome, 0), *offers.get(rome, (0, 0))) for rome in romes]
    rows.sort(key=lambda row: (-row.people, -row.open_offers, row.rome))
    return TensionCoverage(rows=rows, lists=lists, people_targeting=people_targeting)


# Social clauses ------------------------------------------------------------------------------


@dataclasses.dataclass
class ClauseRow:
    clause: SocialClause
    compliance: clauses.Compliance


@dataclasses.dataclass
class ClauseFigures:
    rows: list
    required: int
    done: Decimal
    by_month: list  # [(month, label, hours)] of the year

    @property
    def rate(self):
        return round(float(self.done) * 100 / self.required, 1) if self.required else None


def clause_figures(departement_code, year, today):
    listed = clauses.with_totals(
        SocialClause.objects.filter(departement_code=departement_code).select_related("holder__organization")
    ).order_by("-starts_on", "reference", "id")
    rows = [ClauseRow(clause, clauses.compliance(clause, today)) for clause in listed]
    monthly = dict(
        ClauseHours.objects.filter(departement_code=departement_code, month__year=year)
        .order_by()
        .values_list("month")
        .annotate(total=Sum("hours"))
        .values_list("month", "total")
    )
    by_month = [
        (month, month_label(month), monthly.get(month, Decimal(0))) for month in year_months(year, today)
    ]
    return ClauseFigures(
        rows=rows,
        required=sum(row.compliance.required for row in rows),
        done=sum((row.compliance.done for row in rows), Decimal(0)),
        by_month=by_month,
    )
