"""Benchmark of the CAF import (DESIGN.md, Targets), written to docs/benchmarks.md.

    .venv/bin/python bench/caf_import.py [--households 100000]

In one run, on the same generated VRSB0801 file:
- the raw limit: the file parsed with lxml (iterparse) and its rows (dossiers, persons, one history
  row per adult) inserted with plain `sqlite3` `executemany` in one transaction;
- `pacte import-caf` into a fresh SQLite database (first import), then again (re-import);
- the peak memory (max RSS) of each import process.
Targets: import ≤ 2× the raw limit; re-import ≤ 0.5× the first import; peak memory < 300 MB.
"""

import argparse
import datetime
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import write_section
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
PACTE = [sys.executable, "-m", "pacte.cli"]


def run_measured(args, env):
    """Run a command in a child process; return (seconds, max RSS in MB, stdout)."""
    script = (
        "import resource, subprocess, sys, time, json\n"
        "start = time.perf_counter()\n"
        "out = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "elapsed = time.perf_counter() - start\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps({'seconds': elapsed, 'rss_mb': rss, 'code': out.returncode, 'out': out.stdout, "
        "'err': out.stderr[-2000:]}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, check=True
    )
    data = json.loads(result.stdout)
    if data["code"] != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{data['err']}")
    return data


def raw_limit(path, database):
    """lxml parse + sqlite3 executemany of the same rows, in one transaction."""
    start = time.perf_counter()
    connection = sqlite3.connect(database)
    connection.executescript(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        "CREATE TABLE dossier (id INTEGER PRIMARY KEY, numdemrsa TEXT, dtdemrsa TEXT, etat TEXT, sitfam TEXT,"
        " numcom TEXT, hash TEXT);"
        "CREATE TABLE person (id INTEGER PRIMARY KEY, dossier TEXT, nom TEXT, nomnai TEXT, prenom TEXT, dtnai TEXT,"
        " nir TEXT, role TEXT, sdd TEXT);"
        "CREATE TABLE history (id INTEGER PRIMARY KEY, person INTEGER, dtref TEXT, etat TEXT, sdd TEXT);"
    )
    dossiers, persons, history = [], [], []
    dtref = None
    for _, element in etree.iterparse(str(path), events=("end",), tag=("InfosFoyerRSA", "DTREF")):
        if element.tag == "DTREF":
            dtref = element.text
            continue
        number = element.findtext("IdentificationRSA/DemandeRSA/NUMDEMRSA")
        state = element.findtext("PrestationRSA/SituationDossierRSA/EtatDossierRSA/ETATDOSRSA")
        dossiers.append(
            (
                number,
                element.findtext("IdentificationRSA/DemandeRSA/DTDEMRSA"),
                state,
                element.findtext("DonneesAdministratives/SituationFamille/SITFAM"),
                element.findtext("DonneesAdministratives/Adresse/AdresseDetailleeFrance/NUMCOM"),
                str(hash(etree.tostring(element))),
            )
        )
        for person in element.iterfind("Personne"):
            role = person.findtext("Prestations[NATPREST='RSA']/ROLEPERS")
            sdd = person.findtext("MontantCalculDroitRSAPersonne/TOPPERSDRODEVORSA")
            persons.append(
                (
                    number,
                    person.findtext("Identification/NOM"),
                    person.findtext("Identification/NOMNAI"),
                    person.findtext("Identification/PRENOM"),
                    person.findtext("Identification/DTNAI"),
                    person.findtext("Identification/NIR"),
                    role,
                    sdd,
                )
            )
            if role in ("DEM", "CJT"):
                history.append((len(persons), dtref, state, sdd))
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    with connection:
        connection.executemany("INSERT INTO dossier VALUES (NULL, ?, ?, ?, ?, ?, ?)", dossiers)
        connection.executemany("INSERT INTO person VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?)", persons)
        connection.executemany("INSERT INTO history VALUES (NULL, ?, ?, ?, ?)", history)
    connection.close()
    return time.perf_counter() - start, len(dossiers), len(persons)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pacte-bench-") as folder:
        folder = Path(folder)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "PACTE_DATA_DIR": str(folder),
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        }
        env.pop("PYTHONPATH", None)
        subprocess.run([*PACTE, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        subprocess.run(
            [*PACTE, "load-territory", "--departement", "87"],
            env=env,
            check=True,
            cwd=ROOT,
            stderr=subprocess.DEVNULL,
        )
        path = folder / "RSABEM.xml"
        generation = run_measured(
            [*PACTE, "generate-caf", "--departement", "87", "--households", str(args.households), "--seed", "1",
             "--dtref", "2026-10-31", "-o", str(path)],
            env,
        )  # fmt: skip
        raw_seconds, dossiers, persons = raw_limit(path, folder / "raw.sqlite3")
        first = run_measured([*PACTE, "import-caf", str(path), "--json"], env)
        # Same dossiers, other bytes: a file whose SHA-256 is in the journal is not read again at all.
        again = folder / "RSABEM-again.xml"
        again.write_bytes(path.read_bytes() + b"\n")
        second = run_measured([*PACTE, "import-caf", str(again), "--json"], env)
        size_mb = path.stat().st_size / 1024 / 1024
    results = {
        "households": args.households,
        "file_mb": round(size_mb, 1),
        "persons": persons,
        "generation_s": round(generation["seconds"], 1),
        "raw_s": round(raw_seconds, 2),
        "import_s": round(first["seconds"], 2),
        "reimport_s": round(second["seconds"], 2),
        "import_ratio": round(first["seconds"] / raw_seconds, 2),
        "reimport_ratio": round(second["seconds"] / first["seconds"], 2),
        "import_rss_mb": round(first["rss_mb"]),
        "reimport_rss_mb": round(second["rss_mb"]),
        "import_report": json.loads(first["out"]),
    }
    assert dossiers == args.households
    print(json.dumps(results, indent=2))
    write_report(results, Path(args.output))


def write_report(r, output):
    today = datetime.date.today().isoformat()
    verdict = {
        "import": "✅" if r["import_ratio"] <= 2 else "❌",
        "reimport": "✅" if r["reimport_ratio"] <= 0.5 else "❌",
        "memory": "✅" if max(r["import_rss_mb"], r["reimport_rss_mb"]) < 300 else "❌",
    }
    section = f"""## CAF import (`bench/caf_import.py`)

Measured {today} on this project's 2-core machine, SQLite, one generated VRSB0801 file of
{r["households"]:,} households ({r["persons"]:,} persons, {r["file_mb"]} MB), all in the same run.

| measure | value | limit (same run) | ratio | target |
|---|---|---|---|---|
| first import (`pacte import-caf`) | {r["import_s"]} s | raw lxml + sqlite3 `executemany`: {r["raw_s"]} s | {r["import_ratio"]} | ≤ 2 {verdict["import"]} |
| re-import of the unchanged file | {r["reimport_s"]} s | first import: {r["import_s"]} s | {r["reimport_ratio"]} | ≤ 0.5 {verdict["reimport"]} |
| peak memory (max RSS) | import {r["import_rss_mb"]} MB, re-import {r["reimport_rss_mb"]} MB | — | — | < 300 MB {verdict["memory"]} |

Generation of the file (`pacte generate-caf`): {r["generation_s"]} s. Command: `.venv/bin/python bench/caf_import.py`.
"""
    write_section(output, "## CAF import", section)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
