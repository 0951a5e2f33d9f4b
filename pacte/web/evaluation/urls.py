from django.urls import path

from pacte.web.evaluation import views

urlpatterns = [
    path("evaluation/", views.dashboard, name="evaluation_dashboard"),
    path("evaluation/survie/", views.survival_page, name="evaluation_survival"),
    path("evaluation/resultats/", views.outcomes_page, name="evaluation_outcomes"),
    path("evaluation/export/", views.export, name="evaluation_export"),
]
