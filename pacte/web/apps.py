from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "pacte.web"
    verbose_name = "Interface web"

    def ready(self):
        from pacte.core import purge
        from pacte.web.pathways.orientation import batch_tasks

        purge.register_files("courriers et convocations imprimés par lot", batch_tasks.remove_expired_files)
