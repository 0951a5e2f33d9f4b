from django.apps import AppConfig


def _remove_expired_batch_letters(*, dry_run):
    # Imported when the purge runs, not at every start-up (the letters' PDF code is heavy).
    from pacte.web.pathways.orientation import batch_tasks

    return batch_tasks.remove_expired_files(dry_run=dry_run)


class WebConfig(AppConfig):
    name = "pacte.web"
    verbose_name = "Interface web"

    def ready(self):
        from pacte.core import purge

        purge.register_files("courriers et convocations imprimés par lot", _remove_expired_batch_letters)
