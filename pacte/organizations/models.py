import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_otp.models import Device

from pacte.core.errors import DomainError
from pacte.core.privacy import Privacy, Rule
from pacte.organizations import perms
from pacte.organizations.enums import (
    ORIENTATION_BODY_BY_KIND,
    LoginChannel,
    OrganizationKind,
    OrientationBodyKind,
    Role,
)
from pacte.organizations.validators import validate_siret
from pacte.territory.models import Commune, Departement, Territory


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The organisations of the départements where `user` is direction or employer relations."""
        return self.filter(
            perms.departement_q(user, *perms.ORGANIZATION_READER_ROLES, field="departement_id")
        )

    def in_departement(self, code):
        return self.filter(departement_id=code)

    def orientation_bodies(self, departement_code, body_kind=None):
        """The active organisations of the département that can receive orientations, by kind."""
        organizations = list(
            self.filter(departement_id=departement_code, is_active=True).order_by("name", "id")
        )
        if body_kind:
            organizations = [org for org in organizations if org.orientation_body_kind == body_kind]
        return organizations


class Organization(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type de structure", max_length=30, choices=OrganizationKind.choices)
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[validate_siret])
    # Organisations belong to a département's deployment; it is never deleted under them.
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="organizations")
    territory = models.ForeignKey(
        Territory, on_delete=models.SET_NULL, null=True, blank=True, related_name="organizations"
    )
    commune = models.ForeignKey(Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    address = models.CharField("adresse", max_length=250, blank=True)
    email = models.EmailField("courriel de contact", blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    # A Maison du département belongs to the département's services; deleting the parent keeps it.
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "structure"
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(siret="") | Q(siret__regex=r"^[0-9]{14}$"), name="organization_siret_digits"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def orientation_body_kind(self):
        return ORIENTATION_BODY_BY_KIND.get(self.kind, OrientationBodyKind.HORS_SPE)


# The audit log points to its authors: an account is deactivated (deactivate_user), never deleted.
ACCOUNT_NOT_DELETED = "Un compte ne se supprime pas : désactivez-le."


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The staff a user manages: a direction those with a membership in its départements."""
        if perms.sees_everything(user):
            return self.all()
        members = Membership.objects.filter(
            perms.departement_q(user, Role.DIRECTION, field="organization__departement_id")
        ).values("user_id")
        return self.filter(pk__in=members)

    def delete(self):
        raise DomainError(ACCOUNT_NOT_DELETED)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who logs in: staff of the organisations, and beneficiaries for their own space."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("adresse électronique", unique=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    is_staff = models.BooleanField("accès à l'administration", default=False)
    is_active = models.BooleanField("actif", default=True)
    date_joined = models.DateTimeField("date d'inscription", default=timezone.now)
    deactivated_at = models.DateTimeField("désactivé le", null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    PRIVACY = Privacy(
        fields={
            "uuid": Rule.KEEP,
            "email": Rule.PSEUDONYMISE,
            "first_name": Rule.ERASE,
            "last_name": Rule.ERASE,
            "phone": Rule.ERASE,
            "password": Rule.KEEP,
            "last_login": Rule.KEEP,
            "is_superuser": Rule.KEEP,
            "is_staff": Rule.KEEP,
            "is_active": Rule.KEEP,
            "date_joined": Rule.KEEP,
            "deactivated_at": Rule.KEEP,
            "anonymised_at": Rule.KEEP,
        }
    )

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    def delete(self, *args, **kwargs):
        raise DomainError(ACCOUNT_NOT_DELETED)


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, organization__is_active=True)


class Membership(models.Model):
    """A user's role in an organisation: the only source of access rights."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "habilitation"
        ordering = ["organization__name", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role")
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.organization}"


class LoginAttempt(models.Model):
    """Every login attempt, kept for the security review (the throttle counts in the cache)."""

    email = models.CharField(max_length=254, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    succeeded = models.BooleanField(default=False)
    channel = models.CharField("canal", max_length=10, choices=LoginChannel.choices, default=LoginChannel.WEB)
    # Refused by the throttle before the password was checked.
    blocked = models.BooleanField("bloquée", default=False)

    PRIVACY = Privacy(
        fields={
            "email": Rule.PSEUDONYMISE,
            "ip": Rule.ERASE,
            "at": Rule.KEEP,
            "succeeded": Rule.KEEP,
            "channel": Rule.KEEP,
            "blocked": Rule.KEEP,
        },
        anonymised_flag="",
    )

    class Meta:
        verbose_name = "tentative de connexion"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.email} {self.at:%d/%m/%Y %H:%M} {'réussie' if self.succeeded else 'échouée'}"


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def visible_to(self, user):
        """Tokens a user may see and revoke: a direction those of its département's staff."""
        if perms.sees_everything(user):
            return self.all()
        owners = Membership.objects.filter(
            perms.departement_q(user, Role.DIRECTION, field="organization__departement_id")
        ).values("user_id")
        return self.filter(user_id__in=owners)


class ApiToken(models.Model):
    """An API token: only the SHA-256 of its secret is stored; the secret is shown once."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A user's tokens go with the user.
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField("début du jeton", max_length=8)
    label = models.CharField("libellé", max_length=100, blank=True)
    # The second factor was checked when the token was issued.
    otp_verified = models.BooleanField("double authentification vérifiée", default=False)
    created_at = models.DateTimeField("créé le", default=timezone.now)
    expires_at = models.DateTimeField("expire le")
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    # Whoever revoked it; the record stays if that account goes.
    revoked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class TwoFactorInvitation(models.Model):
    """A single-use, expiring link with which a user enrols their second-factor device."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # An invitation is worthless without its user.
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="two_factor_invitations")
    key_hash = models.CharField(max_length=64, unique=True)
    # Whoever invited; the record stays if that account goes.
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField("créée le", default=timezone.now)
    expires_at = models.DateTimeField("expire le")
    used_at = models.DateTimeField("utilisée le", null=True, blank=True)

    class Meta:
        verbose_name = "invitation à la double authentification"
        verbose_name_plural = "invitations à la double authentification"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.user} {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def is_usable(self):
        return self.used_at is None and self.expires_at > timezone.now()


class ProConnectDevice(Device):
    """The second factor as ProConnect vouched for it at login (its `acr` or `amr`): a django-otp
    device that verifies no code, so that `user.is_verified()` holds for the session it was logged
    in, as after a TOTP code. One per user, created at their first such login."""

    class Meta:
        verbose_name = "second facteur attesté par ProConnect"
        verbose_name_plural = "seconds facteurs attestés par ProConnect"

    def verify_token(self, token):
        return False
