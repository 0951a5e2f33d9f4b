from django.db import models

from pacte.referentials.enums import BarrierTheme, ExitCategory


class RomeCode(models.Model):
    """A ROME 4.0 job sheet, with France Travail's transition flags."""

    code = models.CharField("code ROME", max_length=5, primary_key=True)
    label = models.CharField("libellé", max_length=200)
    parent_code = models.CharField("code ROME parent", max_length=5, blank=True)
    transition_eco = models.CharField("transition écologique", max_length=80, blank=True)
    transition_num = models.CharField("transition numérique", max_length=80, blank=True)
    transition_demo = models.CharField("transition démographique", max_length=80, blank=True)
    regulated = models.BooleanField("emploi réglementé", default=False)
    executive = models.BooleanField("emploi cadre", default=False)

    class Meta:
        verbose_name = "fiche ROME"
        verbose_name_plural = "fiches ROME"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} – {self.label}"


class RomeAppellation(models.Model):
    code_ogr = models.PositiveIntegerField("code OGR", primary_key=True)
    label = models.CharField("libellé", max_length=250)
    short_label = models.CharField("libellé court", max_length=250)
    # Reference data reloaded as a whole: an appellation never outlives its sheet.
    rome = models.ForeignKey(RomeCode, on_delete=models.CASCADE, related_name="appellations")
    transition_eco = models.CharField("transition écologique", max_length=80, blank=True)
    transition_num = models.CharField("transition numérique", max_length=80, blank=True)
    transition_demo = models.CharField("transition démographique", max_length=80, blank=True)
    rarely_used = models.BooleanField("peu usité", default=False)

    class Meta:
        verbose_name = "appellation ROME"
        verbose_name_plural = "appellations ROME"
        ordering = ["label"]

    def __str__(self):
        return self.label


class Barrier(models.Model):
    """A frein périphérique of the nomenclature, grouped by theme."""

    code = models.SlugField("code", max_length=60, primary_key=True)
    theme = models.CharField("thème", max_length=20, choices=BarrierTheme.choices)
    label = models.CharField("libellé", max_length=200)
    position = models.PositiveSmallIntegerField("ordre", default=0)
    is_active = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "frein"
        ordering = ["theme", "position", "code"]

    def __str__(self):
        return self.label

    @property
    def is_health(self):
        # Health barriers are sensitive data: hidden from partners and analysts.
        return self.theme == BarrierTheme.HEALTH


class ExitReason(models.Model):
    code = models.SlugField("code", max_length=60, primary_key=True)
    category = models.CharField("catégorie", max_length=20, choices=ExitCategory.choices)
    label = models.CharField("libellé", max_length=200)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "motif de sortie"
        verbose_name_plural = "motifs de sortie"
        ordering = ["category", "position", "code"]

    def __str__(self):
        return self.label
