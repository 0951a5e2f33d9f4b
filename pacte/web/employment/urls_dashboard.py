from django.urls import path

from pacte.web.employment import dashboard

urlpatterns = [
    path("emploi/tableau-de-bord/", dashboard.employment_dashboard, name="employment_dashboard"),
    path(
        "emploi/tableau-de-bord/<str:code>/",
        dashboard.employment_dashboard_departement,
        name="employment_dashboard_departement",
    ),
]
