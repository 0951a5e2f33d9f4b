"""The home page of each role: what that person comes to Pacte for, first."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from pacte.beneficiaries.models import Person
from pacte.organizations import perms
from pacte.organizations.enums import Role

ROLE_ORDER = [
    Role.DIRECTION,
    Role.ORIENTATION_AGENT,
    Role.REFERENT,
    Role.PARTNER,
    Role.EMPLOYER_RELATIONS,
    Role.PACT_CONTRIBUTOR,
    Role.ANALYST,
    Role.BENEFICIARY,
]


def main_role(user):
    user_roles = perms.roles(user)
    for role in ROLE_ORDER:
        if role in user_roles:
            return role
    return None


def _people_summary(user):
    people = Person.objects.visible_to(user).adults()
    return people.aggregate(
        total=Count("pk"),
        sdd=Count("pk", filter=Q(is_sdd=True, dossier__right_state__in=["2", "3", "4"])),
        entering=Count("pk", filter=Q(is_entering_sdd=True)),
    )


@login_required
def home(request):
    user = request.user
    role = main_role(user)
    context = {
        "role": role,
        "role_label": Role(role).label if role else "",
        "memberships": perms.active_memberships(user),
    }
    if role == Role.BENEFICIARY:
        person = Person.objects.visible_to(user).select_related("dossier").first()
        context["person"] = person
        return render(request, "web/home/beneficiary.html", context)
    if perms.can_see_people(user):
        context["people"] = _people_summary(user)
    return render(request, "web/home/staff.html", context)
