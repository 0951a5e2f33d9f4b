"""Derive the reference data shipped in the project from public sources (run by hand, not at run time).

    python tools/derive_reference_data.py ../shared/reference/data path/to/decoupage-administratif/data

Writes pacte/territory/data/{departements,epci,communes}.csv and pacte/referentials/data/rome_*.csv.gz.
Attribution: pacte/territory/data/SOURCES.md and pacte/referentials/data/SOURCES.md.
"""

import csv
import gzip
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(reference_dir, decoupage_dir):
    reference_dir, decoupage_dir = Path(reference_dir), Path(decoupage_dir)
    territory = ROOT / "pacte" / "territory" / "data"
    departements = json.loads((decoupage_dir / "departements.json").read_text())
    with open(territory / "departements.csv", "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["code", "name", "region_code"])
        for dep in sorted(departements, key=lambda d: d["code"]):
            writer.writerow([dep["code"], dep["nom"], dep["region"]])

    with open(reference_dir / "communes_87_79.csv", newline="") as f:
        communes = list(csv.DictReader(f))
    wanted = {c["code_insee"] for c in communes}
    epci_of = {}
    epcis = []
    for epci in json.loads((decoupage_dir / "epci.json").read_text()):
        members = [m["code"] for m in epci["membres"] if m["code"] in wanted]
        if members:
            epcis.append(epci)
            for code in members:
                epci_of[code] = epci["code"]
    with open(territory / "epci.csv", "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["siren", "name", "kind"])
        for epci in sorted(epcis, key=lambda e: e["code"]):
            writer.writerow([epci["code"], epci["nom"], epci["type"]])
    with open(territory / "communes.csv", "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "insee_code",
                "name",
                "departement",
                "postcodes",
                "population",
                "epci_siren",
                "latitude",
                "longitude",
            ]
        )
        for c in sorted(communes, key=lambda c: c["code_insee"]):
            writer.writerow(
                [
                    c["code_insee"],
                    c["nom"],
                    c["departement"],
                    c["codes_postaux"],
                    c["population"],
                    epci_of.get(c["code_insee"], ""),
                    c["latitude"],
                    c["longitude"],
                ]
            )

    referentials = ROOT / "pacte" / "referentials" / "data"
    for name in ("rome_v460_code_rome.csv", "rome_v460_appellation.csv"):
        with (
            open(reference_dir / name, "rb") as src,
            gzip.GzipFile(referentials / f"{name}.gz", "wb", mtime=0) as dst,
        ):
            shutil.copyfileobj(src, dst)


if __name__ == "__main__":
    main(*sys.argv[1:3])
