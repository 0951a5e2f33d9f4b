from django.urls import path

from pacte.web.employment import clauses, immersions, tutoring

urlpatterns = [
    path("emploi/immersions/", immersions.immersion_list, name="employment_immersion_list"),
    path("emploi/immersions/nouvelle/", immersions.immersion_create, name="employment_immersion_create"),
    path("emploi/immersions/<uuid:uuid>/", immersions.immersion_detail, name="employment_immersion_detail"),
    path(
        "emploi/immersions/<uuid:uuid>/modifier/", immersions.immersion_edit, name="employment_immersion_edit"
    ),
    path(
        "emploi/immersions/<uuid:uuid>/signer/", immersions.immersion_sign, name="employment_immersion_sign"
    ),
    path(
        "emploi/immersions/<uuid:uuid>/realisee/",
        immersions.immersion_carried_out,
        name="employment_immersion_carried_out",
    ),
    path(
        "emploi/immersions/<uuid:uuid>/evaluer/",
        immersions.immersion_evaluate,
        name="employment_immersion_evaluate",
    ),
    path(
        "emploi/immersions/<uuid:uuid>/annuler/",
        immersions.immersion_cancel,
        name="employment_immersion_cancel",
    ),
    path(
        "emploi/immersions/<uuid:uuid>/convention.pdf",
        immersions.immersion_pdf,
        name="employment_immersion_pdf",
    ),
    path("emploi/tutorats/", tutoring.tutoring_list, name="employment_tutoring_list"),
    path("emploi/tutorats/nouveau/", tutoring.tutoring_create, name="employment_tutoring_create"),
    path("emploi/tutorats/<uuid:uuid>/", tutoring.tutoring_detail, name="employment_tutoring_detail"),
    path(
        "emploi/tutorats/<uuid:uuid>/points/ajouter/",
        tutoring.meeting_add,
        name="employment_tutoring_meeting_add",
    ),
    path("emploi/tutorats/<uuid:uuid>/terminer/", tutoring.tutoring_end, name="employment_tutoring_end"),
    path("emploi/clauses/", clauses.clause_list, name="employment_clause_list"),
    path("emploi/clauses/nouvelle/", clauses.clause_create, name="employment_clause_create"),
    path("emploi/clauses/export.xlsx", clauses.clause_export, name="employment_clause_export"),
    path("emploi/clauses/<uuid:uuid>/", clauses.clause_detail, name="employment_clause_detail"),
    path("emploi/clauses/<uuid:uuid>/modifier/", clauses.clause_edit, name="employment_clause_edit"),
    path("emploi/clauses/<uuid:uuid>/heures/ajouter/", clauses.hours_add, name="employment_clause_hours_add"),
    path(
        "emploi/clauses/heures/<uuid:uuid>/supprimer/",
        clauses.hours_remove,
        name="employment_clause_hours_remove",
    ),
]
