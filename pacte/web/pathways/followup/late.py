"""What is late on the follow-up side: no contract a month after orientation, no appointment for
three months; by référent and by territory, as a chart with the same figures in a table."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from pacte.audit.services import log_list
from pacte.pathways.services import followup_reads
from pacte.web.charts import bar_chart
from pacte.web.pathways.followup.access import check_reader

LIST_LIMIT = 50


@login_required
def late_dashboard(request):
    check_reader(request.user)
    late = followup_reads.late_overview(request.user, today=timezone.localdate(), limit=LIST_LIMIT)
    shown = dict.fromkeys(p.uuid for p in late.no_contract + late.no_appointment)
    log_list(request, action="followup.late.list", persons=shown)
    by_referent, by_territory = late.by_referent, late.by_territory
    context = {
        "no_contract_count": late.no_contract_count,
        "no_appointment_count": late.no_appointment_count,
        "no_contract": late.no_contract,
        "no_appointment": late.no_appointment,
        "limit": LIST_LIMIT,
        "by_referent": by_referent,
        "by_territory": by_territory,
        "referent_chart": bar_chart("En retard, par référent·e", [(g.label, g.total) for g in by_referent]),
        "territory_chart": bar_chart("En retard, par territoire", [(g.label, g.total) for g in by_territory]),
        "months": followup_reads.APPOINTMENT_MONTHS,
    }
    return render(request, "web/pathways/followup/late.html", context)
