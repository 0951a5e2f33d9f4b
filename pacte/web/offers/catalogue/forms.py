"""Forms of the catalogue pages: they check the shape of what was typed, the services the rules."""

import re
from decimal import Decimal, InvalidOperation

from django import forms

from pacte.offers import enums
from pacte.offers.enums import OfferStatus
from pacte.pact.models import Action
from pacte.referentials.enums import BarrierTheme
from pacte.territory.models import Commune
from pacte.web.offers.catalogue.display import CATEGORIES, thematique_choices

MAX_RADIUS_KM = 200
DEFAULT_RADIUS_KM = 10
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})
CODE_IN_LABEL = re.compile(r"\((\d[\dAB]\d{3})\)\s*$")
ANY = [("", "Indifférent")]


def _decimal(value, message):
    try:
        return Decimal(value.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise forms.ValidationError(message) from None


def find_commune(text, departement_codes):
    """The commune typed as its INSEE code, "Name (code)" or its name alone (in these
    départements); a ValidationError in French when none or several answer."""
    text = text.strip()
    match = CODE_IN_LABEL.search(text)
    code = match.group(1) if match else text.upper()
    communes = Commune.objects.with_coordinates()
    if re.fullmatch(r"\d[\dAB]\d{3}", code):
        commune = communes.filter(insee_code=code).first()
        if commune is None:
            raise forms.ValidationError(f"Aucune commune localisée n'a le code INSEE {code}.")
        return commune
    named = list(communes.filter(name__iexact=text, departement_id__in=departement_codes)[:5])
    if not named:
        raise forms.ValidationError(
            f"Commune inconnue : « {text} ». Choisissez-la dans la liste ou indiquez son code INSEE."
        )
    if len(named) > 1:
        codes = ", ".join(c.insee_code for c in named)
        raise forms.ValidationError(
            f"Plusieurs communes s'appellent « {text} » : précisez le code INSEE ({codes})."
        )
    return named[0]


class SearchForm(forms.Form):
    STATUSES = [
        ("", "Publiées"),
        (OfferStatus.DRAFT, "Brouillons"),
        (OfferStatus.ARCHIVED, "Archivées"),
        ("all", "Toutes"),
    ]

    commune = forms.CharField(
        label="Commune",
        required=False,
        max_length=120,
        help_text="Nom ou code INSEE de la commune de la personne.",
    )
    radius_km = forms.CharField(
        label="Rayon (km)",
        required=False,
        max_length=10,
        help_text=f"{DEFAULT_RADIUS_KM} km si vide, au plus {MAX_RADIUS_KM}.",
    )
    theme = forms.ChoiceField(label="Besoin (frein)", required=False, choices=ANY + BarrierTheme.choices)
    thematique = forms.ChoiceField(label="Thématique", required=False)
    public = forms.ChoiceField(label="Public", required=False, choices=ANY + enums.Public.choices)
    mode = forms.ChoiceField(
        label="Mode d'accueil", required=False, choices=ANY + enums.ReceptionMode.choices
    )
    q = forms.CharField(label="Mots-clés", required=False, max_length=100)
    status = forms.ChoiceField(label="Statut", required=False, choices=STATUSES)

    def __init__(self, *args, departements=(), show_status=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.departements = list(departements)
        self.fields["thematique"].choices = ANY + thematique_choices()
        if not show_status:
            del self.fields["status"]

    def clean_commune(self):
        text = self.cleaned_data["commune"]
        return find_commune(text, self.departements) if text.strip() else None

    def clean_radius_km(self):
        text = self.cleaned_data["radius_km"].strip()
        if not text:
            return None
        radius = _decimal(text, "Le rayon doit être un nombre de kilomètres, par exemple 15 ou 7,5.")
        if not Decimal("0.1") <= radius <= MAX_RADIUS_KM:
            raise forms.ValidationError(f"Le rayon va de 0,1 à {MAX_RADIUS_KM} km.")
        return float(radius)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("radius_km") is not None
            and not cleaned.get("commune")
            and "commune" not in self.errors
        ):
            self.add_error("commune", "Indiquez la commune d'où mesurer le rayon.")
        if cleaned.get("commune") and cleaned.get("radius_km") is None and "radius_km" not in self.errors:
            cleaned["radius_km"] = float(DEFAULT_RADIUS_KM)
        return cleaned


def _multi(label, choices, help_text=""):
    return forms.MultipleChoiceField(
        label=label, required=False, choices=choices, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


def _optional_choice(label, choices):
    return forms.ChoiceField(label=label, required=False, choices=[("", "—")] + list(choices))


class OfferForm(forms.Form):
    organization = forms.TypedChoiceField(label="Structure", coerce=int)
    name = forms.CharField(label="Nom de l'offre", max_length=150)
    description = forms.CharField(label="Description", widget=TEXT)
    service_type = _optional_choice("Type de service", enums.ServiceType.choices)
    thematiques = _multi("Thématiques", ())
    aims = _multi("Finalités", enums.OfferAim.choices)
    publics = _multi(
        "Publics", enums.Public.choices, help_text="« Tous publics » ne se combine pas avec un autre."
    )
    publics_details = forms.CharField(label="Précisions sur les publics", max_length=500, required=False)
    access_conditions = forms.CharField(label="Conditions d'accès", required=False, widget=TEXT)
    fees = forms.ChoiceField(label="Frais", choices=enums.Fees.choices, initial=enums.Fees.GRATUIT)
    fees_details = forms.CharField(label="Précisions sur les frais", max_length=250, required=False)
    reception_modes = _multi("Modes d'accueil", enums.ReceptionMode.choices)
    mobilisation_modes = _multi("Modes de mobilisation", enums.MobilisationMode.choices)
    eligibility_zone = forms.CharField(
        label="Zone d'éligibilité",
        required=False,
        help_text="Codes INSEE de communes, SIREN d'EPCI, numéros de département ou « france », séparés par des espaces ou des virgules ; vide : sans restriction.",
    )
    weekly_hours = forms.CharField(label="Volume horaire hebdomadaire (heures)", required=False, max_length=6)
    weeks = forms.IntegerField(label="Nombre de semaines", required=False, min_value=0, max_value=260)
    address = forms.CharField(label="Adresse", max_length=250, required=False)
    commune = forms.ChoiceField(label="Commune", required=False)
    latitude = forms.FloatField(
        label="Latitude", required=False, help_text="Facultative : vide, le centre de la commune est repris."
    )
    longitude = forms.FloatField(label="Longitude", required=False)
    is_remote_only = forms.BooleanField(label="Entièrement à distance", required=False)
    capacity = forms.IntegerField(label="Places", required=False, min_value=0)
    waiting_list = forms.IntegerField(
        label="Personnes en liste d'attente", required=False, min_value=0, initial=0
    )
    contact_name = forms.CharField(label="Contact", max_length=150, required=False)
    contact_email = forms.EmailField(label="Courriel de contact", required=False)
    contact_phone = forms.CharField(label="Téléphone de contact", max_length=20, required=False)
    funding_kind = _optional_choice("Financement", enums.FundingKind.choices)
    funding_reference = forms.CharField(label="Référence du financement", max_length=150, required=False)
    funding_action = forms.TypedChoiceField(
        label="Action du pacte qui la finance", required=False, coerce=int, empty_value=None
    )

    GROUPS = [
        ("Présentation", ["organization", "name", "description", "service_type", "thematiques", "aims"]),
        ("Publics et accès", ["publics", "publics_details", "access_conditions", "fees", "fees_details", "eligibility_zone"]),
        ("Accueil", ["reception_modes", "mobilisation_modes", "weekly_hours", "weeks", "capacity", "waiting_list"]),
        ("Lieu", ["address", "commune", "latitude", "longitude", "is_remote_only"]),
        ("Contact et financement", ["contact_name", "contact_email", "contact_phone", "funding_kind", "funding_reference", "funding_action"]),
    ]  # fmt: skip

    def __init__(self, *args, organizations, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {org.pk: org for org in organizations}
        self.fields["organization"].choices = [(org.pk, str(org)) for org in organizations]
        self.fields["thematiques"].choices = thematique_choices()
        self.fields["commune"].choices = [("", "—"), *communes]
        departements = {org.departement_id for org in organizations}
        self.actions = {
            action.pk: action
            for action in Action.objects.filter(objective__thematic__pact__departement_id__in=departements)
            .exclude(objective__thematic__pact__status="closed")
            .select_related("objective__thematic__pact")
            .order_by(
                "objective__thematic__pact__start_year", "objective__thematic__position", "position", "id"
            )
        }
        self.fields["funding_action"].choices = [("", "—")] + [
            (pk, f"{action.objective.thematic.pact} — {action.title}") for pk, action in self.actions.items()
        ]

    def groups(self):
        return [
            (title, [self[name] for name in names if name in self.fields]) for title, names in self.GROUPS
        ]

    def thematique_groups(self):
        """The thématiques' checkboxes under their category."""
        groups = {}
        for choice in self["thematiques"]:
            category = choice.data["value"].split("--")[0]
            groups.setdefault(CATEGORIES.get(category, category), []).append(choice)
        return [(name, choices, any(c.data["selected"] for c in choices)) for name, choices in groups.items()]

    def clean_organization(self):
        return self.organizations[self.cleaned_data["organization"]]

    def clean_weekly_hours(self):
        text = self.cleaned_data["weekly_hours"].strip()
        return _decimal(text, "Le volume horaire hebdomadaire doit être un nombre.") if text else None

    def clean_eligibility_zone(self):
        return [code for code in re.split(r"[\s,;]+", self.cleaned_data["eligibility_zone"]) if code]

    def clean_commune(self):
        code = self.cleaned_data["commune"]
        return Commune.objects.filter(insee_code=code).first() if code else None

    def clean_funding_action(self):
        pk = self.cleaned_data["funding_action"]
        return self.actions.get(pk) if pk is not None else None

    def clean_waiting_list(self):
        return self.cleaned_data["waiting_list"] or 0

    def offer_fields(self):
        """The service's keyword arguments (the organisation apart)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "organization"}

    @staticmethod
    def initial_for(offer):
        initial = {name: getattr(offer, name) for name in OfferForm.base_fields if name != "organization"}
        initial.update(
            organization=offer.organization_id,
            commune=offer.commune_id or "",
            funding_action=offer.funding_action_id or "",
            eligibility_zone=" ".join(offer.eligibility_zone),
            weekly_hours="" if offer.weekly_hours is None else str(offer.weekly_hours).replace(".", ","),
        )
        return initial


class SessionForm(forms.Form):
    start_date = forms.DateField(label="Début", widget=DATE)
    end_date = forms.DateField(label="Fin", required=False, widget=DATE)
    place = forms.CharField(label="Lieu", max_length=250, required=False)
    commune = forms.ChoiceField(label="Commune", required=False)
    capacity = forms.IntegerField(label="Places", required=False, min_value=0)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", "—"), *communes]

    def clean_commune(self):
        code = self.cleaned_data["commune"]
        return Commune.objects.filter(insee_code=code).first() if code else None

    @staticmethod
    def initial_for(session):
        return {
            "start_date": session.start_date,
            "end_date": session.end_date,
            "place": session.place,
            "commune": session.commune_id or "",
            "capacity": session.capacity,
        }
