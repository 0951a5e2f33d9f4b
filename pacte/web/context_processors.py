from pacte.organizations import perms
from pacte.web.navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    return {
        "menu": menu_for(user, request.path),
        "current_memberships": perms.active_memberships(user),
    }
