"""The rows derived from the dossiers, persons and right history that this app writes.

Those rows live above this app (the pathway facts the indicators read, in pathways): their app
registers a keeper at start-up, and the writers here (the CAF import, the spreadsheet import) call
`dossiers_written` in their transaction, so that this app never imports upwards and a derived row
is never left behind its dossier.
"""

_keepers = []


def register(keeper):
    """`keeper(dossier_ids)` rewrites what it derives from the persons of those dossiers."""
    if keeper not in _keepers:
        _keepers.append(keeper)


def dossiers_written(dossier_ids):
    """The dossiers `dossier_ids`, their persons or their right history were written."""
    ids = list(dossier_ids)
    if not ids:
        return
    for keeper in _keepers:
        keeper(ids)
