from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "pacte.evaluation"
    verbose_name = "Évaluation"
