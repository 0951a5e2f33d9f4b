"""The partner's own pages: the prescriptions its offers received (accepted or refused in one
click) and the week's attendance to report. Only the open prescriptions name people; the closed
ones are counted (the partner no longer sees those persons)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from pacte.audit.services import log_list
from pacte.core.errors import DomainError
from pacte.offers import prescriptions as services
from pacte.offers.enums import OPEN_PRESCRIPTION_STATUSES, AttendanceStatus, PrescriptionStatus, RefusalReason
from pacte.offers.models import Attendance, Offer, Prescription
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.web.offers.prescriptions.access import check_partner
from pacte.web.offers.prescriptions.forms import ReceivedFilterForm

PAGE_SIZE = 25
GRID_PAGE_SIZE = 25
S = PrescriptionStatus
ROW_RELATED = ("person", "person__dossier", "person__dossier__commune", "offer", "session")


def received(user):
    """The open prescriptions to the user's organisations' offers (and only those it may see)."""
    return Prescription.objects.received_by(user).visible_to(user).open()


def own_offers(user):
    own = [org.pk for org in perms.organizations_for(user, Role.PARTNER)]
    return Offer.objects.filter(organization_id__in=own).order_by("name", "id")


def _answer(request, prescription, action):
    """Accept or refuse one row; the error message, or "" when done."""
    try:
        if action == "accept":
            services.accept(actor=request.user, prescription=prescription)
            messages.success(request, f"Prescription de {prescription.person.full_name} acceptée.")
        elif action == "refuse":
            services.refuse(
                actor=request.user,
                prescription=prescription,
                reason=request.POST.get("refusal_reason", ""),
                note=request.POST.get("answer_note", ""),
            )
            messages.success(request, f"Prescription de {prescription.person.full_name} refusée.")
        else:
            return "Action inconnue."
    except DomainError as error:
        return error.message
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def prescriptions_received(request):
    check_partner(request.user)
    user = request.user
    rows = received(user).select_related(*ROW_RELATED)
    row_error, typed = {}, {}
    if request.method == "POST":
        target = rows.filter(uuid=_uuid(request.POST.get("prescription"))).first()
        back = reverse("web:prescriptions_received") + _query(request.POST.get("querystring", ""))
        if target is None or not services.can_answer(user, target):
            messages.error(request, "Cette prescription n'est plus en attente de réponse.")
            return redirect(back)
        message = _answer(request, target, request.POST.get("action", ""))
        if not message:
            return redirect(back)
        row_error = {str(target.uuid): message}
        typed = {
            str(target.uuid): {
                "refusal_reason": request.POST.get("refusal_reason", ""),
                "answer_note": request.POST.get("answer_note", ""),
            }
        }
    form = ReceivedFilterForm(request.GET or None, offers=own_offers(user))
    if form.is_bound and form.is_valid():
        if form.cleaned_data["offer"]:
            rows = rows.filter(offer=form.cleaned_data["offer"])
        if form.cleaned_data["status"]:
            rows = rows.filter(status=form.cleaned_data["status"])
    rows = rows.order_by("sent_on", "id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for prescription in page:
        key = str(prescription.uuid)
        prescription.row_error = row_error.get(key, "")
        prescription.typed = typed.get(key, {})
        prescription.can_answer = prescription.status in (S.SENT, S.WAITLISTED)
    params = request.GET.copy()
    params.pop("page", None)
    log_list(request, action="prescription.list", persons=[p.person.uuid for p in page])
    closed = (
        Prescription.objects.received_by(user)
        .exclude(status__in=OPEN_PRESCRIPTION_STATUSES)
        .values("status")
        .annotate(count=Count("id"))
        .order_by("status")
    )
    labels = dict(PrescriptionStatus.choices)
    context = {
        "form": form,
        "page": page,
        "querystring": params.urlencode(),
        "reasons": RefusalReason.choices,
        "closed": [(labels[row["status"]], row["count"]) for row in closed],
    }
    return render(request, "web/offers/prescriptions/received.html", context)


def _uuid(text):
    import uuid

    try:
        return uuid.UUID(str(text))
    except ValueError:
        return None


def _query(querystring):
    return f"?{querystring}" if querystring else ""


def monday_of(text, today):
    try:
        day = datetime.date.fromisoformat(text) if text else today
    except ValueError:
        day = today
    return day - datetime.timedelta(days=day.weekday())


def cell_name(prescription, day):
    return f"presence-{prescription.uuid}-{day:%Y%m%d}"


def _grid(page, days, recorded, today, posted=None):
    """The rows of the grid: for each prescription, a cell per day (editable from the day it was
    sent up to today), its value the posted one, else the recorded one."""
    rows = []
    for prescription in page:
        cells = []
        for day in days:
            name = cell_name(prescription, day)
            saved = recorded.get((prescription.pk, day), "")
            value = posted.get(name, saved) if posted is not None else saved
            cells.append(
                {
                    "name": name,
                    "day": day,
                    "saved": saved,
                    "value": value,
                    "editable": prescription.sent_on <= day <= today,
                }
            )
        rows.append({"prescription": prescription, "cells": cells})
    return rows


def _save(user, rows, today):
    """Each changed cell through `record_attendance`, all or nothing: the errors, [] when saved."""
    errors, saved = [], 0
    with transaction.atomic():
        for row in rows:
            prescription = row["prescription"]
            for cell in row["cells"]:
                if not cell["editable"] or cell["value"] in ("", cell["saved"]):
                    continue
                try:
                    services.record_attendance(
                        actor=user,
                        prescription=prescription,
                        day=cell["day"],
                        status=cell["value"],
                        today=today,
                    )
                except DomainError as error:
                    cell["error"] = error.message
                    errors.append(
                        f"{prescription.person.full_name}, le {cell['day']:%d/%m/%Y} : {error.message}"
                    )
                else:
                    saved += 1
        if errors:
            transaction.set_rollback(True)
    return errors, saved


@login_required
@require_http_methods(["GET", "POST"])
def prescriptions_attendance(request):
    check_partner(request.user)
    user = request.user
    today = timezone.localdate()
    source = request.POST if request.method == "POST" else request.GET
    monday = monday_of(source.get("semaine", ""), today)
    days = [monday + datetime.timedelta(days=n) for n in range(5)]
    prescriptions = (
        Prescription.objects.received_by(user)
        .visible_to(user)
        .filter(status__in=(S.ACCEPTED, S.STARTED), sent_on__lte=days[-1])
        .select_related(*ROW_RELATED)
        .order_by("offer__name", "person__sort_key", "id")
    )
    page = Paginator(prescriptions, GRID_PAGE_SIZE).get_page(source.get("page"))
    recorded = {
        (row.prescription_id, row.day): row.status
        for row in Attendance.objects.filter(prescription__in=list(page), day__range=(days[0], days[-1]))
    }
    errors = []
    if request.method == "POST":
        rows = _grid(page, days, recorded, today, posted=request.POST)
        errors, saved = _save(user, rows, today)
        if not errors:
            messages.success(
                request,
                f"{saved} présence{'s' if saved > 1 else ''} enregistrée{'s' if saved > 1 else ''}."
                if saved
                else "Aucune présence modifiée.",
            )
            query = f"?semaine={monday.isoformat()}" + (f"&page={page.number}" if page.number > 1 else "")
            return redirect(reverse("web:prescriptions_attendance") + query)
    else:
        rows = _grid(page, days, recorded, today)
    log_list(request, action="prescription.attendance.list", persons=[p.person.uuid for p in page])
    context = {
        "rows": rows,
        "days": days,
        "page": page,
        "monday": monday,
        "previous_week": monday - datetime.timedelta(days=7),
        "next_week": monday + datetime.timedelta(days=7),
        "is_current_week": monday <= today < monday + datetime.timedelta(days=7),
        "errors": errors,
        "statuses": AttendanceStatus.choices,
        "querystring": f"semaine={monday.isoformat()}",
    }
    return render(request, "web/offers/prescriptions/attendance.html", context)
