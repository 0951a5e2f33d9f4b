"""The French reason of a file error a user causes: a mistyped path, a folder, a full or read-only
disk (the system's own words are English)."""

import errno

_REASONS = {
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EACCES: "accès refusé",
    errno.EPERM: "accès refusé",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EROFS: "disque en lecture seule",
    errno.ENAMETOOLONG: "nom de fichier trop long",
}


def os_error_reason(error):
    """What went wrong with the file, in French, for an `OSError`."""
    return _REASONS.get(error.errno, f"accès au fichier impossible (erreur système {error.errno})")
