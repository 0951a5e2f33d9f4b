"""The orientation queue and the dashboard of what is late (orientation side)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.utils import timezone

from pacte.audit.services import log_list
from pacte.organizations import perms as org_perms
from pacte.pathways import queries
from pacte.web.charts import bar_chart
from pacte.web.pathways.orientation.common import paginate, render_page, require_orienting
from pacte.web.pathways.orientation.forms import QueueFilterForm


def queue_rows(page, today):
    """Each person of the page with their legal deadline and the days left (negative: overdue)."""
    rows = []
    for person in page:
        deadline = queries.queue_deadline(person)
        days_left = (deadline - today).days
        rows.append({"person": person, "deadline": deadline, "days_left": days_left, "days_late": -days_left})
    return rows


@login_required
def orientation_queue(request):
    require_orienting(request.user)
    today = timezone.localdate()
    form = QueueFilterForm(request.GET or None, territories=org_perms.orienting_territories(request.user))
    territory, proposal, overdue = form.filters()
    people = queries.orientation_queue(request.user, today=today, territory=territory)
    if overdue:
        people = people.filter(is_overdue=True)
    if proposal:
        people = people.filter(proposal_uuid__isnull=proposal == "not_proposed")
    page, querystring = paginate(request, people)
    filters = {
        "territory": territory.code if territory else "",
        "proposal": proposal,
        "overdue": bool(overdue),
    }
    log_list(request, action="orientation.queue.list", persons=[p.uuid for p in page], query=filters)
    context = {
        "form": form,
        "page": page,
        "rows": queue_rows(page, today),
        "querystring": querystring,
        "definition": queries.QUEUE_DEFINITION,
        "stock_count": queries.stock_without_orientation(request.user).order_by().count(),
    }
    return render_page(request, "web/pathways/orientation/queue.html", context)


@login_required
def stock_worklist(request):
    """The stock without orientation: people already subject when the first file came, to catch up
    with, apart from the entrants and their six weeks."""
    require_orienting(request.user)
    form = QueueFilterForm(request.GET or None, territories=org_perms.orienting_territories(request.user))
    territory, proposal, _ = form.filters()
    people = queries.stock_without_orientation(request.user, territory=territory)
    if proposal:
        people = people.filter(proposal_uuid__isnull=proposal == "not_proposed")
    page, querystring = paginate(request, people)
    filters = {"territory": territory.code if territory else "", "proposal": proposal}
    log_list(request, action="orientation.stock.list", persons=[p.uuid for p in page], query=filters)
    context = {
        "form": form,
        "page": page,
        "querystring": querystring,
        "definition": queries.STOCK_DEFINITION,
        "today": timezone.localdate(),
    }
    return render_page(request, "web/pathways/orientation/stock.html", context)


@login_required
def late_dashboard(request):
    require_orienting(request.user)
    today = timezone.localdate()
    late = queries.not_oriented_in_time(request.user, today=today)
    by_territory = list(
        late.order_by()
        .values("dossier__territory__name")
        .annotate(count=Count("pk", distinct=True))
        .order_by("dossier__territory__name")
    )
    rows = [
        (entry["dossier__territory__name"] or "Sans territoire", entry["count"]) for entry in by_territory
    ]
    page, querystring = paginate(request, late)
    log_list(
        request, action="orientation.late.list", persons=[p.uuid for p in page], query={"page": page.number}
    )
    context = {
        "chart": bar_chart("Personnes non orientées dans les six semaines, par territoire", rows),
        "definition": queries.QUEUE_DEFINITION,
        "total": sum(count for _, count in rows),
        "page": page,
        "rows": queue_rows(page, today),
        "querystring": querystring,
    }
    return render_page(request, "web/pathways/orientation/late.html", context)
