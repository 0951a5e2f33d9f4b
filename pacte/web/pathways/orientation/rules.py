"""The direction's page of its département's ordered pre-orientation rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from pacte.core.errors import DomainError
from pacte.organizations.models import Organization
from pacte.pathways import national_criteria, services
from pacte.pathways.enums import RuleCondition
from pacte.pathways.models import PreOrientationRule
from pacte.pathways.services.web_orientation import move_rule
from pacte.territory.models import Departement
from pacte.web.pathways.orientation.common import render_page, require_rule_manager
from pacte.web.pathways.orientation.forms import RuleForm


def rules_for(user):
    return (
        PreOrientationRule.objects.visible_to(user)
        .select_related("body")
        .order_by("departement_code", "position", "id")
    )


def _form(user, data=None, initial=None):
    departements = [(d.code, str(d)) for d in Departement.objects.visible_to(user)]
    bodies = []
    for code, _ in departements:
        bodies += Organization.objects.orientation_bodies(code)
    return RuleForm(data, initial=initial, departements=departements, bodies=bodies)


def _mark_national_place(rules):
    """Mark the rule the national criteria run before (the first active "toute personne" rule);
    None when they run after every rule."""
    for rule in rules:
        if rule.is_active and rule.condition == RuleCondition.ALWAYS:
            rule.national_before = True
            return rule
    return None


@login_required
def rule_list(request):
    """Each département's own rules, then the national criteria, its default (read-only)."""
    require_rule_manager(request.user)
    groups = {departement.code: [] for departement in Departement.objects.visible_to(request.user)}
    for rule in rules_for(request.user):
        groups.setdefault(rule.departement_code, []).append(rule)
    context = {
        "groups": {code: (rules, _mark_national_place(rules)) for code, rules in sorted(groups.items())},
        "national_summary": national_criteria.SUMMARY,
    }
    return render_page(request, "web/pathways/orientation/rules.html", context)


def _save(request, form, rule=None):
    data = form.cleaned_data
    values = {
        "label": data["label"],
        "condition": data["condition"],
        "params": form.params(),
        "track": data["track"],
        "body_kind": data["body_kind"],
        "body": data["body"],
    }
    try:
        if rule is None:
            rule = services.create_rule(actor=request.user, departement_code=data["departement"], **values)
        else:
            rule = services.update_rule(actor=request.user, rule=rule, is_active=data["is_active"], **values)
    except DomainError as error:
        form.add_error(None, error.message)
        return None
    return rule


@login_required
def rule_create(request):
    require_rule_manager(request.user)
    form = _form(request.user, request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid() and _save(request, form):
        messages.success(request, "Règle ajoutée en dernière position.")
        return redirect("web:orientation_rules")
    return render_page(request, "web/pathways/orientation/rule_form.html", {"form": form, "rule": None})


@login_required
def rule_edit(request, pk):
    require_rule_manager(request.user)
    rule = get_object_or_404(rules_for(request.user), pk=pk)
    form = _form(request.user, request.POST or None, initial=RuleForm.initial_for(rule))
    form.fields["departement"].disabled = True
    if request.method == "POST" and form.is_valid() and _save(request, form, rule):
        messages.success(request, f"Règle « {rule.label} » enregistrée.")
        return redirect("web:orientation_rules")
    return render_page(request, "web/pathways/orientation/rule_form.html", {"form": form, "rule": rule})


@login_required
@require_POST
def rule_move(request, pk):
    require_rule_manager(request.user)
    rule = get_object_or_404(rules_for(request.user), pk=pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        move_rule(actor=request.user, rule=rule, offset=offset)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("web:orientation_rules")


@login_required
@require_POST
def rule_toggle(request, pk):
    require_rule_manager(request.user)
    rule = get_object_or_404(rules_for(request.user), pk=pk)
    services.update_rule(actor=request.user, rule=rule, is_active=not rule.is_active)
    state = "activée" if rule.is_active else "désactivée"
    messages.success(request, f"Règle « {rule.label} » {state}.")
    return redirect("web:orientation_rules")
