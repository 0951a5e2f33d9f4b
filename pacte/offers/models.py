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
from django.utils import timezone

from pacte.beneficiaries.models import OfPersonQuerySet, Person
from pacte.core.privacy import Privacy, Rule
from pacte.offers.enums import (
    OPEN_PRESCRIPTION_STATUSES,
    AttendanceStatus,
    Fees,
    FundingKind,
    OfferStatus,
    PrescriptionOutcome,
    PrescriptionStatus,
    RefusalReason,
    ServiceType,
)
from pacte.offers.search import distance_from_closeness, theme_mask, unit_vector
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.organizations.models import Organization
from pacte.referentials.enums import BarrierTheme
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
    # The point on the unit sphere, from latitude and longitude (search.unit_vector), set on save.
    sphere_x = models.FloatField(null=True, blank=True, editable=False)
    sphere_y = models.FloatField(null=True, blank=True, editable=False)
    sphere_z = models.FloatField(null=True, blank=True, editable=False)
    # One bit per barrier theme its thématiques answer (search.theme_mask), set on save: the search
    # by need reads an integer instead of matching every code in the JSON list.
    theme_mask = models.PositiveIntegerField(default=0, editable=False)
    is_remote_only = models.BooleanField("entièrement à distance", default=False)
    capacity = models.PositiveIntegerField("places", null=True, blank=True)
    waiting_list = models.PositiveIntegerField("personnes en liste d'attente", default=0)
    contact_name = models.CharField("contact", max_length=150, blank=True)
    contact_email = models.EmailField("courriel de contact", blank=True)
    contact_phone = models.CharField("téléphone de contact", max_length=20, blank=True)
    funding_kind = models.CharField("financement", max_length=20, choices=FundingKind.choices, blank=True)
    funding_reference = models.CharField("référence du financement", max_length=150, blank=True)
    # The action of the pact that funds the offer (DESIGN: offers -> pact).
    funding_action = models.ForeignKey(
        "pact.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funded_offers",
        verbose_name="action du pacte qui la finance",
    )
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
                    "aims", "address", "commune", "latitude", "longitude", "sphere_x", "sphere_y",
                    "sphere_z", "theme_mask", "is_remote_only", "capacity",
                    "waiting_list", "funding_kind", "funding_reference", "funding_action", "status", "created_at",
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
        # The search reads only this index to count and filter (status, département, the box, the
        # sphere and the needs); the table is read for the rows shown.
        indexes = [
            models.Index(
                fields=[
                    "status", "departement_code", "latitude", "longitude", "sphere_x", "sphere_y", "sphere_z",
                    "theme_mask",
                ],
                name="offer_search",
            )
        ]  # fmt: skip
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

    def save(self, *args, **kwargs):
        self.sphere_x, self.sphere_y, self.sphere_z = unit_vector(self.latitude, self.longitude)
        self.theme_mask = theme_mask(self.thematiques)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derived = {"latitude": ("sphere_x", "sphere_y", "sphere_z"), "thematiques": ("theme_mask",)}
            extra = [name for source, names in derived.items() if source in update_fields for name in names]
            kwargs["update_fields"] = {*update_fields, *extra}
        super().save(*args, **kwargs)

    @property
    def distance_km(self):
        """The distance to the point of the search that returned this offer (`search.near()`),
        None without one (a remote offer, or no search)."""
        return distance_from_closeness(self.__dict__.get("closeness"))


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


class PrescriptionQuerySet(OfPersonQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_PRESCRIPTION_STATUSES)

    def received_by(self, user):
        """The prescriptions to the offers of the organisations `user` is partner of."""
        own = [org.pk for org in perms.organizations_for(user, Role.PARTNER)]
        return self.filter(offer__organization_id__in=own)

    def visible_to(self, user):
        """Those of the persons `user` follows by another role than partner (référent, orientation
        agent, direction: the whole record), and, as a partner, the open prescriptions to the
        organisation's own offers only (never another partner's)."""
        from pacte.beneficiaries import visibility

        if perms.sees_everything(user):
            return self
        condition = Q(pk__in=[])
        followed = visibility.person_filter(user, exclude=(Role.PARTNER,))
        if followed is not None:
            condition |= Q(person__in=Person.objects.filter(followed).values("pk"))
        own = [org.pk for org in perms.organizations_for(user, Role.PARTNER)]
        if own:
            condition |= Q(offer__organization_id__in=own, status__in=OPEN_PRESCRIPTION_STATUSES)
        return self.filter(condition)

    def retention_expired(self, cutoff):
        return self.filter(anonymised_at=None, person__dossier__last_seen_on__lt=cutoff)


