"""The départements a user manages, for the ground floor's querysets (départements, territories,
background tasks).

Memberships live above this app: `pacte.organizations` registers the answer at start-up, so that
`Territory.objects.visible_to(user)` and the like filter by user without importing upwards.
"""

_managed = []


def register(managed):
    """`managed(user, field) -> Q` selects the rows whose `field` is a département `user` manages."""
    _managed[:] = [managed]


def managed_q(user, field):
    return _managed[0](user, field)
