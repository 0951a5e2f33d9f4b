from django.urls import include, path

from pacte.web.employment import employers, imports, job_offers

urlpatterns = [
    path("emploi/employeurs/", employers.employer_list, name="employment_employer_list"),
    path("emploi/employeurs/nouveau/", employers.employer_create, name="employment_employer_create"),
    path("emploi/employeurs/<uuid:uuid>/", employers.employer_detail, name="employment_employer_detail"),
    path("emploi/employeurs/<uuid:uuid>/modifier/", employers.employer_edit, name="employment_employer_edit"),
    path(
        "emploi/employeurs/<uuid:uuid>/contacts/ajouter/",
        employers.contact_add,
        name="employment_contact_add",
    ),
    path(
        "emploi/employeurs/<uuid:uuid>/echanges/ajouter/",
        employers.interaction_add,
        name="employment_interaction_add",
    ),
    path(
        "emploi/employeurs/<uuid:uuid>/postes/ajouter/",
        employers.position_add,
        name="employment_position_add",
    ),
    path(
        "emploi/employeurs/<uuid:uuid>/offres/ajouter/",
        job_offers.job_offer_create,
        name="employment_job_offer_create",
    ),
    path(
        "emploi/contacts/<uuid:uuid>/plus-en-poste/", employers.contact_left, name="employment_contact_left"
    ),
    path(
        "emploi/echanges/<uuid:uuid>/relance-faite/",
        employers.follow_up_done,
        name="employment_follow_up_done",
    ),
    path("emploi/relances/", employers.follow_ups, name="employment_follow_ups"),
    path("emploi/offres/", job_offers.job_offer_list, name="employment_job_offer_list"),
    path("emploi/offres/<uuid:uuid>/", job_offers.job_offer_detail, name="employment_job_offer_detail"),
    path("emploi/offres/<uuid:uuid>/modifier/", job_offers.job_offer_edit, name="employment_job_offer_edit"),
    path(
        "emploi/offres/<uuid:uuid>/statut/", job_offers.job_offer_status, name="employment_job_offer_status"
    ),
    path("emploi/offres/import/", imports.import_upload, name="employment_job_offer_import"),
    path(
        "emploi/offres/import/<uuid:uuid>/",
        imports.import_review,
        name="employment_job_offer_import_review",
    ),
    path(
        "emploi/offres/import/<uuid:uuid>/abandonner/",
        imports.import_cancel,
        name="employment_job_offer_import_cancel",
    ),
    path("emploi/metiers-en-tension/", job_offers.tension_list, name="employment_tension_list"),
    path("", include("pacte.web.employment.urls_matching")),
    path("", include("pacte.web.employment.urls_positionings")),
    path("", include("pacte.web.employment.urls_placements")),
    path("", include("pacte.web.employment.urls_dashboard")),
]
