from django.urls import path, re_path

from pacte.web.pathways.followup import (
    appointments,
    caseload,
    changes,
    contracts,
    late,
    pathway,
    plan,
    worklists,
)

UUID = r"(?P<uuid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"

urlpatterns = [
    path("suivi/portefeuille/", caseload.my_caseload, name="followup_caseload"),
    path("suivi/portefeuilles/", caseload.caseload_list, name="followup_caseloads"),
    path("suivi/portefeuilles/<uuid:uuid>/", caseload.caseload_detail, name="followup_caseload_detail"),
    path(
        "suivi/portefeuilles/<uuid:uuid>/transfert/",
        caseload.caseload_transfer,
        name="followup_caseload_transfer",
    ),
    path("suivi/retards/", late.late_dashboard, name="followup_late"),
    path("suivi/sans-referent/", worklists.inbox_list, name="followup_inboxes"),
    path("suivi/sans-referent/<uuid:uuid>/", worklists.inbox, name="followup_inbox"),
    path("suivi/sans-referent/<uuid:uuid>/designer/", worklists.inbox_assign, name="followup_inbox_assign"),
    path("suivi/agenda/", worklists.agenda, name="followup_agenda"),
    path("suivi/contrats-a-echeance/", worklists.contracts_ending, name="followup_contracts_ending"),
    path("suivi/personnes/<uuid:uuid>/", pathway.person_pathway, name="followup_pathway"),
    path("suivi/personnes/<uuid:uuid>/referent/", pathway.designate_referent, name="followup_referent"),
    path(
        "suivi/personnes/<uuid:uuid>/contrats/nouveau/",
        contracts.contract_create,
        name="followup_contract_create",
    ),
    path("suivi/contrats/<uuid:uuid>/modifier/", contracts.contract_edit, name="followup_contract_edit"),
    path("suivi/contrats/<uuid:uuid>/supprimer/", contracts.contract_delete, name="followup_contract_delete"),
    path("suivi/contrats/<uuid:uuid>/signer/", contracts.contract_sign, name="followup_contract_sign"),
    path("suivi/contrats/<uuid:uuid>/renouveler/", contracts.contract_renew, name="followup_contract_renew"),
    path("suivi/contrats/<uuid:uuid>/terminer/", contracts.contract_end, name="followup_contract_end"),
    path("suivi/contrats/<uuid:uuid>/pdf/", contracts.contract_pdf, name="followup_contract_pdf"),
    path("suivi/personnes/<uuid:uuid>/plan/objectifs/", plan.objective_add, name="followup_objective_add"),
    path("suivi/plan/objectifs/<uuid:uuid>/actions/", plan.action_add, name="followup_action_add"),
    re_path(
        rf"^suivi/plan/(?P<kind>objectif|action)/{UUID}/modifier/$", plan.item_edit, name="followup_plan_edit"
    ),
    re_path(
        rf"^suivi/plan/(?P<kind>objectif|action)/{UUID}/statut/$",
        plan.item_status,
        name="followup_plan_status",
    ),
    path(
        "suivi/personnes/<uuid:uuid>/rendez-vous/",
        appointments.appointment_add,
        name="followup_appointment_add",
    ),
    path(
        "suivi/personnes/<uuid:uuid>/rendez-vous.ics",
        appointments.appointments_calendar,
        name="followup_appointments_ics",
    ),
    path(
        "suivi/rendez-vous/<uuid:uuid>/presence/",
        appointments.appointment_attendance,
        name="followup_appointment_attendance",
    ),
    path(
        "suivi/rendez-vous/<uuid:uuid>/annuler/",
        appointments.appointment_cancel,
        name="followup_appointment_cancel",
    ),
    path(
        "suivi/personnes/<uuid:uuid>/reorientation/",
        changes.reorientation_request,
        name="followup_reorientation",
    ),
    path("suivi/personnes/<uuid:uuid>/sortie/", changes.exit_record, name="followup_exit"),
]
