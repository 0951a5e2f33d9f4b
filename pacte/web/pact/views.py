"""The pact pages: the list of the pacts, a pact as a tree (thematics → objectives → actions,
coloured by the progress of their latest validated reports), its signatories, its concertation, an
action (with its reports and reporters), the indicators and an indicator's values against its
targets; the status moves of the direction."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from pacte.core.errors import DomainError
from pacte.offers.models import Offer
from pacte.organizations import perms
from pacte.pact import reports, services
from pacte.pact.enums import PactStatus, ReportStatus
from pacte.pact.models import Action, ActionReport, Pact, PactIndicator
from pacte.web.pact import display
from pacte.web.pact.access import (
    can_edit,
    can_read_pacts,
    check,
    editable_pact,
    readable_action,
    readable_indicator,
    readable_pact,
)
from pacte.web.pact.charts import target_chart
from pacte.web.pact.forms import AdoptForm

PAGE_SIZE = 25
STATUS_MOVES = {
    PactStatus.ADOPTED: "Enregistrer l'adoption",
    PactStatus.CLOSED: "Clore le pacte",
    PactStatus.DRAFT: "Repasser en préparation",
}


@login_required
def pact_list(request):
    check(can_read_pacts(request.user))
    pacts = (
        Pact.objects.visible_to(request.user)
        .select_related("departement")
        .annotate(
            thematic_count=Count("thematics", distinct=True),
            action_count=Count("thematics__objectives__actions", distinct=True),
        )
        .order_by("departement_id", "-start_year", "slug")
    )
    page = Paginator(pacts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/pact/list.html", {"page": page})


def _tree(pact):
    """The thematics with their objectives and actions, each action banded by the progress of its
    latest validated report."""
    actions = Action.objects.select_related("pilot").order_by("position", "id")
    thematics = list(
        pact.thematics.prefetch_related(
            "objectives", Prefetch("objectives__actions", queryset=actions)
        ).order_by("position", "id")
    )
    progress = reports.latest_progress(Action.objects.filter(objective__thematic__pact=pact))
    count = 0
    for thematic in thematics:
        for objective in thematic.objectives.all():
            for action in objective.actions.all():
                action.progress = progress.get(action.pk)
                action.band = display.band_for(action.progress)
                count += 1
    return thematics, count


@login_required
def pact_detail(request, slug):
    pact = readable_pact(request, slug)
    thematics, action_count = _tree(pact)
    editable = can_edit(request.user, pact)
    moves = [
        (status, "Rouvrir le pacte" if pact.status == PactStatus.CLOSED else STATUS_MOVES[status])
        for status in services.PACT_TRANSITIONS.targets(pact.status)
    ]
    context = {
        "pact": pact,
        "thematics": thematics,
        "objective_count": sum(len(t.objectives.all()) for t in thematics),
        "action_count": action_count,
        "legend": display.legend(),
        "can_edit": editable,
        "moves": moves if editable else [],
        "adopt_form": AdoptForm(),
        "indicator_count": pact.indicators.count(),
        "signatory_count": pact.signatories.count(),
        "to_review": ActionReport.objects.filter(
            action__objective__thematic__pact=pact, status=ReportStatus.SUBMITTED
        ).count()
        if editable
        else 0,
        "bilan_url": _bilan_url(pact) if editable else None,
    }
    return render(request, "web/pact/detail.html", context)


def _bilan_url(pact):
    """The annual review's page, once its module (`web:pact_bilan`) is installed."""
    try:
        return reverse("web:pact_bilan", kwargs={"slug": pact.slug})
    except NoReverseMatch:
        return None


@login_required
@require_POST
def pact_status(request, slug):
    pact = editable_pact(request, slug)
    status = request.POST.get("status", "")
    if status not in STATUS_MOVES:
        messages.error(request, "Statut inconnu.")
        return redirect(pact_url(pact))
    form = AdoptForm(request.POST)
    on = form.cleaned_data["on"] if form.is_valid() else None
    try:
        services.set_status(actor=request.user, pact=pact, status=status, on=on)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Le pacte est maintenant « {pact.get_status_display().lower()} ».")
    return redirect(pact_url(pact))


