"""The form pages of every domain: a service's refusal shown on the form that asked for it, and the
one way a valid POST calls its service, says so and redirects (the form keeps what was typed)."""

from django.contrib import messages
from django.shortcuts import redirect, render

from pacte.core.errors import DomainError


def add_domain_error(form, error, aliases=None):
    """Put `error` (a `DomainError`) on the field it names, else at the top of the form.

    `aliases` maps a service argument to the form field that feeds it (`starts_at` → `day`).
    """
    name = (aliases or {}).get(error.field, error.field)
    form.add_error(name if name in form.fields else None, error.message)


def save_form(request, form, *, write, message, success, aliases=None):
    """On a valid POST, `write(form)` (a service call): its refusal comes back on the form (None is
    returned, to render it again); else `message` and a redirect to `success` (a URL, or a function
    of what `write` returned). None for a GET or an invalid form."""
    if request.method == "POST" and form.is_valid():
        try:
            result = write(form)
        except DomainError as error:
            add_domain_error(form, error, aliases)
        else:
            messages.success(request, message)
            return redirect(success(result) if callable(success) else success)
    return None


def form_page(request, form, *, template, context, **save):
    """`save_form()`, else the form rendered with `template` and `context`."""
    return save_form(request, form, **save) or render(request, template, {**context, "form": form})
