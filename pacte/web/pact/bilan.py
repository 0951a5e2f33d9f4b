"""The pact's annual review page (the direction chooses a year and a format, and downloads the PDF
or the editable ODT) and the button that computes the pact's indicators for a year.

Both are the direction's: the review is its document before the assembly sees it. The review is
produced while the page waits: on the demo it takes well under two seconds (see
docs/decisions/015-annual-review.md), so no background task.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pacte.core.errors import DomainError
from pacte.evaluation import pact_indicators
from pacte.evaluation.bilan import documents
from pacte.pact.enums import ReportStatus
from pacte.pact.models import ActionReport
from pacte.web.form_pages import add_domain_error
from pacte.web.pact.access import editable_pact


def _years(pact):
    """The years of the pact that have begun, latest first."""
    last = min(pact.end_year, timezone.localdate().year)
    return list(range(last, pact.start_year - 1, -1))


def _year_field(form, pact):
    field = form.fields["annee"]
    field.choices = [(year, str(year)) for year in _years(pact)]
    field.error_messages = {
        "required": "Choisissez l'année.",
        "invalid_choice": f"Choisissez une année commencée de la période du pacte ({pact.period}).",
    }


class BilanForm(forms.Form):
    annee = forms.TypedChoiceField(label="Année du bilan", coerce=int)
    format = forms.ChoiceField(
        label="Format du document",
        choices=[
            ("pdf", "PDF, pour diffuser le bilan"),
            ("odt", "ODT, texte modifiable avec LibreOffice ou un autre traitement de texte"),
        ],
        widget=forms.RadioSelect,
        initial="pdf",
    )

    def __init__(self, *args, pact, **kwargs):
        super().__init__(*args, **kwargs)
        _year_field(self, pact)


class ComputeForm(forms.Form):
    annee = forms.TypedChoiceField(label="Année à calculer", coerce=int)

    def __init__(self, *args, pact, **kwargs):
        super().__init__(*args, **kwargs)
        _year_field(self, pact)


def _year_rows(pact):
    """For each year of the pact begun: the validated reports and the committees (two queries)."""
    reports = dict(
        ActionReport.objects.filter(action__objective__thematic__pact=pact)
        .values_list("year")
        .annotate(n=Count("id", filter=Q(status=ReportStatus.VALIDATED)))
        .order_by("year")
    )
    committees = dict(
        pact.committees.values_list("held_on__year").annotate(n=Count("id")).order_by("held_on__year")
    )
    return [
        {"year": year, "validated": reports.get(year, 0), "committees": committees.get(year, 0)}
        for year in _years(pact)
    ]


def _page(request, pact, form, compute_form, status=200):
    context = {
        "pact": pact,
        "form": form,
        "compute_form": compute_form,
        "years": _year_rows(pact),
        "computed_count": pact_indicators.computed_indicators(pact).count(),
        "action_count": pact.thematics.aggregate(n=Count("objectives__actions"))["n"],
    }
    return render(request, "web/pact/bilan/page.html", context, status=status)


def _download(request, pact, form):
    year, fmt = form.cleaned_data["annee"], form.cleaned_data["format"]
    data = documents.produce(actor=request.user, pact=pact, year=year, fmt=fmt, request=request)
    response = HttpResponse(data, content_type=documents.FORMATS[fmt][0])
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(pact, year, fmt)}"'
    return response


@login_required
def pact_bilan(request, slug):
    pact = editable_pact(request, slug)
    compute_form = ComputeForm(pact=pact)
    if "annee" not in request.GET:
        return _page(request, pact, BilanForm(pact=pact), compute_form)
    form = BilanForm(request.GET, pact=pact)
    if form.is_valid():
        try:
            return _download(request, pact, form)
        except DomainError as error:
            add_domain_error(form, error, {"year": "annee"})
    return _page(request, pact, form, compute_form, status=400)


@login_required
@require_POST
def pact_indicators_compute(request, slug):
    pact = editable_pact(request, slug)
    form = ComputeForm(request.POST, pact=pact)
    if form.is_valid():
        try:
            report = pact_indicators.compute_pact(
                actor=request.user, pact=pact, year=form.cleaned_data["annee"]
            )
        except DomainError as error:
            add_domain_error(form, error, {"year": "annee"})
        else:
            messages.success(request, _summary(report))
            return redirect(reverse("web:pact_indicator_list", kwargs={"slug": pact.slug}))
    return _page(request, pact, BilanForm(pact=pact), form, status=400)


def _summary(report):
    text = f"Indicateurs {report.year} calculés au {report.at:%d/%m/%Y} : {len(report.computed)} valeur(s) enregistrée(s)"
    if report.kept:
        text += f", {len(report.kept)} valeur(s) saisie(s) conservée(s)"
    if report.empty:
        text += f", {len(report.empty)} sans valeur (population vide ou non calculable)"
    if report.unknown:
        text += f", {len(report.unknown)} au calcul inconnu"
    return f"{text}."
