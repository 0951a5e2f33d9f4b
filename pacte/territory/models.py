from django.db import models

from pacte.territory import scoping


class DepartementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The départements `user` manages: where they run imports and draw territories."""
        return self.filter(scoping.managed_q(user, "code"))


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region_code = models.CharField("code région", max_length=3, blank=True)
    # The signatory of the letters to persons, set by the direction.
    signatory_title = models.CharField(
        "qualité du ou de la signataire",
        max_length=250,
        blank=True,
        help_text="Par exemple : Pour le Président du Conseil départemental, la directrice de l'insertion",
    )
    signatory_name = models.CharField("nom du ou de la signataire", max_length=150, blank=True)

    objects = DepartementQuerySet.as_manager()

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    siren = models.CharField("SIREN", max_length=9, primary_key=True)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature", max_length=10, blank=True)

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["name"]

    def __str__(self):
        return self.name


class TerritoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The territories of the départements `user` manages (their communes, their name)."""
        return self.filter(scoping.managed_q(user, "departement_id"))


class Territory(models.Model):
    """A territory of action inside a département (a Maison du département sector)."""

    # A département's territories go with it.
    departement = models.ForeignKey(Departement, on_delete=models.CASCADE, related_name="territories")
    code = models.SlugField("code", max_length=50)
    name = models.CharField("nom", max_length=150)
    is_demo = models.BooleanField(
        "données de démonstration",
        default=False,
        help_text="Secteur construit pour la démonstration (le découpage réel n'est pas public).",
    )

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = "territoire d'action"
        verbose_name_plural = "territoires d'action"
        ordering = ["departement", "name"]
        constraints = [models.UniqueConstraint(fields=["departement", "code"], name="territory_unique_code")]

    def __str__(self):
        return self.name


class CommuneQuerySet(models.QuerySet):
    def with_coordinates(self):
        return self.exclude(latitude=None).exclude(longitude=None)


class Commune(models.Model):
    insee_code = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=100)
    # Communes are reference data: a département is never deleted while communes point to it.
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    epci = models.ForeignKey(Epci, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes")
    # Editing the sectors must not delete communes: unattach them instead.
    territory = models.ForeignKey(
        Territory, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes"
    )
    postcodes = models.JSONField("codes postaux", default=list)
    population = models.PositiveIntegerField("population", default=0)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        ordering = ["name", "insee_code"]

    def __str__(self):
        return f"{self.name} ({self.insee_code})"


class Site(models.Model):
    """A place where people are received (a Maison du département site, a partner's office)."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField("nom", max_length=150)
    address = models.CharField("adresse", max_length=250, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="sites")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)

    class Meta:
        verbose_name = "site"
        ordering = ["territory", "name"]

    def __str__(self):
        return self.name
