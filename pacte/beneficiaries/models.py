import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from pacte.beneficiaries import names, visibility
from pacte.beneficiaries.crypto import decrypt_nir
from pacte.beneficiaries.enums import RightState, RsaRole, SddCohort, SddEvidence, Sex
from pacte.core.privacy import Privacy, Rule
from pacte.organizations import perms
from pacte.territory.models import Commune, Territory


class DossierQuerySet(models.QuerySet):
    def retention_expired(self, cutoff):
        return self.filter(anonymised_at=None, last_seen_on__lt=cutoff)


class Dossier(models.Model):
    """An RSA dossier (a household), keyed by NUMDEMRSA within its département."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Searched through the index of the unique (département, NUMDEMRSA): no index of its own.
    departement_code = models.CharField("département", max_length=3)
    numdemrsa = models.CharField("numéro de demande RSA", max_length=11)
    dtdemrsa = models.DateField("date de demande RSA")
    fonorg = models.CharField("organisme payeur", max_length=3, blank=True)
    numorg = models.CharField("code organisme", max_length=3, blank=True)
    matricule = models.CharField("matricule allocataire", max_length=15, blank=True)
    family_situation = models.CharField("situation de famille", max_length=3, blank=True)
    family_situation_since = models.DateField("depuis le", null=True, blank=True)
    no_fixed_address = models.BooleanField("sans domicile fixe", default=False)
    children_count = models.PositiveSmallIntegerField("enfants à charge", default=0)
    address_line = models.CharField("adresse", max_length=200, blank=True)
    address_complement = models.CharField("complément d'adresse", max_length=200, blank=True)
    postcode = models.CharField("code postal", max_length=5, blank=True)
    city_name = models.CharField("commune (libellé CAF)", max_length=50, blank=True)
    # Communes are reference data; a dossier keeps its text address if a commune is removed.
    commune = models.ForeignKey(Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    territory = models.ForeignKey(
        Territory, on_delete=models.SET_NULL, null=True, blank=True, related_name="dossiers"
    )
    right_state = models.CharField("état du droit", max_length=1, choices=RightState.choices)
    closure_reason = models.CharField("motif de clôture", max_length=3, blank=True)
    closure_date = models.DateField("date de clôture", null=True, blank=True)
    total_amount = models.DecimalField("montant total du droit", max_digits=11, decimal_places=2, null=True)
    right_opened_on = models.DateField("droit ouvert le", null=True, blank=True)
    demand_origin = models.CharField("origine de la demande", max_length=3, blank=True)
    refusal_reason = models.CharField("motif de refus", max_length=3, blank=True)
    refusal_date = models.DateField("date de refus", null=True, blank=True)
    # [{"kind": "droit"|"versement", "code": "06", "start": "2025-03-01"}], codes kept as given.
    suspensions = models.JSONField("suspensions", default=list, blank=True)
    benefit_kinds = models.JSONField("natures de prestation (NATPF)", default=list, blank=True)
    foreign_address = models.BooleanField("adresse hors de France", default=False)
    content_hash = models.CharField(max_length=64, blank=True)
    first_seen_on = models.DateField("présent depuis le fichier du", null=True)
    last_seen_on = models.DateField("dernier fichier le", null=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = DossierQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            "uuid": Rule.KEEP,
            "departement_code": Rule.KEEP,
            "numdemrsa": Rule.PSEUDONYMISE,
            "dtdemrsa": Rule.KEEP,
            "fonorg": Rule.KEEP,
            "numorg": Rule.KEEP,
            "matricule": Rule.ERASE,
            "family_situation": Rule.KEEP,
            "family_situation_since": Rule.KEEP,
            "no_fixed_address": Rule.KEEP,
            "children_count": Rule.KEEP,
            "address_line": Rule.ERASE,
            "address_complement": Rule.ERASE,
            "postcode": Rule.KEEP,
            "city_name": Rule.KEEP,
            "commune": Rule.KEEP,
            "territory": Rule.KEEP,
            "right_state": Rule.KEEP,
            "closure_reason": Rule.KEEP,
            "closure_date": Rule.KEEP,
            "total_amount": Rule.ERASE,
            "right_opened_on": Rule.KEEP,
            "demand_origin": Rule.KEEP,
            "refusal_reason": Rule.KEEP,
            "refusal_date": Rule.KEEP,
            "suspensions": Rule.KEEP,
            "benefit_kinds": Rule.KEEP,
            "foreign_address": Rule.KEEP,
            "content_hash": Rule.ERASE,
            "first_seen_on": Rule.KEEP,
            "last_seen_on": Rule.KEEP,
            "anonymised_at": Rule.KEEP,
        }
    )

    class Meta:
        verbose_name = "dossier RSA"
        verbose_name_plural = "dossiers RSA"
        ordering = ["departement_code", "numdemrsa"]
        constraints = [
            models.UniqueConstraint(fields=["departement_code", "numdemrsa"], name="dossier_unique_numdemrsa")
        ]

    def __str__(self):
        return f"Dossier {self.numdemrsa}"


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one entry point for reading persons: what `user` may see, nothing else."""
        condition = visibility.person_filter(user)
        if condition is None:
            return self.none()
        return self.filter(condition).distinct() if condition else self

    def adults(self):
        return self.filter(is_adult=True)

    def sdd(self):
        return self.filter(is_sdd=True, dossier__right_state__in=["2", "3", "4"])

    def entrants(self):
        """Adults subject to rights and duties who entered after the département's first file."""
        return self.sdd().adults().filter(sdd_cohort=SddCohort.ENTRANT)

    def stock(self):
        """Adults subject to rights and duties who already were in the département's first file."""
        return self.sdd().adults().filter(sdd_cohort=SddCohort.STOCK)

    def retention_expired(self, cutoff):
        return self.filter(anonymised_at=None, dossier__last_seen_on__lt=cutoff)


