"""Who may run imports, and over which départements: the direction of its départements, superusers
over all of them."""

from django.core.exceptions import PermissionDenied

from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.territory.models import Departement


def import_departements(user):
    """The codes of the départements where `user` runs imports; None means every one (superuser)."""
    if not perms.can_run_imports(user):
        raise PermissionDenied
    return None if user.is_superuser else perms.departement_codes_for(user, Role.DIRECTION)


def departement_choices(user):
    codes = import_departements(user)
    departements = Departement.objects.order_by("code")
    if codes is not None:
        departements = departements.filter(code__in=codes)
    return [(departement.code, str(departement)) for departement in departements]


def scoped(queryset, user, field="departement_code"):
    """`queryset` limited to the user's départements; an object outside them answers 404."""
    codes = import_departements(user)
    return queryset if codes is None else queryset.filter(**{f"{field}__in": codes})
