"""Is a job « en tension » where a person lives or an offer is? The lists in force for a
département are the latest year's lists of its region and of the département itself (employment
zone lists are kept and shown; they flag nothing until communes know their employment zone).

`tension_codes()` answers for several départements in two queries, so that a list page flags
every row without a query per row; `is_in_tension()` is the one-question form the pathway pages
call for a person's ROME projects.
"""

from django.db.models import Q

from pacte.employment.enums import TensionTerritoryKind
from pacte.employment.models import TensionJob, TensionList
from pacte.territory.models import Departement


def lists_in_force(departement_codes):
    """{département code: [TensionList, ...]}: for each territory covering it, its latest year."""
    codes = sorted(set(departement_codes))
    regions = dict(Departement.objects.filter(code__in=codes).values_list("code", "region_code"))
    condition = Q(territory_kind=TensionTerritoryKind.DEPARTEMENT, territory_code__in=codes) | Q(
        territory_kind=TensionTerritoryKind.REGION, territory_code__in={r for r in regions.values() if r}
    )
    latest = {}
    for tension_list in TensionList.objects.filter(condition).order_by("year", "id"):
        latest.setdefault((tension_list.territory_kind, tension_list.territory_code), {})
        by_year = latest[(tension_list.territory_kind, tension_list.territory_code)]
        if by_year and max(by_year) < tension_list.year:
            by_year.clear()
        by_year.setdefault(tension_list.year, []).append(tension_list)
    in_force = {}
    for code in codes:
        keys = [(TensionTerritoryKind.DEPARTEMENT, code), (TensionTerritoryKind.REGION, regions.get(code))]
        in_force[code] = [
            t for key in keys for year_lists in latest.get(key, {}).values() for t in year_lists
        ]
    return in_force


def tension_codes(departement_codes):
    """{département code: set of ROME codes en tension there}."""
    in_force = lists_in_force(departement_codes)
    list_ids = {t.pk for lists in in_force.values() for t in lists}
    by_list = {}
    for list_id, rome_id in TensionJob.objects.filter(tension_list_id__in=list_ids).values_list(
        "tension_list_id", "rome_id"
    ):
        by_list.setdefault(list_id, set()).add(rome_id)
    return {code: set().union(*(by_list.get(t.pk, set()) for t in lists)) for code, lists in in_force.items()}


def is_in_tension(rome_code, departement):
    """`rome_code` (a code or a RomeCode) is on a list in force in `departement` (a code or a Departement)."""
    code = getattr(departement, "code", departement)
    rome = getattr(rome_code, "code", rome_code)
    return rome in tension_codes([code]).get(code, set())


def flag(rows, *, rome_attr="rome_id"):
    """Set `in_tension` on each row (job offers, positions: with `departement_code`), in two queries."""
    rows = list(rows)
    codes = tension_codes({row.departement_code for row in rows}) if rows else {}
    for row in rows:
        row.in_tension = getattr(row, rome_attr) in codes.get(row.departement_code, set())
    return rows


def in_tension_q(departement_codes):
    """A Q selecting the rows (with `departement_code`, `rome`) whose job is en tension there."""
    condition = Q(pk__in=[])
    for code, romes in tension_codes(departement_codes).items():
        if romes:
            condition |= Q(departement_code=code, rome_id__in=sorted(romes))
    return condition
