"""Employers and SIAE (Organization rows with an employment profile), their contacts, the
history of interactions with them, the SIAE's insertion positions, job offers, and the
referential of métiers en tension. See docs/decisions/012-employment.md.

Job offers and insertion positions carry a ROME code, an appellation, weekly hours and
coordinates (their commune's), so that the matching of a later part reads one table.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from pacte.core.privacy import Privacy, Rule
from pacte.employment.enums import (
    ContractType,
    ImportStatus,
    InteractionKind,
    JobOfferSource,
    JobOfferStatus,
    NafSection,
    SizeBracket,
    TensionTerritoryKind,
)
from pacte.organizations import perms
from pacte.organizations.enums import SIAE_KINDS, OrganizationKind, Role
from pacte.organizations.models import Organization
from pacte.referentials.models import RomeAppellation, RomeCode
from pacte.territory.models import Commune

# The organisations that are employers in Pacte: employers, SIAE and GEIQ.
EMPLOYER_KINDS = frozenset({OrganizationKind.EMPLOYER, *SIAE_KINDS})
# Who keeps the relations with employers: read and write, in their département.
RELATIONS_ROLES = (Role.DIRECTION, Role.EMPLOYER_RELATIONS)
# Who reads the job offers of their département besides them (to position people, later).
JOB_OFFER_READER_ROLES = (*RELATIONS_ROLES, Role.REFERENT, Role.ORIENTATION_AGENT)

WEEKLY_HOURS = [MinValueValidator(1), MaxValueValidator(48)]  # the legal weekly maximum


def _own_organizations(user, field):
    """A SIAE's (or employer's) own members, as partners: their own organisation's rows."""
    own = [org.pk for org in perms.organizations_for(user, Role.PARTNER) if org.kind in EMPLOYER_KINDS]
    return Q(**{f"{field}__in": own}) if own else Q(pk__in=[])


class EmployerProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The employers of the départements where `user` is direction or employer relations, and
        a SIAE's own profile for its members."""
        if perms.sees_everything(user):
            return self
        return self.filter(
            perms.departement_q(user, *RELATIONS_ROLES) | _own_organizations(user, "organization_id")
        )

    def editable_by(self, user):
        if perms.sees_everything(user):
            return self
        return self.filter(perms.departement_q(user, *RELATIONS_ROLES))

    def siae(self):
        return self.filter(organization__kind__in=SIAE_KINDS)