class Prescription(models.Model):
    """A person sent by a professional (référent, orientation agent) to an offer or one of its
    sessions; the partner answers, the person enters the action, it ends with an outcome."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="prescriptions")
    # An offer with prescriptions is archived, not deleted.
    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, related_name="prescriptions", verbose_name="offre"
    )
    session = models.ForeignKey(
        OfferSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prescriptions",
        verbose_name="session",
    )
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="prescripteur",
    )
    prescriber_organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prescriptions_sent",
        verbose_name="structure prescriptrice",
    )
    # The need the action answers (a theme of the diagnostic), for the coverage and the evaluation.
    barrier_theme = models.CharField("besoin", max_length=20, choices=BarrierTheme.choices, blank=True)
    motive = models.TextField("objet de la prescription", blank=True)
    status = models.CharField(
        "statut", max_length=12, choices=PrescriptionStatus.choices, default=PrescriptionStatus.SENT
    )
    sent_on = models.DateField("envoyée le")
    answered_on = models.DateField("réponse le", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    refusal_reason = models.CharField(
        "motif du refus", max_length=20, choices=RefusalReason.choices, blank=True
    )
    answer_note = models.TextField("précisions de la structure", blank=True)
    started_on = models.DateField("entrée dans l'action le", null=True, blank=True)
    ended_on = models.DateField("sortie de l'action le", null=True, blank=True)
    outcome = models.CharField("résultat", max_length=20, choices=PrescriptionOutcome.choices, blank=True)
    outcome_note = models.TextField("commentaire sur le résultat", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = PrescriptionQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                [
                    "uuid", "departement_code", "person", "offer", "session", "prescriber_organization",
                    "barrier_theme", "status", "sent_on", "answered_on", "refusal_reason", "started_on",
                    "ended_on", "outcome", "created_at", "updated_at", "anonymised_at",
                ],
                Rule.KEEP,
            ),
            "prescriber": Rule.ERASE,
            "answered_by": Rule.ERASE,
            "motive": Rule.ERASE,
            "answer_note": Rule.ERASE,
            "outcome_note": Rule.ERASE,
        }
    )  # fmt: skip

    class Meta:
        verbose_name = "prescription"
        ordering = ["-sent_on", "-id"]
        indexes = [models.Index(fields=["offer", "status"], name="prescription_offer_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "offer"],
                condition=Q(status__in=OPEN_PRESCRIPTION_STATUSES),
                name="one_open_prescription_per_offer",
                violation_error_message="Cette personne a déjà une prescription en cours vers cette offre.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on=None) | Q(started_on=None) | Q(ended_on__gte=models.F("started_on")),
                name="prescription_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"Prescription vers « {self.offer} »"

    @property
    def is_open(self):
        return self.status in OPEN_PRESCRIPTION_STATUSES


class AttendanceQuerySet(models.QuerySet):
    def retention_expired(self, cutoff):
        return self.filter(anonymised_at=None, prescription__person__dossier__last_seen_on__lt=cutoff)


class Attendance(models.Model):
    """One day of presence (or absence) of a prescribed person in the action, reported by the partner."""

    departement_code = models.CharField("département", max_length=3)
    prescription = models.ForeignKey(Prescription, on_delete=models.CASCADE, related_name="attendances")
    day = models.DateField("jour")
    status = models.CharField("présence", max_length=10, choices=AttendanceStatus.choices)
    hours = models.DecimalField(
        "heures",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(12)],
    )
    note = models.CharField("commentaire", max_length=250, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = AttendanceQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                [
                    "departement_code",
                    "prescription",
                    "day",
                    "status",
                    "hours",
                    "recorded_at",
                    "anonymised_at",
                ],
                Rule.KEEP,
            ),
            "note": Rule.ERASE,
            "recorded_by": Rule.ERASE,
        }
    )

    class Meta:
        verbose_name = "présence"
        ordering = ["prescription", "day"]
        constraints = [
            models.UniqueConstraint(fields=["prescription", "day"], name="one_attendance_per_day"),
        ]

    def __str__(self):
        return f"{self.get_status_display()} le {self.day:%d/%m/%Y}"


class ActionRating(models.Model):
    """The person's rating of an action they attended (1 to 5, with a comment), given from their own
    space. Partners and the pact read them aggregated only (pacte/portal/ratings.py,
    pacte/evaluation/pact_indicators.py), never who said what."""

    # Fewer ratings than this in a group are never shown, so that no one's can be told apart.
    SHOWN_FROM = 5

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="action_ratings")
    prescription = models.OneToOneField(Prescription, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField("note", validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField("commentaire", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = OfPersonQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                [
                    "uuid",
                    "departement_code",
                    "person",
                    "prescription",
                    "score",
                    "created_at",
                    "anonymised_at",
                ],
                Rule.KEEP,
            ),
            "comment": Rule.ERASE,
        }
    )

    class Meta:
        verbose_name = "avis sur une action"
        verbose_name_plural = "avis sur les actions"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="action_rating_score_range")
        ]

    def __str__(self):
        return f"{self.score}/5"
