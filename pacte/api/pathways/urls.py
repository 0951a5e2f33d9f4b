from django.urls import path

from pacte.api.pathways import followup_views as fv
from pacte.api.pathways import views

urlpatterns = [
    path("orientation-queue/", views.OrientationQueueView.as_view(), name="pathways-orientation-queue"),
    path(
        "orientations/validate-cohort/",
        views.ValidateCohortView.as_view(),
        name="pathways-orientation-cohort",
    ),
    path(
        "persons/<uuid:id>/orientations/",
        views.PersonOrientationsView.as_view(),
        name="pathways-person-orientations",
    ),
    path(
        "persons/<uuid:id>/contracts/", views.PersonContractsView.as_view(), name="pathways-person-contracts"
    ),
    path(
        "persons/<uuid:id>/appointments/",
        views.PersonAppointmentsView.as_view(),
        name="pathways-person-appointments",
    ),
    path("persons/<uuid:id>/timeline/", views.PersonTimelineView.as_view(), name="pathways-person-timeline"),
    path(
        "persons/<uuid:id>/orientation-decision/",
        views.DecideOrientationView.as_view(),
        name="pathways-orientation-decide",
    ),
    path(
        "persons/<uuid:id>/reorientation-requests/",
        views.RequestReorientationView.as_view(),
        name="pathways-reorientation-request",
    ),
    path(
        "orientations/<uuid:id>/validate/",
        views.ValidateOrientationView.as_view(),
        name="pathways-orientation-validate",
    ),
    path("contracts/<uuid:id>/sign/", views.SignContractView.as_view(), name="pathways-contract-sign"),
    path(
        "appointments/<uuid:id>/attendance/",
        views.AttendanceView.as_view(),
        name="pathways-appointment-attendance",
    ),
    path(
        "reorientation-requests/<uuid:id>/decide/",
        views.DecideReorientationView.as_view(),
        name="pathways-reorientation-decide",
    ),
]

urlpatterns += [
    path("persons/<uuid:id>/referent/", fv.AssignReferentView.as_view(), name="pathways-referent-assign"),
    path("referent-assignments/<uuid:id>/end/", fv.EndReferentView.as_view(), name="pathways-referent-end"),
    path(
        "persons/<uuid:id>/diagnostics/",
        fv.PersonDiagnosticsView.as_view(),
        name="pathways-person-diagnostics",
    ),
    path("persons/<uuid:id>/plan/", fv.PersonPlanView.as_view(), name="pathways-person-plan"),
    path(
        "persons/<uuid:id>/plan/objectives/",
        fv.AddObjectiveView.as_view(),
        name="pathways-plan-objective-add",
    ),
    path("plan-objectives/<uuid:id>/actions/", fv.AddActionView.as_view(), name="pathways-plan-action-add"),
    path("plan-items/<uuid:id>/status/", fv.PlanItemStatusView.as_view(), name="pathways-plan-item-status"),
    path("persons/<uuid:id>/exits/", fv.PersonExitsView.as_view(), name="pathways-person-exits"),
]
