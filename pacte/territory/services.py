from django.db import transaction

from pacte.audit.services import log
from pacte.territory.models import Commune


@transaction.atomic
def update_territory(*, actor, territory, name, communes):
    """Rename a territory of action and set its communes (a commune belongs to one territory)."""
    territory.name = name
    territory.save(update_fields=["name"])
    chosen = {commune.pk for commune in communes}
    Commune.objects.filter(territory=territory).exclude(pk__in=chosen).update(territory=None)
    Commune.objects.filter(pk__in=chosen).update(territory=territory)
    log(
        actor=actor,
        action="territory.update",
        obj=territory,
        data={"communes": sorted(chosen)},
        departement_code=territory.departement_id,
    )
    return territory
