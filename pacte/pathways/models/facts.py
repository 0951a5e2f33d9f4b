from django.db import models

from pacte.beneficiaries.models import Person
from pacte.core.privacy import Privacy, Rule
from pacte.organizations.enums import OrientationBodyKind
from pacte.organizations.models import Organization


class PathwayFacts(models.Model):
    """What the indicators read of a person's pathway, stored at write time so that they count in
    SQL instead of regrouping every orientation and contract (docs/decisions/022-pathway-facts.md).

    Derived from the validated orientations and the signed engagement contracts of the person's own
    département; `pacte.pathways.facts.refresh` rewrites the row after each service that writes
    them, and `pacte rebuild-pathway-facts` rebuilds (or checks) a whole département. A person
    without any has no row.
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
