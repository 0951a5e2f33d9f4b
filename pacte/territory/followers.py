"""The rows that carry their commune's territory of action (a dossier's sector, say).

Those models live above this app: each registers itself at start-up, so that moving a commune to
another territory moves their rows with it, and the territory page counts them beforehand, without
this app importing upwards.
"""

import dataclasses

from django.db.models import Count

_models = []
_uncounted = set()


def register(model, *, counted=True):
    """`model` has a `commune` and a `territory` foreign key: its rows follow their commune.
    `counted=False`: rows derived from others (kept for the statistics), which move with them but
    are not what a change of sector shows nor what makes a commune lag behind."""
    if model not in _models:
        _models.append(model)
    if not counted:
        _uncounted.add(model)


@dataclasses.dataclass(frozen=True)
class Rows:
    """How many rows of `model` a change of sector moves."""

    model: type
    count: int

    @property
    def label(self):
        """ "1 dossier RSA", "3 dossiers RSA" (French takes the singular for 0 and 1)."""
        meta = self.model._meta
        return f"{self.count} {meta.verbose_name if self.count <= 1 else meta.verbose_name_plural}"


def _behind(territory, commune_ids, *, every=False):
    """Per follower model (counted ones unless `every`), its rows of `commune_ids` not in `territory`."""
    for model in _models:
        if every or model not in _uncounted:
            yield model, model.objects.filter(commune_id__in=commune_ids).exclude(territory=territory)


def count(territory, commune_ids):
    """{model: {commune_id: rows}}: one query per model, whatever the number of communes."""
    counts = {}
    for model, rows in _behind(territory, commune_ids):
        grouped = (
            rows.order_by().values("commune_id").annotate(rows=Count("pk")).values_list("commune_id", "rows")
        )
        counts[model] = dict(grouped)
    return counts


def move(territory, commune_ids):
    """Put the rows of `commune_ids` in `territory`: one UPDATE per model; {model: rows moved}."""
    moved = {
        model: rows.update(territory=territory) for model, rows in _behind(territory, commune_ids, every=True)
    }
    return {model: count for model, count in moved.items() if model not in _uncounted}