@login_required
def pact_signatories(request, slug):
    pact = readable_pact(request, slug)
    signatories = pact.signatories.select_related("organization").order_by("position", "id")
    context = {"pact": pact, "signatories": signatories, "can_edit": can_edit(request.user, pact)}
    return render(request, "web/pact/signatories.html", context)


@login_required
def pact_concertation(request, slug):
    pact = readable_pact(request, slug)
    events = pact.concertation_events.order_by("position", "id")
    context = {"pact": pact, "events": events, "can_edit": can_edit(request.user, pact)}
    return render(request, "web/pact/concertation.html", context)


@login_required
def action_detail(request, uuid):
    action = readable_action(request, uuid)
    pact = action.objective.thematic.pact
    editable = can_edit(request.user, pact)
    lines = list(action.budget_lines.order_by("year", "id"))
    context = {
        "action": action,
        "pact": pact,
        "partners": [org.name for org in action.partners.order_by("name")] + list(action.partner_names),
        "budget_lines": lines,
        "budget_total": sum(line.amount for line in lines),
        "indicators": action.indicators.order_by("code"),
        # The offers it funds: each the reader may see, and how many in all (an analyst sees none).
        "funded_offers": Offer.objects.visible_to(request.user)
        .filter(funding_action=action)
        .select_related("organization")
        .order_by("name", "id"),
        "funded_count": action.funded_offers.count(),
        "band": display.band_for(reports.latest_progress([action]).get(action.pk)),
        "can_edit": editable,
        **_action_reports(request, action, pact, editable),
    }
    return render(request, "web/pact/action.html", context)


def _action_reports(request, action, pact, editable):
    """The reports of the action the reader may read, its reporters, and the years the reader may
    still write (a reporter: the pact's years without a report, or with a draft or returned one)."""
    visible = list(
        ActionReport.objects.visible_to(request.user)
        .filter(action=action)
        .select_related("author_organization")
        .order_by("-year", "id")
    )
    reporter = reports.reports_on(request.user, action)
    writable_years = []
    if reporter:
        locked = {r.year for r in visible if r.status not in reports.WRITABLE}
        writable_years = [y for y in range(pact.start_year, pact.end_year + 1) if y not in locked]
    return {
        "action_reports": visible,
        "reporters": action.reporters.order_by("last_name", "first_name", "id")
        if editable or reporter
        else [],
        "is_reporter": reporter,
        "writable_years": writable_years,
    }


@login_required
def indicator_list(request, slug):
    pact = readable_pact(request, slug)
    indicators = (
        PactIndicator.objects.filter(pact=pact)
        .select_related("action", "objective")
        .prefetch_related("values")
        .order_by("code", "id")
    )
    page = Paginator(indicators, PAGE_SIZE).get_page(request.GET.get("page"))
    for indicator in page:
        indicator.latest = max(indicator.values.all(), key=lambda v: v.year, default=None)
    context = {"pact": pact, "page": page, "can_edit": can_edit(request.user, pact)}
    return render(request, "web/pact/indicators.html", context)


@login_required
def indicator_detail(request, uuid):
    indicator = readable_indicator(request, uuid)
    values = list(indicator.values.order_by("year"))
    targets = {int(year): value for year, value in indicator.targets.items()}
    by_year = {row.year: row.value for row in values}
    years = sorted(set(by_year) | set(targets))
    context = {
        "indicator": indicator,
        "pact": indicator.pact,
        "values": values,
        "targets": sorted(targets.items()),
        "chart": target_chart(f"{indicator.name} : valeurs et cibles par année", by_year, targets, years),
        "can_edit": can_edit(request.user, indicator.pact),
        "is_staff": perms.is_staff_user(request.user),
    }
    return render(request, "web/pact/indicator.html", context)


def pact_url(pact):
    return reverse("web:pact_detail", kwargs={"slug": pact.slug})
