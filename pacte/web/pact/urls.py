from django.urls import include, path

from pacte.web.pact import editing, views

urlpatterns = [
    path("pactes/", views.pact_list, name="pact_list"),
    path("pactes/<slug:slug>/", views.pact_detail, name="pact_detail"),
    path("pactes/<slug:slug>/statut/", views.pact_status, name="pact_status"),
    path("pactes/<slug:slug>/signataires/", views.pact_signatories, name="pact_signatories"),
    path("pactes/<slug:slug>/signataires/nouveau/", editing.signatory_create, name="pact_signatory_create"),
    path("pactes/<slug:slug>/signataires/<int:pk>/", editing.signatory_edit, name="pact_signatory_edit"),
    path("pactes/<slug:slug>/concertation/", views.pact_concertation, name="pact_concertation"),
    path("pactes/<slug:slug>/indicateurs/", views.indicator_list, name="pact_indicator_list"),
    path("pactes/<slug:slug>/indicateurs/nouveau/", editing.indicator_create, name="pact_indicator_create"),
    path("pactes/<slug:slug>/thematiques/nouvelle/", editing.thematic_create, name="pact_thematic_create"),
    path("pactes/<slug:slug>/thematiques/<int:pk>/", editing.thematic_edit, name="pact_thematic_edit"),
    path(
        "pactes/<slug:slug>/thematiques/<int:pk>/objectifs/nouveau/",
        editing.objective_create,
        name="pact_objective_create",
    ),
    path("pactes/<slug:slug>/objectifs/<int:pk>/", editing.objective_edit, name="pact_objective_edit"),
    path(
        "pactes/<slug:slug>/objectifs/<int:pk>/actions/nouvelle/",
        editing.action_create,
        name="pact_action_create",
    ),
    path("actions-du-pacte/<uuid:uuid>/", views.action_detail, name="pact_action_detail"),
    path("actions-du-pacte/<uuid:uuid>/modifier/", editing.action_edit, name="pact_action_edit"),
    path("actions-du-pacte/<uuid:uuid>/budget/", editing.budget_line_create, name="pact_budget_line_create"),
    path("indicateurs-du-pacte/<uuid:uuid>/", views.indicator_detail, name="pact_indicator_detail"),
    path("indicateurs-du-pacte/<uuid:uuid>/modifier/", editing.indicator_edit, name="pact_indicator_edit"),
    path(
        "indicateurs-du-pacte/<uuid:uuid>/valeurs/",
        editing.indicator_value_create,
        name="pact_indicator_value_create",
    ),
    path("", include("pacte.web.pact.urls_reports")),
    path("", include("pacte.web.pact.urls_bilan")),
]
