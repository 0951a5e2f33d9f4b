"""The matching pages and the person's employment project (docs/decisions/014-matching.md)."""

from django.urls import path

from pacte.web.employment import matching, project

urlpatterns = [
    path(
        "emploi/personnes/<uuid:uuid>/offres-compatibles/",
        matching.person_matches,
        name="employment_person_matches",
    ),
    path(
        "emploi/offres/<uuid:uuid>/personnes-compatibles/",
        matching.offer_matches,
        name="employment_offer_matches",
    ),
    path(
        "emploi/postes/<uuid:uuid>/personnes-compatibles/",
        matching.position_matches,
        name="employment_position_matches",
    ),
    path(
        "personnes/<uuid:uuid>/projet-emploi/",
        project.employment_project_edit,
        name="employment_project_edit",
    ),
]
