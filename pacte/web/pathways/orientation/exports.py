"""The France Travail export of the persons oriented to it, for the direction and orientation agents."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from pacte.audit.services import log_list
from pacte.organizations import perms as org_perms
from pacte.pathways import exports, perms
from pacte.web.pathways.orientation.common import render_page, require_orienting
from pacte.web.pathways.orientation.forms import DATE, AccessibleForm


class ExportForm(AccessibleForm):
    departement = forms.ChoiceField(label="Département")
    since = forms.DateField(label="Décisions depuis le", required=False, widget=DATE)
    until = forms.DateField(label="Décisions jusqu'au", required=False, widget=DATE)

    def __init__(self, *args, departements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [(code, code) for code in departements]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "La date de fin précède la date de début.")
        return cleaned


@login_required
def france_travail_export(request):
    require_orienting(request.user)
    codes = org_perms.departements_for(request.user, *perms.ORIENTING_ROLES)
    form = ExportForm(request.GET if "departement" in request.GET else None, departements=codes)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        code = data["departement"]
        if not perms.can_export_for_france_travail(request.user, code):
            raise PermissionDenied
        rows = list(
            exports.oriented_to_france_travail(
                request.user, departement_code=code, since=data["since"], until=data["until"]
            )
        )
        log_list(
            request,
            action="orientation.export.france_travail",
            persons=[orientation.person.uuid for orientation in rows],
            query={"since": str(data["since"] or ""), "until": str(data["until"] or "")},
            departement_code=code,
            data={"rows": len(rows)},
        )
        response = HttpResponse(exports.france_travail_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="orientations-france-travail-{code}.csv"'
        return response
    return render_page(request, "web/pathways/orientation/export.html", {"form": form})
