from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from pacte.audit.services import log_read
from pacte.beneficiaries.models import Person
from pacte.organizations import perms
from pacte.pathways import perms as pathway_perms


def _visible_people(user):
    if not perms.can_see_people(user) or not perms.is_staff_user(user):
        raise PermissionDenied
    return Person.objects.visible_to(user)


@login_required
def person_list(request):
    people = _visible_people(request.user).adults().select_related("dossier", "dossier__commune")
    query = request.GET.get("q", "").strip()
    if query:
        people = people.filter(last_name__icontains=query) | people.filter(first_name__icontains=query)
    people = people.order_by("last_name", "first_name", "id")
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(request, "web/persons/list.html", {"page": page, "query": query})


@login_required
def person_detail(request, uuid):
    person = get_object_or_404(
        _visible_people(request.user).select_related("dossier", "dossier__commune", "dossier__territory"),
        uuid=uuid,
    )
    log_read(request, person)
    context = {
        "person": person,
        "show_nir": perms.can_read_nir(request.user),
        "show_pathway": pathway_perms.can_read_pathways(request.user),
        "history": person.right_history.order_by("-dtref")[:24],
        "household": person.dossier.persons.order_by("rsa_role", "birth_date", "id"),
    }
    return render(request, "web/persons/detail.html", context)
