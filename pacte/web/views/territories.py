from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render

from pacte.organizations import perms
from pacte.territory.models import Commune, Territory
from pacte.territory.services import update_territory


def _territories_for(user):
    if not perms.can_manage_territories(user):
        raise PermissionDenied
    codes = perms.departement_codes_for(user) if not user.is_superuser else None
    territories = Territory.objects.select_related("departement")
    if codes is not None:
        territories = territories.filter(departement_id__in=codes)
    return territories


@login_required
def territory_list(request):
    territories = (
        _territories_for(request.user)
        .annotate(commune_count=Count("communes"), population=Sum("communes__population"))
        .order_by("departement_id", "name")
    )
    return render(request, "web/territories/list.html", {"territories": territories})


class TerritoryForm(forms.Form):
    name = forms.CharField(label="Nom du territoire", max_length=150)
    communes = forms.ModelMultipleChoiceField(
        label="Communes rattachées",
        queryset=Commune.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = Commune.objects.filter(departement=territory.departement).order_by(
            "name"
        )


@login_required
def territory_edit(request, pk):
    territory = get_object_or_404(_territories_for(request.user), pk=pk)
    initial = {"name": territory.name, "communes": list(territory.communes.values_list("pk", flat=True))}
    form = TerritoryForm(request.POST or None, initial=initial, territory=territory)
    if request.method == "POST" and form.is_valid():
        update_territory(
            actor=request.user,
            territory=territory,
            name=form.cleaned_data["name"],
            communes=form.cleaned_data["communes"],
        )
        messages.success(request, "Le territoire a été enregistré.")
        return redirect("web:territory_list")
    return render(request, "web/territories/edit.html", {"territory": territory, "form": form})
