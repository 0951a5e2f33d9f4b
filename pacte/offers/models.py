"""The offre d'insertion: offers a partner organisation publishes, and their sessions.

The fields follow the national schema of the offre d'insertion (`data-inclusion-schema`, the
`Service` model): its nomenclatures are stored as their codes (lists for the multi-valued ones),
and `schema_export.as_service()` writes an offer as one item of it. Coordinates are the offer's
own, else its commune's (set by the services), so that the distance search reads one table.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from pacte.core.privacy import Privacy, Rule
from pacte.offers.enums import Fees, FundingKind, OfferStatus, ServiceType
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.organizations.models import Organization
from pacte.territory.models import Commune

# The roles that read the whole published catalogue of their département.
CATALOGUE_ROLES = (
    Role.DIRECTION,
    Role.ORIENTATION_AGENT,
    Role.REFERENT,
    Role.PARTNER,
    Role.EMPLOYER_RELATIONS,
    Role.PACT_CONTRIBUTOR,
)


class OfferQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=OfferStatus.PUBLISHED)

    def visible_to(self, user):
        """The published offers of the départements where `user` works, and every offer (drafts
        and archives included) of the organisations the user is partner of, or directs."""
        if perms.sees_everything(user):
            return self
        own = [org.pk for org in perms.organizations_for(user, Role.PARTNER)]
        return self.filter(
            (Q(status=OfferStatus.PUBLISHED) & perms.departement_q(user, *CATALOGUE_ROLES))
            | perms.departement_q(user, Role.DIRECTION)
            | Q(organization_id__in=own)
        )

    def editable_by(self, user):
        """What `user` may edit: its partner organisations' offers, its département's for the direction."""
        if perms.sees_everything(user):
            return self
        own = [org.pk for org in perms.organizations_for(user, Role.PARTNER)]
        return self.filter(perms.departement_q(user, Role.DIRECTION) | Q(organization_id__in=own))

    def retention_expired(self, cutoff):
        """Archived offers untouched since `cutoff`: their contact (a professional's) goes."""
        return self.filter(status=OfferStatus.ARCHIVED, updated_at__date__lt=cutoff, anonymised_at=None)

    def stale(self, before):
        """Published offers not updated since `before` (a datetime)."""
        return self.published().filter(updated_at__lt=before)


class Offer(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    # An organisation is deactivated, not deleted, while it has offers.
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="offers", verbose_name="structure"
    )
    name = models.CharField("nom", max_length=150)
    description = models.TextField("description")
    service_type = models.CharField("type de service", max_length=20, choices=ServiceType.choices, blank=True)
    # Codes of the schema's nomenclatures (enums.Thematique, Public, ReceptionMode, MobilisationMode).
    thematiques = models.JSONField("thématiques", default=list)
    publics = models.JSONField("publics", default=list)
    publics_details = models.CharField("précisions sur les publics", max_length=500, blank=True)
    access_conditions = models.TextField("conditions d'accès", blank=True)
    fees = models.CharField("frais", max_length=10, choices=Fees.choices, default=Fees.GRATUIT)
    fees_details = models.CharField("précisions sur les frais", max_length=250, blank=True)
    reception_modes = models.JSONField("modes d'accueil", default=list)
    mobilisation_modes = models.JSONField("modes de mobilisation", default=list)
    # INSEE codes: communes, EPCI, départements, or "france".
    eligibility_zone = models.JSONField("zone d'éligibilité", default=list)
    weekly_hours = models.DecimalField(
        "volume horaire hebdomadaire",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    weeks = models.PositiveSmallIntegerField(
        "nombre de semaines", null=True, blank=True, validators=[MaxValueValidator(260)]
    )
    aims = models.JSONField("finalités", default=list)  # enums.OfferAim codes
    # Where the offer takes place; a commune gives the coordinates when the address has none.
    address = models.CharField("adresse", max_length=250, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    is_remote_only = models.BooleanField("entièrement à distance", default=False)
    capacity = models.PositiveIntegerField("places", null=True, blank=True)
    waiting_list = models.PositiveIntegerField("personnes en liste d'attente", default=0)
    contact_name = models.CharField("contact", max_length=150, blank=True)
    contact_email = models.EmailField("courriel de contact", blank=True)
    contact_phone = models.CharField("téléphone de contact", max_length=20, blank=True)
    funding_kind = models.CharField("financement", max_length=20, choices=FundingKind.choices, blank=True)
    funding_reference = models.CharField("référence du financement", max_length=150, blank=True)
    status = models.CharField("statut", max_length=10, choices=OfferStatus.choices, default=OfferStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    reminded_at = models.DateTimeField("relance envoyée le", null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = OfferQuerySet.as_manager()

    # An offer holds no beneficiary's data; its contact is a professional's, erased once archived
    # offers pass the retention period.
    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                [
                    "uuid", "departement_code", "organization", "name", "description", "service_type",
                    "thematiques", "publics", "publics_details", "access_conditions", "fees", "fees_details",
                    "reception_modes", "mobilisation_modes", "eligibility_zone", "weekly_hours", "weeks",
                    "aims", "address", "commune", "latitude", "longitude", "is_remote_only", "capacity",
                    "waiting_list", "funding_kind", "funding_reference", "status", "created_at",
                    "updated_at", "reminded_at", "anonymised_at",
                ],
                Rule.KEEP,
            ),
            "contact_name": Rule.ERASE,
            "contact_email": Rule.ERASE,
            "contact_phone": Rule.ERASE,
            "created_by": Rule.ERASE,
        }
    )  # fmt: skip

    class Meta:
        verbose_name = "offre d'insertion"
        verbose_name_plural = "offres d'insertion"
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["status", "latitude", "longitude"], name="offer_search")]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude=None) | Q(latitude__gte=-90, latitude__lte=90),
                name="offer_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude=None) | Q(longitude__gte=-180, longitude__lte=180),
                name="offer_longitude_range",
            ),
        ]

    def __str__(self):
        return self.name


class OfferSessionQuerySet(models.QuerySet):
    def upcoming(self, day):
        return self.filter(Q(end_date=None, start_date__gte=day) | Q(end_date__gte=day))


class OfferSession(models.Model):
    """A dated session of an offer, with its place and its seats."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="sessions")
    start_date = models.DateField("début")
    end_date = models.DateField("fin", null=True, blank=True)
    place = models.CharField("lieu", max_length=250, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    capacity = models.PositiveIntegerField("places", null=True, blank=True)

    objects = OfferSessionQuerySet.as_manager()

    PRIVACY = Privacy(
        fields=dict.fromkeys(
            ["uuid", "departement_code", "offer", "start_date", "end_date", "place", "commune", "capacity"],
            Rule.KEEP,
        ),
        anonymised_flag="",
    )

    class Meta:
        verbose_name = "session"
        ordering = ["offer", "start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date=None) | Q(end_date__gte=models.F("start_date")),
                name="offer_session_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.offer} — {self.start_date:%d/%m/%Y}"
