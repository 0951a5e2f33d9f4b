"""A service's refusal shown on the form that asked for it."""


def add_domain_error(form, error, aliases=None):
    """Put `error` (a `DomainError`) on the field it names, else at the top of the form.

    `aliases` maps a service argument to the form field that feeds it (`starts_at` → `day`).
    """
    name = (aliases or {}).get(error.field, error.field)
    form.add_error(name if name in form.fields else None, error.message)
