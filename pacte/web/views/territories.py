from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render

from pacte.core.errors import DomainError
from pacte.organizations import perms
from pacte.territory.models import Commune, Departement, Territory
from pacte.territory.services import check_change, preview_change, set_signatory, update_territory


def _territories_for(user):
    if not perms.can_manage_territories(user):
        raise PermissionDenied
    return Territory.objects.visible_to(user).select_related("departement")


@login_required
def territory_list(request):
    territories = (
        _territories_for(request.user)
        .annotate(commune_count=Count("communes"), population=Sum("communes__population"))
        .order_by("departement_id", "name")
    )
    departements = Departement.objects.visible_to(request.user)
    return render(
        request, "web/territories/list.html", {"territories": territories, "departements": departements}
    )


class CommuneChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, commune):
        return f"{commune} · {commune.territory or 'sans territoire'}"


class TerritoryForm(forms.Form):
    """A territory's name and communes; `change` says, once valid, what saving it would move."""

    name = forms.CharField(label="Nom du territoire", max_length=150)
    communes = CommuneChoiceField(
        label="Communes rattachées",
        queryset=Commune.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cocher une commune d'un autre territoire l'y déplace, avec ses dossiers.",
    )
    # The INSEE codes of the moves the user was shown and confirmed (`TerritoryChange.key`).
    confirmed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.territory = territory
        self.change = None
        self.fields["communes"].queryset = (
            Commune.objects.filter(departement=territory.departement)
            .select_related("territory")
            .order_by("name")
        )

    def clean(self):
        cleaned_data = super().clean()
        if "communes" in cleaned_data:
            try:
                self.change = preview_change(territory=self.territory, communes=cleaned_data["communes"])
                check_change(self.change)
            except DomainError as error:
                self.change = None
                self.add_error(error.field, error.message)
        return cleaned_data

    @property
    def needs_confirmation(self):
        """The change moves communes or dossiers that the user has not confirmed as shown."""
        change = self.change
        return change is not None and bool(change.moves) and self.cleaned_data["confirmed"] != change.key


@login_required
def territory_edit(request, pk):
    """Saving a change that moves communes first shows, per commune and in total, the dossiers that
    would follow them, with the form as typed and a confirmation button."""
    territory = get_object_or_404(_territories_for(request.user), pk=pk)
    initial = {"name": territory.name, "communes": list(territory.communes.values_list("pk", flat=True))}
    form = TerritoryForm(request.POST or None, initial=initial, territory=territory)
    change = None
    if request.method == "POST" and form.is_valid():
        if form.needs_confirmation:
            change = form.change
        else:
            try:
                update_territory(
                    actor=request.user,
                    territory=territory,
                    name=form.cleaned_data["name"],
                    communes=form.cleaned_data["communes"],
                )
            except DomainError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(request, "Le territoire a été enregistré.")
                return redirect("web:territory_list")
    return render(
        request, "web/territories/edit.html", {"territory": territory, "form": form, "change": change}
    )


class SignatoryForm(forms.Form):
    title = forms.CharField(
        label="Qualité du ou de la signataire",
        max_length=250,
        help_text="Par exemple : Pour le Président du Conseil départemental, la directrice de l'insertion",
    )
    name = forms.CharField(label="Nom du ou de la signataire", max_length=150)


@login_required
def signatory_edit(request, code):
    """The signatory of the département's letters to persons, set by its direction."""
    if not perms.can_manage_territories(request.user):
        raise PermissionDenied
    departement = get_object_or_404(Departement.objects.visible_to(request.user), code=code)
    initial = {"title": departement.signatory_title, "name": departement.signatory_name}
    form = SignatoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        set_signatory(
            actor=request.user,
            departement=departement,
            title=form.cleaned_data["title"],
            name=form.cleaned_data["name"],
        )
        messages.success(request, "Le ou la signataire des courriers a été enregistré.")
        return redirect("web:territory_list")
    return render(request, "web/territories/signatory.html", {"departement": departement, "form": form})