class EmployerProfile(models.Model):
    """What the employment side knows of an employer, SIAE or GEIQ beyond the organisation itself."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    # The profile is part of its organisation, which is deactivated rather than deleted.
    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="employer_profile", verbose_name="structure"
    )
    naf_code = models.CharField(
        "code NAF", max_length=6, blank=True, help_text="Format NN.NNX, par exemple 43.21A."
    )
    sector = models.CharField("secteur (section NAF)", max_length=1, choices=NafSection.choices, blank=True)
    size_bracket = models.CharField(
        "tranche d'effectif", max_length=2, choices=SizeBracket.choices, blank=True
    )
    address = models.CharField("adresse", max_length=250, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    website = models.URLField("site internet", blank=True)
    description = models.TextField("activité et besoins", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EmployerProfileQuerySet.as_manager()

    # An employer is a legal person; only its author is a person's data.
    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                [
                    "uuid", "departement_code", "organization", "naf_code", "sector", "size_bracket",
                    "address", "commune", "latitude", "longitude", "website", "description",
                    "created_at", "updated_at",
                ],
                Rule.KEEP,
            ),
            "created_by": Rule.ERASE,
        },
        anonymised_flag="",
    )  # fmt: skip

    class Meta:
        verbose_name = "profil employeur"
        verbose_name_plural = "profils employeurs"
        ordering = ["organization__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(naf_code="") | Q(naf_code__regex=r"^[0-9]{2}\.[0-9]{2}[A-Z]$"),
                name="employer_naf_format",
            ),
        ]

    def __str__(self):
        return self.organization.name

    @property
    def is_siae(self):
        return self.organization.kind in SIAE_KINDS


class EmployerContactQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def retention_expired(self, cutoff):
        """Contacts no longer in post since `cutoff`: their name and details go."""
        return self.filter(is_active=False, updated_at__date__lt=cutoff, anonymised_at=None)


class EmployerContact(models.Model):
    """A person to talk to at an employer (a professional's data, erased once they have left)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    employer = models.ForeignKey(EmployerProfile, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField("prénom", max_length=100, blank=True)
    last_name = models.CharField("nom", max_length=100)
    job_title = models.CharField("fonction", max_length=150, blank=True)
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    is_active = models.BooleanField("toujours en poste", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = EmployerContactQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                ["uuid", "departement_code", "employer", "job_title", "is_active", "created_at",
                 "updated_at", "anonymised_at"],
                Rule.KEEP,
            ),
            "first_name": Rule.ERASE,
            "last_name": Rule.PSEUDONYMISE,
            "email": Rule.ERASE,
            "phone": Rule.ERASE,
        }
    )  # fmt: skip

    class Meta:
        verbose_name = "contact employeur"
        ordering = ["-is_active", "last_name", "first_name", "id"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()


class InteractionQuerySet(models.QuerySet):
    def follow_ups_due(self, day):
        """Interactions whose follow-up falls on or before `day` and is not done yet."""
        return self.filter(follow_up_on__lte=day, follow_up_done_on=None)

    def retention_expired(self, cutoff):
        """Interactions older than `cutoff`: their notes (which may name people) go."""
        return self.filter(day__lt=cutoff, anonymised_at=None)


class Interaction(models.Model):
    """A visit, job dating, event or commitment with an employer, with an optional follow-up date."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    employer = models.ForeignKey(EmployerProfile, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField("type d'échange", max_length=20, choices=InteractionKind.choices)
    day = models.DateField("date")
    subject = models.CharField("objet", max_length=200)
    notes = models.TextField("compte rendu", blank=True)
    contact = models.ForeignKey(
        EmployerContact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name="contact",
    )
    follow_up_on = models.DateField("à relancer le", null=True, blank=True, db_index=True)
    follow_up_done_on = models.DateField("relance faite le", null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = InteractionQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                ["uuid", "departement_code", "employer", "kind", "day", "subject", "follow_up_on",
                 "follow_up_done_on", "created_at", "anonymised_at"],
                Rule.KEEP,
            ),
            "notes": Rule.ERASE,
            "contact": Rule.ERASE,
            "author": Rule.ERASE,
        }
    )  # fmt: skip

    class Meta:
        verbose_name = "échange avec un employeur"
        verbose_name_plural = "échanges avec les employeurs"
        ordering = ["-day", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_on=None) | Q(follow_up_on__gte=models.F("day")),
                name="interaction_follow_up_after_day",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.day:%d/%m/%Y}"


class PlacedQuerySet(models.QuerySet):
    """Rows placed by the employer's organisation: job offers and insertion positions."""

    reader_roles = RELATIONS_ROLES

    def visible_to(self, user):
        if perms.sees_everything(user):
            return self
        return self.filter(
            perms.departement_q(user, *self.reader_roles)
            | _own_organizations(user, "employer__organization_id")
        )

    def editable_by(self, user):
        if perms.sees_everything(user):
            return self
        return self.filter(perms.departement_q(user, *RELATIONS_ROLES))


class InsertionPositionQuerySet(PlacedQuerySet):
    def open(self):
        return self.filter(is_open=True)


class InsertionPosition(models.Model):
    """A kind of insertion job a SIAE offers (its « postes d'insertion »), with how many."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    employer = models.ForeignKey(
        EmployerProfile, on_delete=models.CASCADE, related_name="insertion_positions", verbose_name="SIAE"
    )
    # The ROME is reference data, loaded without deletion.
    rome = models.ForeignKey(RomeCode, on_delete=models.PROTECT, related_name="+", verbose_name="fiche ROME")
    appellation = models.ForeignKey(
        RomeAppellation, on_delete=models.PROTECT, related_name="+", verbose_name="appellation ROME"
    )
    label = models.CharField("intitulé du poste", max_length=200, blank=True)
    positions = models.PositiveSmallIntegerField("nombre de postes", validators=[MinValueValidator(1)])
    weekly_hours = models.DecimalField(
        "heures par semaine", max_digits=4, decimal_places=1, validators=WEEKLY_HOURS
    )
    contract_type = models.CharField(
        "contrat", max_length=20, choices=ContractType.choices, default=ContractType.CDDI
    )
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    is_open = models.BooleanField("recrute", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InsertionPositionQuerySet.as_manager()

    PRIVACY = Privacy(
        fields=dict.fromkeys(
            ["uuid", "departement_code", "employer", "rome", "appellation", "label", "positions",
             "weekly_hours", "contract_type", "commune", "latitude", "longitude", "is_open",
             "created_at", "updated_at"],
            Rule.KEEP,
        ),
        anonymised_flag="",
    )  # fmt: skip

    class Meta:
        verbose_name = "poste d'insertion"
        verbose_name_plural = "postes d'insertion"
        ordering = ["employer", "appellation__label", "id"]
        indexes = [
            models.Index(fields=["is_open", "latitude", "longitude"], name="insertion_position_search")
        ]

    def __str__(self):
        return self.label or self.appellation.label


class JobOfferQuerySet(PlacedQuerySet):
    # Référents and orientation agents read the offers of their département, to position people.
    reader_roles = JOB_OFFER_READER_ROLES

    def open(self):
        return self.filter(status=JobOfferStatus.OPEN)


class JobOffer(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    # An employer with offers is deactivated, not deleted.
    employer = models.ForeignKey(
        EmployerProfile, on_delete=models.PROTECT, related_name="job_offers", verbose_name="employeur"
    )
    title = models.CharField("intitulé", max_length=200)
    rome = models.ForeignKey(RomeCode, on_delete=models.PROTECT, related_name="+", verbose_name="fiche ROME")
    appellation = models.ForeignKey(
        RomeAppellation, on_delete=models.PROTECT, related_name="+", verbose_name="appellation ROME"
    )
    description = models.TextField("description", blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+", verbose_name="commune")
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    contract_type = models.CharField("type de contrat", max_length=20, choices=ContractType.choices)
    weekly_hours = models.DecimalField(
        "heures par semaine", max_digits=4, decimal_places=1, validators=WEEKLY_HOURS
    )
    positions = models.PositiveSmallIntegerField(
        "nombre de postes", default=1, validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        "statut", max_length=10, choices=JobOfferStatus.choices, default=JobOfferStatus.OPEN
    )
    opened_on = models.DateField("ouverte le")
    closed_on = models.DateField("pourvue ou close le", null=True, blank=True)
    source = models.CharField(
        "origine", max_length=10, choices=JobOfferSource.choices, default=JobOfferSource.ENTERED
    )
    external_reference = models.CharField("référence externe", max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobOfferQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                ["uuid", "departement_code", "employer", "title", "rome", "appellation", "description",
                 "commune", "latitude", "longitude", "contract_type", "weekly_hours", "positions",
                 "status", "opened_on", "closed_on", "source", "external_reference", "created_at",
                 "updated_at"],
                Rule.KEEP,
            ),
            "created_by": Rule.ERASE,
        },
        anonymised_flag="",
    )  # fmt: skip

    class Meta:
        verbose_name = "offre d'emploi"
        verbose_name_plural = "offres d'emploi"
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["status", "latitude", "longitude"], name="job_offer_search")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on=None) | Q(closed_on__gte=models.F("opened_on")),
                name="job_offer_dates_in_order",
            ),
            models.UniqueConstraint(
                fields=["employer", "external_reference"],
                condition=~Q(external_reference=""),
                name="job_offer_unique_reference",
                violation_error_message="Cet employeur a déjà une offre de cette référence.",
            ),
        ]

    def __str__(self):
        return self.title


class TensionList(models.Model):
    """One territory's list of métiers en tension, from one source and year (reference data)."""

    territory_kind = models.CharField("niveau", max_length=20, choices=TensionTerritoryKind.choices)
    # INSEE code of the region or département, or the code of the employment zone (zonage 2020).
    territory_code = models.CharField("code du territoire", max_length=5)
    territory_name = models.CharField("territoire", max_length=150)
    source = models.CharField("source", max_length=200)
    year = models.PositiveSmallIntegerField(
        "année", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    is_sample = models.BooleanField("échantillon d'exemple", default=False)
    loaded_at = models.DateTimeField("chargée le", auto_now=True)

    class Meta:
        verbose_name = "liste de métiers en tension"
        verbose_name_plural = "listes de métiers en tension"
        ordering = ["territory_kind", "territory_code", "-year", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory_kind", "territory_code", "source", "year"], name="tension_list_unique"
            ),
        ]

    def __str__(self):
        return f"{self.territory_name} – {self.source} ({self.year})"


class TensionJob(models.Model):
    # A list goes with its jobs; a ROME sheet is never deleted under them.
    tension_list = models.ForeignKey(TensionList, on_delete=models.CASCADE, related_name="jobs")
    rome = models.ForeignKey(RomeCode, on_delete=models.PROTECT, related_name="+", verbose_name="fiche ROME")
    label = models.CharField("métier", max_length=250)
    # The family of the nomenclature FAP 2021 the arrêté lists (its annex maps it to ROME codes).
    fap_code = models.CharField("famille professionnelle (FAP)", max_length=5, blank=True)

    class Meta:
        verbose_name = "métier en tension"
        verbose_name_plural = "métiers en tension"
        ordering = ["tension_list", "rome", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tension_list", "rome"], name="tension_job_unique_rome"),
        ]

    def __str__(self):
        return f"{self.rome_id} – {self.label}"


class JobOfferImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The imports of the départements where `user` keeps the relations with employers."""
        if perms.sees_everything(user):
            return self
        return self.filter(perms.departement_q(user, *RELATIONS_ROLES))


class JobOfferImport(models.Model):
    """A file of job offers read and waiting for its review: its rows are kept until they are
    imported all together, or the import is abandoned."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, db_index=True)
    filename = models.CharField("fichier", max_length=250)
    # [[line, {column: text}], ...] as read from the file.
    rows = models.JSONField("lignes", default=list)
    status = models.CharField(
        "statut", max_length=10, choices=ImportStatus.choices, default=ImportStatus.REVIEW
    )
    summary = models.JSONField("bilan", default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobOfferImportQuerySet.as_manager()

    # Job offers hold no one's personal data; only the author is.
    PRIVACY = Privacy(
        fields={
            **dict.fromkeys(
                [
                    "uuid",
                    "departement_code",
                    "filename",
                    "rows",
                    "status",
                    "summary",
                    "created_at",
                    "updated_at",
                ],
                Rule.KEEP,
            ),
            "created_by": Rule.ERASE,
        },
        anonymised_flag="",
    )

    class Meta:
        verbose_name = "import d'offres d'emploi"
        verbose_name_plural = "imports d'offres d'emploi"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.filename
