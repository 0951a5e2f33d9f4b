"""Writes on the territories of action. A commune belongs to one territory at most and, once in one,
is never left without: it moves by joining another. The rows that carry a commune's territory (see
`followers`) follow it in the same transaction."""

import dataclasses

from django.db import transaction

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.territory import followers
from pacte.territory.models import Commune, Territory


@dataclasses.dataclass(frozen=True)
class CommuneMove:
    """A commune that joins the territory (`source`: where it is now, `None` for no territory), or
    one already in it whose rows lag behind (`source` is then the territory itself)."""

    commune: Commune
    source: Territory | None
    rows: tuple  # followers.Rows, one per follower model

    def count(self, model):
        return sum(rows.count for rows in self.rows if rows.model is model)


@dataclasses.dataclass(frozen=True)
class TerritoryChange:
    """What giving `territory` a set of communes would do, computed before anything is written."""

    territory: Territory
    moves: tuple
    orphans: tuple  # the territory's communes left out, which would belong to no territory

    def count(self, model):
        return sum(move.count(model) for move in self.moves)

    @property
    def totals(self):
        """The rows moved in all, one `followers.Rows` per follower model."""
        models = {rows.model: None for move in self.moves for rows in move.rows}
        return tuple(followers.Rows(model, self.count(model)) for model in models)

    @property
    def key(self):
        """The INSEE codes of the communes moved: what a confirmation of this change names."""
        return ",".join(sorted(move.commune.pk for move in self.moves))


def preview_change(*, territory, communes):
    """The change that giving `territory` exactly `communes` makes, in a fixed number of queries."""
    chosen = {commune.pk for commune in communes}
    candidates = list(Commune.objects.filter(pk__in=chosen).select_related("territory"))
    foreign = [commune for commune in candidates if commune.departement_id != territory.departement_id]
    if foreign:
        raise DomainError(
            f"La commune {foreign[0]} n'est pas dans le département du territoire.", field="communes"
        )
    behind = followers.count(territory, chosen)
    moves = []
    for commune in candidates:
        rows = tuple(followers.Rows(model, counts.get(commune.pk, 0)) for model, counts in behind.items())
        if commune.territory_id != territory.pk or any(entry.count for entry in rows):
            moves.append(CommuneMove(commune=commune, source=commune.territory, rows=rows))
    orphans = tuple(Commune.objects.filter(territory=territory).exclude(pk__in=chosen))
    return TerritoryChange(territory=territory, moves=tuple(moves), orphans=orphans)


def check_change(change):
    """Refuse a change that would leave a commune without a territory."""
    if not change.orphans:
        return
    names = ", ".join(str(commune) for commune in change.orphans)
    subject = "Cette commune resterait" if len(change.orphans) == 1 else "Ces communes resteraient"
    raise DomainError(
        f"{subject} sans territoire : {names}. Pour déplacer une commune, "
        "cochez-la dans le territoire qui doit l'accueillir.",
        field="communes",
    )


def _lock_sectors(territory):
    """Serialise the changes of a département's territories, so that a preview made inside the
    transaction stays true until it is written."""
    list(Territory.objects.select_for_update().filter(departement_id=territory.departement_id).values("pk"))


def _apply(actor, change):
    if not change.moves:
        return
    territory = change.territory
    joining = {move.commune.pk: move.source.pk if move.source else None for move in change.moves}
    joining = {code: source for code, source in joining.items() if source != territory.pk}
    Commune.objects.filter(pk__in=joining).update(territory=territory)
    moved = followers.move(territory, [move.commune.pk for move in change.moves])
    log(
        actor=actor,
        action="territory.communes_move",
        obj=territory,
        data={"communes": joining, "rows": {model._meta.label_lower: rows for model, rows in moved.items()}},
        departement_code=territory.departement_id,
    )


@transaction.atomic
def move_communes(*, actor, territory, communes):
    """Put `communes` in `territory`, their rows with them (one UPDATE per follower model)."""
    _lock_sectors(territory)
    change = preview_change(territory=territory, communes=communes)
    _apply(actor, change)
    return change


@transaction.atomic
def update_territory(*, actor, territory, name, communes):
    """Rename a territory and give it exactly `communes`: those of other territories move to it with
    their rows; leaving out one of its own communes is refused (it would belong to none)."""
    _lock_sectors(territory)
    communes = list(communes)
    change = preview_change(territory=territory, communes=communes)
    check_change(change)
    territory.name = name
    territory.save(update_fields=["name"])
    _apply(actor, change)
    log(
        actor=actor,
        action="territory.update",
        obj=territory,
        data={"communes": sorted(commune.pk for commune in communes)},
        departement_code=territory.departement_id,
    )
    return change


@transaction.atomic
def set_signatory(*, actor, departement, title, name):
    """Give the département's letters their signatory (their title and name)."""
    departement.signatory_title, departement.signatory_name = title.strip(), name.strip()
    departement.save(update_fields=["signatory_title", "signatory_name"])
    log(
        actor=actor,
        action="departement.signatory_update",
        obj=departement,
        departement_code=departement.code,
        data={"title": departement.signatory_title, "name": departement.signatory_name},
    )
