"""The yearly action reports' pages: the contributor's "Mes bilans d'action à rédiger", the report
form (draft or submit), a report's page with the direction's review, the direction's review queue,
and the direction's choice of an action's reporters.

A contributor reaches only the actions they report on (`Action.objects.reported_by`): any other
answers 404. The direction of the pact's département reads and reviews every report; the other
readers of the pact read the validated ones, with the author's structure instead of the name."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pacte.core.errors import DomainError
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.pact import reports
from pacte.pact.enums import ReportStatus
from pacte.pact.models import EDITOR_ROLES, Action, ActionReport
from pacte.web.form_pages import add_domain_error, save_form
from pacte.web.pact.access import check, editable_action
from pacte.web.pact.followup_forms import ReportersForm, ReportForm, ReviewForm

PAGE_SIZE = 25
ACTION_PATH = ("action__objective__thematic__pact", "action__pilot")


def _posted(request):
    return request.POST if request.method == "POST" else None


def report_url(report):
    return reverse("web:pact_report_detail", kwargs={"uuid": report.uuid})


def action_url(action):
    return reverse("web:pact_action_detail", kwargs={"uuid": action.uuid})


def _years(actions):
    pacts = {action.objective.thematic.pact for action in actions}
    return sorted({year for pact in pacts for year in range(pact.start_year, pact.end_year + 1)})


def _chosen_year(request, years):
    today = timezone.localdate().year
    default = min(years, key=lambda year: (abs(year - today), -year)) if years else today
    try:
        year = int(request.GET.get("annee", default))
    except ValueError:
        return default
    return year if year in years else default


@login_required
def my_reports(request):
    check(perms.holds(request.user, Role.PACT_CONTRIBUTOR))
    actions = list(
        Action.objects.reported_by(request.user)
        .select_related("objective__thematic__pact", "pilot")
        .order_by("objective__thematic__pact__slug", "objective__thematic__position", "objective__position",
                  "position", "id")
    )  # fmt: skip
    years = _years(actions)
    year = _chosen_year(request, years)
    actions = [
        a
        for a in actions
        if a.objective.thematic.pact.start_year <= year <= a.objective.thematic.pact.end_year
    ]
    by_action = {r.action_id: r for r in ActionReport.objects.filter(action__in=actions, year=year)}
    rows = [(action, by_action.get(action.pk)) for action in actions]
    to_write = sum(1 for _, report in rows if report is None or report.status in reports.WRITABLE)
    context = {"rows": rows, "year": year, "years": years, "to_write": to_write}
    return render(request, "web/pact/reports/mine.html", context)


def _reported_action(request, uuid):
    check(perms.holds(request.user, Role.PACT_CONTRIBUTOR))
    actions = Action.objects.reported_by(request.user).select_related("objective__thematic__pact")
    return get_object_or_404(actions, uuid=uuid)


@login_required
def report_edit(request, uuid, year):
    action = _reported_action(request, uuid)
    pact = action.objective.thematic.pact
    if not pact.start_year <= year <= pact.end_year:
        raise Http404
    report = ActionReport.objects.filter(action=action, year=year).first()
    if report is not None and report.status not in reports.WRITABLE:
        messages.info(
            request, f"Ce bilan est « {report.get_status_display().lower()} » : il ne se modifie plus."
        )
        return redirect(report_url(report))
    form = ReportForm(_posted(request), initial=ReportForm.initial_for(report))
    submit = request.POST.get("intent") == "submit"
    done = save_form(
        request,
        form,
        write=lambda form: reports.save_report(
            actor=request.user, action=action, year=year, submit=submit, **form.cleaned_data
        ),
        message="Le bilan est transmis à la direction." if submit else "Le brouillon est enregistré.",
        success=report_url if submit else reverse("web:pact_my_reports") + f"?annee={year}",
    )
    context = {"form": form, "action": action, "pact": pact, "year": year, "report": report}
    return done or render(request, "web/pact/reports/form.html", context)


def _visible_report(request, uuid):
    check(perms.is_staff_user(request.user))
    visible = ActionReport.objects.visible_to(request.user).select_related(
        *ACTION_PATH, "author", "author_organization", "reviewed_by"
    )
    return get_object_or_404(visible, uuid=uuid)


def _detail(request, report, review_form=None, status=200):
    reviewable = ActionReport.objects.reviewable_by(request.user).filter(pk=report.pk).exists()
    reporter = reports.reports_on(request.user, report.action)
    context = {
        "report": report,
        "action": report.action,
        "pact": report.action.objective.thematic.pact,
        # Names to the direction and the reporters; the structure to every other reader.
        "shows_names": reviewable or reporter,
        "can_review": reviewable and report.status == ReportStatus.SUBMITTED,
        "can_write": reporter and report.status in reports.WRITABLE,
        "review_form": review_form or ReviewForm(),
    }
    return render(request, "web/pact/reports/detail.html", context, status=status)


@login_required
def report_detail(request, uuid):
    return _detail(request, _visible_report(request, uuid))


@login_required
@require_POST
def report_review(request, uuid):
    report = _visible_report(request, uuid)
    check(ActionReport.objects.reviewable_by(request.user).filter(pk=report.pk).exists())
    form = ReviewForm(request.POST)
    if form.is_valid():
        validate = form.cleaned_data["decision"] == "validate"
        try:
            reports.review(
                actor=request.user, report=report, validate=validate, comment=form.cleaned_data["comment"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, "Le bilan est validé." if validate else "Le bilan est renvoyé à son rédacteur."
            )
            return redirect("web:pact_report_queue")
    return _detail(request, report, review_form=form)


@login_required
def review_queue(request):
    check(perms.holds(request.user, *EDITOR_ROLES))
    submitted = (
        ActionReport.objects.reviewable_by(request.user)
        .filter(status=ReportStatus.SUBMITTED)
        .select_related(*ACTION_PATH, "author", "author_organization")
        .order_by("submitted_at", "id")
    )
    page = Paginator(submitted, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/pact/reports/queue.html", {"page": page})


@login_required
def action_reporters(request, uuid):
    action = editable_action(request, uuid)
    users = reports.contributors(action.objective.thematic.pact.departement_id)
    initial = {"reporters": [user.pk for user in action.reporters.all()]}
    form = ReportersForm(_posted(request), initial=initial, users=users)
    done = save_form(
        request,
        form,
        write=lambda form: reports.set_reporters(
            actor=request.user, action=action, users=form.cleaned_data["reporters"]
        ),
        message="Les rédacteurs du bilan sont enregistrés.",
        success=action_url(action),
    )
    context = {
        "form": form,
        "title": f"Rédacteurs du bilan — {action.title}",
        "back": action_url(action),
        "back_label": action.title,
        "submit": "Enregistrer",
        "empty_choices": not users.exists(),
    }
    return done or render(request, "web/pact/reports/reporters.html", context)
