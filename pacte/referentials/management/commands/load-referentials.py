from pacte.core.commands import PacteCommand
from pacte.referentials import loaders


class Command(PacteCommand):
    help = "Charge le ROME 4.0, la nomenclature des freins et les motifs de sortie (idempotent)."

    def handle(self, *args, **options):
        rome = loaders.load_rome()
        nomenclatures = loaders.load_nomenclatures()
        for name, (created, updated) in {**rome, **nomenclatures}.items():
            self.stderr.write(f"{name} : {created} créés, {updated} mis à jour.")
