"""Scoping of the follow-up pages: a role without pathways answers 403; a person, contract or
appointment out of the user's scope answers 404 (its existence is not revealed)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from pacte.beneficiaries.models import Person
from pacte.organizations import perms as org_perms
from pacte.pathways import perms
from pacte.web import form_pages

FORM_TEMPLATE = "web/pathways/followup/form.html"


def check(allowed):
    if not allowed:
        raise PermissionDenied


def check_reader(user):
    """Staff who work on pathways: direction, orientation agents, référents (not partners)."""
    check(perms.can_read_pathways(user) and org_perms.is_staff_user(user))


def visible_persons(user):
    check_reader(user)
    return Person.objects.visible_to(user)


def person_or_404(request, uuid):
    queryset = visible_persons(request.user).select_related("dossier", "dossier__territory")
    return get_object_or_404(queryset, uuid=uuid)


def record_or_404(request, model, uuid, *related):
    """A pathway row of a person the user may see, by its UUID."""
    check_reader(request.user)
    queryset = model.objects.visible_to(request.user).select_related("person", "person__dossier", *related)
    return get_object_or_404(queryset, uuid=uuid)


def is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def form_page(request, form, *, action, context, success, message, aliases=None):
    """Render `form`; on a valid POST call `action(cleaned_data)` (a service), then go to `success`.

    A refused precondition (`DomainError`) comes back on the field it names (`aliases`: service
    argument → form field), else at the top of the form, which keeps what was typed.
    """
    return form_pages.form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context=context,
        write=lambda form: action(form.cleaned_data),
        message=message,
        success=success,
        aliases=aliases,
    )


def posted(request):
    """The submitted data, or None for a GET (an empty POST still validates the form)."""
    return request.POST if request.method == "POST" else None


CONFIRMED = "confirmed"


def needs_confirmation(request):
    """A POST that has not yet gone through `confirm_page`."""
    return CONFIRMED not in request.POST


def confirm_page(request, *, title, lead, submit, back):
    """Ask to confirm a POST: the same fields are posted again, with `confirmed`."""
    hidden = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in request.POST.getlist(name)
    ]
    context = {"title": title, "lead": lead, "submit": submit, "back": back, "hidden": hidden}
    return render(request, "web/pathways/followup/confirm.html", {**context, "confirmed": CONFIRMED})


def people(count):
    """ "1 personne", "3 personnes" (French: 0 and 1 are singular)."""
    return f"{count} personne{'s' if count > 1 else ''}"
