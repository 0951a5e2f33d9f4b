from django.db import models

from pacte.beneficiaries.models import Person
from pacte.core.privacy import Privacy, Rule
from pacte.organizations.enums import OrientationBodyKind
from pacte.organizations.models import Organization
from pacte.territory.models import Commune, Territory


class PathwayFacts(models.Model):
    """Everything the indicators read of an adult, stored at write time so that they count one
    narrow row per person instead of joining persons, dossiers, right history, orientations and
    contracts (docs/decisions/022-pathway-facts.md).

    Derived from the person's dossier, right history, validated orientations and signed contracts,
    of their own département: `pacte.pathways.facts.refresh` rewrites the row after each service
    that writes them (the CAF import, the history import, the pathways services, a commune moving
    to another territory), and `pacte rebuild-pathway-facts` rebuilds (or checks) a whole
    département. An adult with neither right history nor orientation nor engagement contract, a
    child, or a person whose dossier is in another département has no row: the indicators never
    count them.

    The `latest_*` and `rights_*` columns hold the state after the person's last change; a
    computation at a date before that change reads the person's rows instead (the engine).
    """

    # The row goes with its person; it is never the only copy of anything.
    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, primary_key=True, related_name="pathway_facts"
    )
    departement_code = models.CharField("département", max_length=3)
    first_orientation_on = models.DateField("première orientation décidée le", null=True)
    first_orientation_kind = models.CharField(
        "type d'organisme de la première orientation",
        max_length=20,
        choices=OrientationBodyKind.choices,
        blank=True,
    )
    # Orientations already protect their bodies: a body named here is one of them.
    first_orientation_body = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, related_name="+"
    )
    latest_orientation_on = models.DateField("dernière orientation décidée le", null=True)
    latest_orientation_kind = models.CharField(
        "type d'organisme de la dernière orientation",
        max_length=20,
        choices=OrientationBodyKind.choices,
        blank=True,
    )
    latest_orientation_body = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, related_name="+"
    )
    first_engagement_on = models.DateField(
        "premier contrat (CER ou contrat d'engagement) signé le", null=True
    )
    latest_engagement_on = models.DateField(
        "dernier contrat (CER ou contrat d'engagement) signé le", null=True
    )
    engagement_ends_on = models.DateField("fin la plus tardive des contrats d'engagement", null=True)
    engagement_open_ended = models.BooleanField("un contrat d'engagement sans date de fin", default=False)
    contract_after_first_orientation_on = models.DateField(
        "premier contrat (de toute sorte) signé depuis la première orientation, le", null=True
    )
    demand_on = models.DateField("date de demande RSA (DTDEMRSA)")
    # The dossier's commune and territory: the row follows its commune when it changes territory.
    commune = models.ForeignKey(Commune, on_delete=models.SET_NULL, null=True, related_name="+")
    territory = models.ForeignKey(Territory, on_delete=models.SET_NULL, null=True, related_name="+")
    rights_on = models.DateField("dernière ligne de l'historique des droits au", null=True)
    rights_sdd = models.BooleanField("soumis aux droits et devoirs à cette dernière ligne", default=False)
    sdd_at_first_orientation = models.BooleanField(
        "soumis aux droits et devoirs le jour de la première orientation", default=False
    )

    PRIVACY = Privacy(
        fields={
            "person": Rule.KEEP,
            "departement_code": Rule.KEEP,
            "first_orientation_on": Rule.KEEP,
            "first_orientation_kind": Rule.KEEP,
            "first_orientation_body": Rule.KEEP,
            "latest_orientation_on": Rule.KEEP,
            "latest_orientation_kind": Rule.KEEP,
            "latest_orientation_body": Rule.KEEP,
            "first_engagement_on": Rule.KEEP,
            "latest_engagement_on": Rule.KEEP,
            "engagement_ends_on": Rule.KEEP,
            "engagement_open_ended": Rule.KEEP,
            "contract_after_first_orientation_on": Rule.KEEP,
            "demand_on": Rule.KEEP,
            "commune": Rule.KEEP,
            "territory": Rule.KEEP,
            "rights_on": Rule.KEEP,
            "rights_sdd": Rule.KEEP,
            "sdd_at_first_orientation": Rule.KEEP,
        },
        # Nothing here to anonymise (dates and codes, kept for the statistics like the right history).
        anonymised_flag="",
    )

    class Meta:
        verbose_name = "faits du parcours"
        verbose_name_plural = "faits des parcours"
        ordering = ["person"]
        indexes = [
            models.Index(fields=["departement_code", "first_orientation_on"], name="facts_first_orientation"),
            models.Index(fields=["departement_code", "first_engagement_on"], name="facts_first_engagement"),
        ]

    def __str__(self):
        return f"Faits du parcours de {self.person_id}"