class Person(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Searched through the indexes that start with it (Meta): no index of its own.
    departement_code = models.CharField("département", max_length=3)
    # A person only exists within an RSA dossier.
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="persons")
    rsa_role = models.CharField("rôle RSA", max_length=3, choices=RsaRole.choices)
    is_adult = models.BooleanField("adulte du foyer (DEM ou CJT)", default=False)
    civility = models.CharField("civilité", max_length=3, blank=True)
    last_name = models.CharField("nom d'usage", max_length=28)
    birth_name = models.CharField("nom de naissance", max_length=28)
    first_name = models.CharField("prénom", max_length=32)
    other_first_names = models.CharField("autres prénoms", max_length=64, blank=True)
    # Derived from the names (beneficiaries/names.py): searched without accents, sorted the French way.
    search_key = models.CharField(
        "clé de recherche", max_length=names.SEARCH_KEY_LENGTH, blank=True, editable=False
    )
    sort_key = models.CharField("clé de tri", max_length=names.SORT_KEY_LENGTH, blank=True, editable=False)
    birth_date = models.DateField("date de naissance")
    birth_place = models.CharField("commune de naissance", max_length=26, blank=True)
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices)
    nir_encrypted = models.TextField("NIR (chiffré)", blank=True)
    nir_hash = models.CharField("empreinte du NIR", max_length=64, blank=True, db_index=True)
    france_travail_id = models.CharField("identifiant France Travail", max_length=8, blank=True)
    is_sdd = models.BooleanField("soumis aux droits et devoirs", default=False)
    is_entering_sdd = models.BooleanField("entrant dans les droits et devoirs", default=False)
    # The entry into rights and duties, dated by the best evidence (`SddEvidence`); the stock (already
    # subject in the département's first file) apart from the entrants (docs/decisions/008).
    sdd_since = models.DateField("soumis aux droits et devoirs depuis", null=True, blank=True)
    sdd_since_evidence = models.CharField(
        "date d'entrée établie par", max_length=15, choices=SddEvidence.choices, blank=True
    )
    sdd_cohort = models.CharField("stock ou entrant", max_length=7, choices=SddCohort.choices, blank=True)
    sdd_until = models.DateField("fin de soumission aux droits et devoirs", null=True, blank=True)
    # [{"act": "SAL", "start": "...", "end": null, "contract": "CDI"}], codes kept as given.
    activities = models.JSONField("activités déclarées", default=list, blank=True)
    death_date = models.DateField("date de décès", null=True, blank=True)
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    # The beneficiary's own account, for their space; the person stays if the account goes.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            "uuid": Rule.KEEP,
            "departement_code": Rule.KEEP,
            "dossier": Rule.KEEP,
            "rsa_role": Rule.KEEP,
            "is_adult": Rule.KEEP,
            "civility": Rule.ERASE,
            "last_name": Rule.PSEUDONYMISE,
            "birth_name": Rule.PSEUDONYMISE,
            "first_name": Rule.PSEUDONYMISE,
            "other_first_names": Rule.ERASE,
            "search_key": Rule.ERASE,
            "sort_key": Rule.ERASE,
            "birth_date": Rule.KEEP,
            "birth_place": Rule.ERASE,
            "sex": Rule.KEEP,
            "nir_encrypted": Rule.ERASE,
            "nir_hash": Rule.ERASE,
            "france_travail_id": Rule.ERASE,
            "is_sdd": Rule.KEEP,
            "is_entering_sdd": Rule.KEEP,
            "sdd_since": Rule.KEEP,
            "sdd_since_evidence": Rule.KEEP,
            "sdd_cohort": Rule.KEEP,
            "sdd_until": Rule.KEEP,
            "activities": Rule.ERASE,
            "death_date": Rule.KEEP,
            "email": Rule.ERASE,
            "phone": Rule.ERASE,
            "user": Rule.ERASE,
            "created_at": Rule.KEEP,
            "anonymised_at": Rule.KEEP,
        }
    )

    class Meta:
        verbose_name = "personne"
        ordering = ["sort_key", "id"]
        # No index on a flag alone: on SQLite, whose planner has no statistics, one would be
        # preferred to a selective one (a dossier's persons), and every row written pays for it.
        indexes = [
            models.Index(fields=["departement_code", "sort_key"], name="person_dept_sort"),
            models.Index(fields=["departement_code", "is_sdd", "sdd_cohort"], name="person_dept_sdd"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(sex__in=["1", "2"]), name="person_sex_code"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, update_fields=None, **kwargs):
        names.fill_keys(self)
        if update_fields is not None and set(update_fields) & set(names.NAME_FIELDS):
            update_fields = {*update_fields, *names.KEY_FIELDS}
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def nir(self):
        return decrypt_nir(self.nir_encrypted)


class OfPersonQuerySet(models.QuerySet):
    """The rows of a person's record (orientations, contracts, appointments...): seen through their
    person, so by the same rule of visibility."""

    def visible_to(self, user):
        return self.for_persons(Person.objects.visible_to(user))

    def for_persons(self, persons):
        return self.filter(person__in=persons.values("pk"))

    def retention_expired(self, cutoff):
        """The rows not yet anonymised of the persons whose dossier the CAF has not sent since
        `cutoff`: a record's rows go with it (pacte/core/purge.py)."""
        return self.filter(anonymised_at=None, person__dossier__last_seen_on__lt=cutoff)


class RightHistory(models.Model):
    """One dated row per change of (ETATDOSRSA, TOPPERSDRODEVORSA) of a person, dated by DTREF."""

    departement_code = models.CharField("département", max_length=3)
    # Searched through the index of the unique (person, DTREF): no index of its own.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="right_history", db_index=False)
    dtref = models.DateField("date de référence du fichier")
    right_state = models.CharField("état du droit", max_length=1, choices=RightState.choices)
    is_sdd = models.BooleanField("soumis aux droits et devoirs")

    PRIVACY = Privacy(
        fields={
            "departement_code": Rule.KEEP,
            "person": Rule.KEEP,
            "dtref": Rule.KEEP,
            "right_state": Rule.KEEP,
            "is_sdd": Rule.KEEP,
        },
        anonymised_flag="",
    )

    class Meta:
        verbose_name = "historique de droit"
        verbose_name_plural = "historique des droits"
        ordering = ["person", "dtref"]
        constraints = [models.UniqueConstraint(fields=["person", "dtref"], name="right_history_unique_date")]
        indexes = [models.Index(fields=["departement_code", "dtref"])]

    def __str__(self):
        return f"{self.dtref:%d/%m/%Y} : état {self.right_state}, SDD {'oui' if self.is_sdd else 'non'}"


class DossierEvent(models.Model):
    """An event of a daily file (`Evenement`): ENTDED, SUS, RAD, ADR…"""

    departement_code = models.CharField("département", max_length=3)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    liquidated_on = models.DateField("date de liquidation")
    liquidated_at = models.CharField("heure de liquidation", max_length=16, blank=True)
    code = models.CharField("code (FG)", max_length=9)
    dtref = models.DateField("date de référence du fichier")

    PRIVACY = Privacy(
        fields={
            "departement_code": Rule.KEEP,
            "dossier": Rule.KEEP,
            "liquidated_on": Rule.KEEP,
            "liquidated_at": Rule.KEEP,
            "code": Rule.KEEP,
            "dtref": Rule.KEEP,
        },
        anonymised_flag="",
    )

    class Meta:
        verbose_name = "événement CAF"
        verbose_name_plural = "événements CAF"
        ordering = ["dossier", "liquidated_on", "liquidated_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "liquidated_on", "liquidated_at", "code"], name="dossier_event_unique"
            )
        ]

    def __str__(self):
        return f"{self.code} le {self.liquidated_on:%d/%m/%Y}"


