"""How progress shows on the pact's tree: a colour band, always with its words (readable without
colour). Progress comes from the latest validated yearly report of each action
(`pacte.pact.reports.latest_progress`): its percentage, else the band its status says; an action
without a validated report is "non renseigné", drawn in a neutral grey."""

import dataclasses

from pacte.pact.enums import ProgressStatus


@dataclasses.dataclass(frozen=True)
class Band:
    key: str
    label: str
    colour: str
    low: int | None = None
    high: int | None = None


NOT_REPORTED = Band("none", "Non renseigné", "#b8b8b8")
BANDS = [
    Band("late", "À engager (moins de 25 %)", "#b3261e", 0, 24),
    Band("started", "Engagée (25 à 74 %)", "#a15c00", 25, 74),
    Band("advanced", "Bien avancée (75 à 99 %)", "#2f6f3e", 75, 99),
    Band("done", "Réalisée (100 %)", "#0b4f8a", 100, 100),
]


def band(progress):
    """The band of a progress (0–100), NOT_REPORTED when there is none."""
    if progress is None:
        return NOT_REPORTED
    return next(b for b in BANDS if b.low <= progress <= b.high)


ABANDONED = Band("abandoned", "Abandonnée", "#4a4a4a")
# A report giving a status without a percentage: its own words, the colour of the nearest band.
STATUS_COLOURS = {"not_started": "#b3261e", "on_track": "#a15c00", "late": "#b3261e", "done": "#0b4f8a"}


def band_for(progress):
    """The band of an entry of `latest_progress` (None: no validated report)."""
    if progress is None:
        return NOT_REPORTED
    if progress["percent"] is not None:
        return band(progress["percent"])
    status = progress["status"]
    if status == "abandoned":
        return ABANDONED
    return Band(status, ProgressStatus(status).label, STATUS_COLOURS[status])


def legend():
    return [NOT_REPORTED, *BANDS, ABANDONED]
