"""The audit action types: each one registered once, with the French label the pages show.

Every app declares its own actions in an `audit_actions` module (found by `autodiscover()` when the
audit app is ready), so this ground-floor app never imports the apps above it. `log()` refuses an
action that is not registered: a typo in an action name fails the tests instead of writing an entry
that no filter will ever find.
"""

from django.utils.module_loading import autodiscover_modules

_LABELS = {}


class UnknownAction(ValueError):
    pass


def register(action, label):
    """Declare `action` with its French `label`; declaring it again with another label is an error."""
    known = _LABELS.get(action)
    if known is not None and known != label:
        raise ValueError(f"Action d'audit « {action} » déjà déclarée avec un autre libellé : « {known} ».")
    _LABELS[action] = label
    return action


def check(action):
    if action not in _LABELS:
        raise UnknownAction(
            f"Action d'audit inconnue : « {action} » (à déclarer dans un module audit_actions)."
        )


def label(action):
    """The French label of `action`, or the action itself for an entry written before it was declared."""
    return _LABELS.get(action, action)


def actions():
    """Every registered action and its label, sorted by action."""
    return sorted(_LABELS.items())


def autodiscover():
    autodiscover_modules("audit_actions")
