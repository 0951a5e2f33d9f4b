"""Small CAF files for the import tests, generated once per session."""

import datetime

from pacte.beneficiaries.caf.generator import generate

COMMUNES = [
    {"insee": "87085", "name": "Limoges", "codes_postaux": "87000 87100 87280", "population": 130000},
    {"insee": "87154", "name": "Saint-Junien", "codes_postaux": "87200", "population": 11000},
    {"insee": "87187", "name": "Saint-Yrieix-la-Perche", "codes_postaux": "87500", "population": 6800},
]


def monthly_series(folder, *, households=40, months=3, seed=11, flux="vrsb0801"):
    """[(path, dtref)] of consecutive monthly files of one population, with a daily file after the first."""
    population = None
    files = []
    for index in range(months):
        dtref = datetime.date(2025, 1 + index, 28)
        path = folder / f"RSABEM_{index}.xml"
        population = generate(
            path, departement="87", households=households, seed=seed, dtref=dtref,
            communes=COMMUNES, previous=population, flux=flux,
        )  # fmt: skip
        files.append((path, dtref))
        if index == 0:
            daily = folder / "RSABEI_0.xml"
            population = generate(
                daily, departement="87", households=households, seed=seed, dtref=dtref + datetime.timedelta(days=10),
                communes=COMMUNES, previous=population, typeflux="I", flux=flux,
            )  # fmt: skip
            files.append((daily, dtref + datetime.timedelta(days=10)))
    return files
