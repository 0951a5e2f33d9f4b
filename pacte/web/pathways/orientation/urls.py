from django.urls import path

from pacte.web.pathways.orientation import (
    batch,
    diagnostic,
    exports,
    persons,
    proposals,
    queue,
    reorientation,
    rules,
    teams,
)

urlpatterns = [
    path("orientation/", queue.orientation_queue, name="orientation_queue"),
    path("orientation/retards/", queue.late_dashboard, name="orientation_late"),
    path("orientation/stock/", queue.stock_worklist, name="orientation_stock"),
    path("orientation/personnes/<uuid:uuid>/", persons.person_orientation, name="orientation_person"),
    path(
        "orientation/personnes/<uuid:uuid>/decision/", persons.orientation_decision, name="orientation_decide"
    ),
    path(
        "orientation/personnes/<uuid:uuid>/organismes/", persons.body_options, name="orientation_body_options"
    ),
    path(
        "orientation/personnes/<uuid:uuid>/equipe/", persons.add_team_case, name="orientation_add_team_case"
    ),
    path(
        "orientation/personnes/<uuid:uuid>/diagnostic/", diagnostic.diagnostic, name="orientation_diagnostic"
    ),
    path("orientation/rome/", diagnostic.rome_search, name="orientation_rome_search"),
    path(
        "orientation/decisions/<uuid:uuid>/courrier.pdf",
        persons.orientation_letter,
        name="orientation_letter",
    ),
    path("orientation/export-france-travail/", exports.france_travail_export, name="orientation_export"),
    path("orientation/pre-orientation/lancer/", proposals.run_rules, name="orientation_run_rules"),
    path("orientation/pre-orientation/", proposals.proposal_list, name="orientation_proposals"),
    path(
        "orientation/pre-orientation/valider/", proposals.validate_cohort, name="orientation_validate_cohort"
    ),
    path("orientation/pre-orientation/<uuid:uuid>/", proposals.proposal_detail, name="orientation_proposal"),
    path(
        "orientation/pre-orientation/<uuid:uuid>/valider/",
        proposals.validate_proposal,
        name="orientation_validate_proposal",
    ),
    path(
        "orientation/pre-orientation/<uuid:uuid>/ecarter/",
        proposals.refuse_proposal,
        name="orientation_refuse_proposal",
    ),
    path("orientation/decisions/", batch.decision_list, name="orientation_decisions"),
    path("orientation/decisions/courriers/", batch.print_decision_letters, name="orientation_print_letters"),
    path("orientation/convocations/", batch.convocation_list, name="orientation_convocations"),
    path(
        "orientation/convocations/courriers/", batch.print_convocations, name="orientation_print_convocations"
    ),
    path("orientation/courriers/<uuid:uuid>/", batch.letters_task, name="orientation_letters_task"),
    path(
        "orientation/courriers/<uuid:uuid>/progression/",
        batch.letters_task_progress,
        name="orientation_letters_task_progress",
    ),
    path(
        "orientation/courriers/<uuid:uuid>/courriers.pdf",
        batch.letters_download,
        name="orientation_letters_download",
    ),
    path("orientation/regles/", rules.rule_list, name="orientation_rules"),
    path("orientation/regles/nouvelle/", rules.rule_create, name="orientation_rule_create"),
    path("orientation/regles/<int:pk>/", rules.rule_edit, name="orientation_rule_edit"),
    path("orientation/regles/<int:pk>/deplacer/", rules.rule_move, name="orientation_rule_move"),
    path("orientation/regles/<int:pk>/activation/", rules.rule_toggle, name="orientation_rule_toggle"),
    path("orientation/reorientations/", reorientation.reorientation_inbox, name="orientation_reorientations"),
    path(
        "orientation/reorientations/<uuid:uuid>/",
        reorientation.reorientation_decide,
        name="orientation_reorientation",
    ),
    path("orientation/equipes/", teams.session_list, name="orientation_sessions"),
    path("orientation/equipes/nouvelle/", teams.session_create, name="orientation_session_create"),
    path("orientation/equipes/<uuid:uuid>/", teams.session_detail, name="orientation_session"),
    path("orientation/equipes/dossiers/<uuid:uuid>/", teams.case_decide, name="orientation_case_decide"),
    path(
        "orientation/equipes/<uuid:uuid>/ordre-du-jour.pdf",
        teams.session_agenda,
        name="orientation_session_agenda",
    ),
    path(
        "orientation/equipes/<uuid:uuid>/proces-verbal.pdf",
        teams.session_minutes,
        name="orientation_session_minutes",
    ),
    path(
        "orientation/equipes/dossiers/<uuid:uuid>/courrier.pdf",
        teams.case_letter,
        name="orientation_case_letter",
    ),
]
