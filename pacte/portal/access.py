"""Who enters the space: a signed-in beneficiary with a person record; anyone else goes elsewhere."""

import functools

from django.shortcuts import redirect

from pacte.beneficiaries.models import Person
from pacte.organizations import perms
from pacte.organizations.enums import Role


def own_person(user):
    """The person whose space this is: the one linked to the account, through the scoped entry point."""
    return Person.objects.visible_to(user).select_related("dossier").first()


def beneficiary_required(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect("portal:sign_in")
        if perms.roles(user) != {Role.BENEFICIARY}:
            return redirect("web:home")
        person = own_person(user)
        if person is None:
            return redirect("portal:no_record")
        request.person = person
        return view(request, *args, **kwargs)

    return wrapper
