from django.urls import path

from pacte.web.employment import positionings

urlpatterns = [
    path(
        "emploi/offres/<uuid:uuid>/positionner/",
        positionings.positioning_create,
        name="employment_positioning_create",
    ),
    path(
        "emploi/offres/<uuid:uuid>/positionnements/",
        positionings.offer_positionings,
        name="employment_offer_positionings",
    ),
    path(
        "emploi/postes/<uuid:uuid>/positionner/",
        positionings.position_positioning_create,
        name="employment_position_positioning_create",
    ),
    path("emploi/positionnements/", positionings.positioning_list, name="employment_positioning_list"),
    path(
        "emploi/positionnements/<uuid:uuid>/",
        positionings.positioning_detail,
        name="employment_positioning_detail",
    ),
    path(
        "emploi/positionnements/<uuid:uuid>/entretien/",
        positionings.positioning_interview,
        name="employment_positioning_interview",
    ),
    path(
        "emploi/positionnements/<uuid:uuid>/recrutement/",
        positionings.positioning_hire,
        name="employment_positioning_hire",
    ),
    path(
        "emploi/positionnements/<uuid:uuid>/non-retenu/",
        positionings.positioning_not_retained,
        name="employment_positioning_not_retained",
    ),
]
