"""A person's timeline, built from the events of every registered provider.

A provider is a function of a person returning `TimelineEvent`s, in a fixed number of queries.
Each app declares its own in a `timeline_events` module (found by `autodiscover()` when the
pathways app is ready), so that the apps above pathways (prescriptions, positionings,
immersions...) add their events without the pathways app importing them.
"""

import dataclasses
import datetime

from django.utils.module_loading import autodiscover_modules

_PROVIDERS = {}


@dataclasses.dataclass(frozen=True)
class TimelineEvent:
    day: datetime.date
    kind: str
    label: str
    obj: object
    # Among the events of one day, those of higher rank are shown as the later ones (an exit last).
    rank: int = 0


def register(provider):
    """Declare `provider` (usable as a decorator); declaring the same function again changes nothing."""
    _PROVIDERS[f"{provider.__module__}.{provider.__qualname__}"] = provider
    return provider


def events(person):
    """Every event of the person's pathway, most recent first."""
    found = [event for provider in _PROVIDERS.values() for event in provider(person)]
    return sorted(found, key=lambda event: (event.day, event.rank), reverse=True)


def autodiscover():
    autodiscover_modules("timeline_events")
