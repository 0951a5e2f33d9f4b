"""The coverage as people read it: the table of gaps (territories × themes) for the page and the
export, with the small counts (1 to 4) of persons given exactly to the direction only."""

import dataclasses

SMALL_COUNT_MAX = 4
SMALL_COUNT_LABEL = "1 à 4"


def shown(value, *, exact):
    """A count of persons as the reader may see it: 1 to 4 are masked unless `exact`."""
    if not exact and 1 <= value <= SMALL_COUNT_MAX:
        return SMALL_COUNT_LABEL
    return value


@dataclasses.dataclass(frozen=True)
class ShownCell:
    people: object
    without_offer: object
    gap_rate: object
    offers: int
    unlocated: object
    is_gap: bool


def shown_cell(cell, *, exact):
    # A rate over a masked count would give the count away.
    masked = not exact and 1 <= cell.people <= SMALL_COUNT_MAX
    return ShownCell(
        people=shown(cell.people, exact=exact),
        without_offer=shown(cell.without_offer, exact=exact),
        gap_rate=None if masked else cell.gap_rate,
        offers=cell.offers,
        unlocated=shown(cell.unlocated, exact=exact),
        is_gap=cell.without_offer > 0,
    )


def shown_rows(coverage, *, exact):
    """[(label, [ShownCell per theme])] for every territory, then the département's total."""
    return [
        (row.label, [shown_cell(row.cells[theme], exact=exact) for theme in coverage.themes])
        for row in [*coverage.rows, coverage.total]
    ]


def export_rows(coverage, *, exact):
    """The table of gaps, one line per territory and theme, the header first."""
    distance = coverage.distance_km
    yield [
        "Territoire d'action",
        "Frein",
        "Personnes avec ce frein",
        f"Dont sans offre à moins de {distance} km",
        "Part sans offre (%)",
        f"Offres accessibles à moins de {distance} km ou à distance",
        "Dont commune inconnue",
    ]
    for label, cells in shown_rows(coverage, exact=exact):
        for theme, cell in zip(coverage.themes, cells, strict=True):
            yield [
                label,
                theme.label,
                cell.people,
                cell.without_offer,
                cell.gap_rate,
                cell.offers,
                cell.unlocated,
            ]