class ImportStatus(models.TextChoices):
    RUNNING = "running", "En cours"
    SUCCEEDED = "succeeded", "Importé"
    REJECTED = "rejected", "Rejeté"


class ImportQuerySet(models.QuerySet):
    """The imports' rows (journal, spreadsheets, their mappings): the direction of their département."""

    def visible_to(self, user):
        return self.filter(perms.departement_q(user, *perms.MANAGER_ROLES))


class CafImport(models.Model):
    """The import journal: one row per file imported (or rejected, from the web)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3, blank=True)
    file_name = models.CharField("fichier", max_length=255)
    file_sha256 = models.CharField("empreinte SHA-256", max_length=64)
    flux = models.CharField("format", max_length=10, blank=True)
    flux_type = models.CharField("type de flux", max_length=1, blank=True)
    dtref = models.DateField("date de référence", null=True, blank=True)
    status = models.CharField("statut", max_length=10, choices=ImportStatus.choices)
    households = models.PositiveIntegerField("foyers", default=0)
    persons = models.PositiveIntegerField("personnes", default=0)
    created = models.PositiveIntegerField("créés", default=0)
    updated = models.PositiveIntegerField("mis à jour", default=0)
    unchanged = models.PositiveIntegerField("inchangés", default=0)
    history_rows = models.PositiveIntegerField("lignes d'historique", default=0)
    unknown_codes = models.JSONField("codes inconnus", default=dict, blank=True)
    # Elements the format does not define, skipped (past CAF_MAX_UNKNOWN_ELEMENTS, the file is rejected).
    unknown_elements = models.PositiveIntegerField("éléments inconnus ignorés", default=0)
    rejected_reason = models.TextField("motif du rejet", blank=True)
    # The journal outlives the account that ran the import.
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField("début", auto_now_add=True)
    duration_seconds = models.FloatField("durée (s)", default=0)

    objects = ImportQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            "uuid": Rule.KEEP,
            "departement_code": Rule.KEEP,
            "file_name": Rule.KEEP,
            "file_sha256": Rule.KEEP,
            "flux": Rule.KEEP,
            "flux_type": Rule.KEEP,
            "dtref": Rule.KEEP,
            "status": Rule.KEEP,
            "households": Rule.KEEP,
            "persons": Rule.KEEP,
            "created": Rule.KEEP,
            "updated": Rule.KEEP,
            "unchanged": Rule.KEEP,
            "history_rows": Rule.KEEP,
            "unknown_codes": Rule.KEEP,
            "unknown_elements": Rule.KEEP,
            # A rejection reason may quote a dossier number.
            "rejected_reason": Rule.ERASE,
            "imported_by": Rule.KEEP,
            "started_at": Rule.KEEP,
            "duration_seconds": Rule.KEEP,
        },
        anonymised_flag="",
    )

    class Meta:
        verbose_name = "import CAF"
        verbose_name_plural = "journal des imports CAF"
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"


class SpreadsheetMapping(models.Model):
    """A saved column mapping for spreadsheets of beneficiaries (MSA lists, partners' files)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3)
    name = models.CharField("nom", max_length=150)
    # {"numdemrsa": "N° dossier", "last_name": "Nom", ...}: our field -> the spreadsheet's column header.
    columns = models.JSONField("correspondance des colonnes", default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ImportQuerySet.as_manager()

    # Column headers only: no personal data, declared so that the rule stays explicit.
    PRIVACY = Privacy(
        fields={
            "uuid": Rule.KEEP,
            "departement_code": Rule.KEEP,
            "name": Rule.KEEP,
            "columns": Rule.KEEP,
            "created_by": Rule.KEEP,
            "created_at": Rule.KEEP,
        },
        anonymised_flag="",
    )

    class Meta:
        verbose_name = "modèle d'import de tableur"
        verbose_name_plural = "modèles d'import de tableur"
        ordering = ["departement_code", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement_code", "name"], name="spreadsheet_mapping_unique_name"
            )
        ]

    def __str__(self):
        return self.name


class SpreadsheetImportStatus(models.TextChoices):
    READING = "reading", "Lecture en cours"
    REVIEW = "review", "À vérifier"
    APPLIED = "applied", "Enregistré"
    CANCELLED = "cancelled", "Abandonné"
    REJECTED = "rejected", "Refusé"


class SpreadsheetImport(models.Model):
    """An uploaded spreadsheet, read by a background task, then waiting for review (to create, to
    update, unchanged, errors) before saving."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3)
    file_name = models.CharField("fichier", max_length=255)
    # Private storage under MEDIA_ROOT; deleted once applied or cancelled.
    file = models.FileField("fichier", upload_to="spreadsheets/%Y/%m/", blank=True)
    mapping = models.ForeignKey(
        SpreadsheetMapping, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports"
    )
    status = models.CharField(
        "statut",
        max_length=10,
        choices=SpreadsheetImportStatus.choices,
        default=SpreadsheetImportStatus.READING,
    )
    report = models.JSONField("rapport", default=dict, blank=True)
    # The last background task run on it (reading, review, saving), whose progress its pages show;
    # the import outlives the task row.
    task = models.ForeignKey(
        "core.BackgroundTask", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    objects = ImportQuerySet.as_manager()

    PRIVACY = Privacy(
        fields={
            "uuid": Rule.KEEP,
            "departement_code": Rule.KEEP,
            "file_name": Rule.KEEP,
            "file": Rule.ERASE,
            "mapping": Rule.KEEP,
            "status": Rule.KEEP,
            "report": Rule.ERASE,
            "task": Rule.KEEP,
            "created_by": Rule.KEEP,
            "created_at": Rule.KEEP,
            "applied_at": Rule.KEEP,
        },
        anonymised_flag="",
    )

    class Meta:
        verbose_name = "import de tableur"
        verbose_name_plural = "imports de tableur"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.file_name
