"""Benchmark of the indicator engine (issue 14), written to docs/benchmarks.md.

    .venv/bin/python bench/indicators.py [--households 100000] [--postgres URL]
        [--national-persons 2000000] [--departements 101]

- SQLite: one generated département of `--households` households (a third of them couples, their
  right history, orientations and contracts), every indicator of the contract by
  `pacte.evaluation.engine.compute`; target under 1 s.
- PostgreSQL (with `--postgres`, a server URL whose database `pacte_bench_indicators` is dropped and
  created): `--departements` départements holding `--national-persons` adults in all, the engine run
  for each département, against DuckDB computing the same figures from the same rows (the same CSV
  files, COPYed into PostgreSQL and read by DuckDB) in one query; target: within 2× DuckDB, and
  identical figures, checked département by département.
Rows are written with executemany (SQLite) and COPY (PostgreSQL), never through the ORM.
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

from common import sqlite_environment, write_section

ROOT = Path(__file__).resolve().parent.parent
PACTE = [sys.executable, "-m", "pacte.cli"]
SQLITE_TARGET_S = 1.0
DUCKDB_FACTOR = 2.0
YEAR = 2025
RUNS = 5
BENCH_DB = "pacte_bench_indicators"
PERSONS_PER_HOUSEHOLD = 1.3
MARKER = "## Indicators (issue 14)"


def migrate(env):
    subprocess.run(
        [*PACTE, "migrate", "-v0"],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _timed(function, runs=RUNS):
    durations, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - start)
    return result, durations


def _summary(durations):
    return {"median_s": round(statistics.median(durations), 3), "max_s": round(max(durations), 3)}


def sqlite_phase(args):
    import django

    django.setup()
    import indicators_data as data
    from django.db import connection, transaction

    from pacte.evaluation import engine

    start = time.perf_counter()
    tables = data.templates()
    with transaction.atomic(), connection.cursor() as cursor:
        sink = data.SqliteSink(cursor, tables)
        generator = data.Generator(sink, tables, seed=args.seed)
        generator.departement("87", args.households)
        sink.flush()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    load_s = time.perf_counter() - start
    facts_s = _build_facts(["87"])
    engine.compute("87", YEAR)  # warm the page cache
    result, durations = _timed(lambda: engine.compute("87", YEAR))
    return {
        "households": args.households,
        "rows": dict(generator.ids),
        "load_s": round(load_s, 1),
        "facts_s": facts_s,
        "compute": _summary(durations),
        "b1": result["indicators"]["B1"],
        "passed": statistics.median(durations) < SQLITE_TARGET_S,
    }


def _copy(folder, tables):
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # no FK triggers on bulk load
        for name in ("dossier", "person", "rh", "orientation", "contract"):
            template = tables[name]
            sql = f"COPY {template.table} ({', '.join(template.columns)}) FROM STDIN WITH (FORMAT csv, HEADER true, NULL '\\N')"
            with open(folder / f"{name}.csv", "rb") as handle, cursor.cursor.copy(sql) as copy:
                while block := handle.read(1 << 20):
                    copy.write(block)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def national_phase(args):
    import django

    django.setup()
    import indicators_data as data

    from pacte.evaluation import engine

    tables = data.templates()
    codes = departement_codes(args.departements)
    households = max(1, round(args.national_persons / PERSONS_PER_HOUSEHOLD / len(codes)))
    with tempfile.TemporaryDirectory(prefix="pacte-bench-indicators-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        sink = data.CsvSink(folder, tables)
        generator = data.Generator(sink, tables, seed=args.seed)
        for code in codes:
            generator.departement(code, households)
        sink.close()
        generate_s = time.perf_counter() - start
        start = time.perf_counter()
        _copy(folder, tables)
        copy_s = time.perf_counter() - start
        facts_s = _build_facts(codes)
        duck = duckdb_connection(folder)
    engine.compute_country(codes, YEAR)  # warm
    pg_results, pg_durations = _timed(lambda: engine.compute_country(codes, YEAR), runs=RUNS)
    duck_results, duck_durations = _timed(lambda: duckdb_indicators(duck), runs=RUNS)
    # Each département alone (what its dashboard asks), for the record: not the target's measure.
    one_by_one, one_by_one_durations = _timed(
        lambda: {code: engine.compute(code, YEAR) for code in codes}, runs=1
    )
    different = [
        code
        for code in codes
        if pg_results[code]["indicators"] != duck_results.get(code, {"missing": True})
        or one_by_one[code] != pg_results[code]
    ]
    pg_s, duck_s = statistics.median(pg_durations), statistics.median(duck_durations)
    return {
        "departements": len(codes),
        "households_per_departement": households,
        "rows": dict(generator.ids),
        "generate_s": round(generate_s, 1),
        "copy_s": round(copy_s, 1),
        "facts_s": facts_s,
        "postgres": _summary(pg_durations),
        "duckdb": _summary(duck_durations),
        "one_by_one": _summary(one_by_one_durations),
        "ratio": round(pg_s / duck_s, 2),
        "different": different,
        "passed": pg_s <= DUCKDB_FACTOR * duck_s and not different,
    }


def _build_facts(codes):
    """The pathway facts the services keep at write time, built here for the rows written around
    them (`pacte rebuild-pathway-facts`); returns the seconds it took."""
    from django.db import connection

    from pacte.pathways import facts

    start = time.perf_counter()
    for code in codes:
        facts.rebuild(code)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return round(time.perf_counter() - start, 1)


def departement_codes(count):
    codes = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", "971", "972", "973", "974", "976"]
    return codes[:count]


DUCK_TYPES = {
    "dossier": {"id": "BIGINT", "dtdemrsa": "DATE"},
    "person": {"id": "BIGINT", "departement_code": "VARCHAR", "dossier_id": "BIGINT", "is_adult": "BOOLEAN"},
    "rh": {"person_id": "BIGINT", "dtref": "DATE", "right_state": "VARCHAR", "is_sdd": "BOOLEAN"},
    "orientation": {
        "id": "BIGINT",
        "person_id": "BIGINT",
        "status": "VARCHAR",
        "body_kind": "VARCHAR",
        "decision_date": "DATE",
    },
    "contract": {
        "person_id": "BIGINT",
        "kind": "VARCHAR",
        "status": "VARCHAR",
        "signed_on": "DATE",
        "end_date": "DATE",
    },
}


def duckdb_connection(folder):
    import duckdb

    duck = duckdb.connect()
    for name, columns in DUCK_TYPES.items():
        select = ", ".join(
            f"CAST(NULLIF({column}, '\\N') AS {kind}) AS {column}" for column, kind in columns.items()
        )
        path = str(folder / f"{name}.csv").replace("'", "''")
        duck.execute(
            f"CREATE TABLE {name} AS SELECT {select} FROM read_csv('{path}', header=true, all_varchar=true)"
        )
    return duck


DUCK_SQL = """
WITH p AS (
    SELECT pe.id AS pid, pe.departement_code AS dep, d.dtdemrsa
    FROM person pe JOIN dossier d ON d.id = pe.dossier_id WHERE pe.is_adult
),
last_at AS (SELECT person_id, max(dtref) AS dtref FROM rh WHERE dtref <= $at GROUP BY person_id),
sdd_at AS (
    SELECT r.person_id FROM rh r JOIN last_at l USING (person_id, dtref)
    WHERE r.right_state IN ('2', '3', '4') AND r.is_sdd
),
o AS (SELECT * FROM orientation WHERE status = 'validated'),
first_o AS (
    SELECT person_id, decision_date AS first_on, body_kind AS first_kind FROM o
    QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY decision_date, id) = 1
),
cur_o AS (
    SELECT person_id, body_kind AS cur_kind FROM o WHERE decision_date <= $at
    QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY decision_date DESC, id DESC) = 1
),
sdd_first AS (
    SELECT f.person_id, arg_max(r.right_state IN ('2', '3', '4') AND r.is_sdd, r.dtref) AS ok
    FROM first_o f JOIN rh r ON r.person_id = f.person_id AND r.dtref <= f.first_on
    WHERE f.first_on BETWEEN $start AND $end GROUP BY f.person_id
),
k AS (SELECT * FROM contract WHERE status IN ('signed', 'ended', 'renewed')),
eng_now AS (
    SELECT DISTINCT person_id FROM k WHERE kind IN ('cer', 'contrat_engagement')
    AND signed_on <= $at AND (end_date IS NULL OR end_date >= $at)
),
eng_first AS (
    SELECT person_id, min(signed_on) AS first_eng FROM k WHERE kind IN ('cer', 'contrat_engagement')
    GROUP BY person_id
),
next_k AS (
    SELECT k.person_id, min(k.signed_on) AS next_on FROM k JOIN first_o f USING (person_id)
    WHERE k.signed_on >= f.first_on GROUP BY k.person_id
),
f AS (
    SELECT p.dep, p.dtdemrsa, s.person_id IS NOT NULL AS sdd, fo.first_on, fo.first_kind, co.cur_kind,
           en.person_id IS NOT NULL AS eng, ef.first_eng, nk.next_on, coalesce(sf.ok, false) AS sdd_first,
           s.person_id IS NOT NULL AND fo.first_on <= $at AS oriented,
           fo.first_on BETWEEN $start AND $end AS first_in_year,
           fo.first_on - p.dtdemrsa AS delay,
           ef.first_eng BETWEEN $start AND $end AND fo.first_on <= ef.first_eng
               AND fo.first_kind <> 'france_travail' AS b14
    FROM p
    LEFT JOIN sdd_at s ON s.person_id = p.pid
    LEFT JOIN first_o fo ON fo.person_id = p.pid
    LEFT JOIN cur_o co ON co.person_id = p.pid
    LEFT JOIN eng_now en ON en.person_id = p.pid
    LEFT JOIN eng_first ef ON ef.person_id = p.pid
    LEFT JOIN next_k nk ON nk.person_id = p.pid
    LEFT JOIN sdd_first sf ON sf.person_id = p.pid
)
SELECT dep,
    count(*) FILTER (sdd) AS b1_den, count(*) FILTER (oriented) AS b1_num,
    count(*) FILTER (sdd AND dtdemrsa > $six) AS b2_den,
    count(*) FILTER (oriented AND dtdemrsa > $six) AS b2_num,
    count(*) FILTER (sdd AND dtdemrsa > $twelve AND dtdemrsa <= $six) AS b3_den,
    count(*) FILTER (oriented AND dtdemrsa > $twelve AND dtdemrsa <= $six) AS b3_num,
    count(*) FILTER (sdd AND dtdemrsa <= $twelve) AS b4_den,
    count(*) FILTER (oriented AND dtdemrsa <= $twelve) AS b4_num,
    count(*) FILTER (oriented AND cur_kind = 'france_travail') AS b5_num,
    count(*) FILTER (oriented AND cur_kind = 'spe_autre') AS b6_num,
    count(*) FILTER (oriented AND cur_kind = 'departement') AS b7_num,
    count(*) FILTER (oriented AND cur_kind = 'hors_spe') AS b8_num,
    count(*) FILTER (oriented AND cur_kind <> 'france_travail') AS b9_den,
    count(*) FILTER (oriented AND cur_kind <> 'france_travail' AND eng) AS b9_num,
    count(*) FILTER (oriented AND cur_kind = 'spe_autre' AND eng) AS b10_num,
    count(*) FILTER (oriented AND cur_kind = 'departement' AND eng) AS b11_num,
    count(*) FILTER (oriented AND cur_kind = 'hors_spe' AND eng) AS b12_num,
    count(*) FILTER (first_in_year AND sdd_first) AS b13_n,
    sum(first_on - CAST(date_trunc('month', dtdemrsa) AS DATE)) FILTER (first_in_year AND sdd_first) AS b13_sum,
    median(delay) FILTER (first_in_year AND sdd_first) AS median_delay,
    count(*) FILTER (first_in_year AND sdd_first AND delay <= 42) AS w6_num,
    count(*) FILTER (b14) AS b14_n,
    sum(first_eng - first_on) FILTER (b14) AS b14_sum,
    count(*) FILTER (first_in_year) AS c1_den,
    count(*) FILTER (first_in_year AND next_on <= CAST(first_on + INTERVAL 1 MONTH AS DATE)) AS c1_num
FROM f GROUP BY dep
"""


def duckdb_indicators(duck):
    """The same indicators, computed by DuckDB from its own copy of the rows (rounding: the engine's)."""
    from pacte.evaluation.engine import round_half_up
    from pacte.pathways.dates import add_months

    at = datetime.date(YEAR, 12, 31)
    params = {
        "at": at,
        "start": datetime.date(YEAR, 1, 1),
        "end": at,
        "six": add_months(at, -6),
        "twelve": add_months(at, -12),
    }

    def rate(num, den):
        return {
            "numerator": num,
            "denominator": den,
            "value": round_half_up(Fraction(100 * num, den)) if den else None,
        }

    def mean(total, n):
        return {"n": n, "value": round_half_up(Fraction(int(total), n)) if n else None}

    cursor = duck.execute(DUCK_SQL, params)
    names = [column[0] for column in cursor.description]
    results = {}
    for values in cursor.fetchall():
        r = dict(zip(names, values, strict=True))
        oriented = r["b1_num"]
        results[r["dep"]] = {
            "B1": rate(oriented, r["b1_den"]),
            "B2": rate(r["b2_num"], r["b2_den"]),
            "B3": rate(r["b3_num"], r["b3_den"]),
            "B4": rate(r["b4_num"], r["b4_den"]),
            "B5": rate(r["b5_num"], oriented),
            "B6": rate(r["b6_num"], oriented),
            "B7": rate(r["b7_num"], oriented),
            "B8": rate(r["b8_num"], oriented),
            "B9": rate(r["b9_num"], r["b9_den"]),
            "B10": rate(r["b10_num"], r["b6_num"]),
            "B11": rate(r["b11_num"], r["b7_num"]),
            "B12": rate(r["b12_num"], r["b8_num"]),
            "B13": mean(r["b13_sum"] or 0, r["b13_n"]),
            "B14": mean(r["b14_sum"] or 0, r["b14_n"]),
            "median_orientation_delay_days": {
                "n": r["b13_n"],
                "value": round_half_up(Fraction(r["median_delay"])) if r["b13_n"] else None,
            },
            "orientation_within_6_weeks": rate(r["w6_num"], r["b13_n"]),
            "contract_within_1_month": rate(r["c1_num"], r["c1_den"]),
        }
    return results


def run_phase(phase, env, args):
    command = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, *_forwarded(args)]
    done = subprocess.run(command, env=env, check=True, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout)


def _forwarded(args):
    return [
        "--households", str(args.households),
        "--national-persons", str(args.national_persons),
        "--departements", str(args.departements),
        "--seed", str(args.seed),
    ]  # fmt: skip


def postgres_environment(server_url):
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")
    base = server_url.rsplit("/", 1)[0]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "False"}
    env["DATABASE_URL"] = f"{base}/{BENCH_DB}"
    env.pop("PYTHONPATH", None)
    return env


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--postgres", default=os.environ.get("PACTE_BENCH_POSTGRES", ""))
    parser.add_argument("--national-persons", type=int, default=2_000_000)
    parser.add_argument("--departements", type=int, default=101)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--phase", choices=("sqlite", "national"))
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args()
    if args.phase:
        sys.path.insert(0, str(ROOT))
        phase = sqlite_phase if args.phase == "sqlite" else national_phase
        print(json.dumps(phase(args)))
        return
    results = {"load_average": round(os.getloadavg()[0], 1)}
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory(prefix="pacte-bench-indicators-") as folder:
            env = sqlite_environment(Path(folder))
            migrate(env)
            results["sqlite"] = run_phase("sqlite", env, args)
    if args.postgres:
        env = postgres_environment(args.postgres)
        migrate(env)
        results["national"] = run_phase("national", env, args)
    print(json.dumps(results, indent=2), file=sys.stderr)
    write_report(results, Path(args.output))


def _verdict(passed):
    return "✅" if passed else "❌"


def write_report(r, output):
    lines = [
        MARKER,
        "",
        f"Run of {datetime.date.today().isoformat()} (`bench/indicators.py`, load average "
        f"{r['load_average']} on 2 shared cores). Every indicator of the contract "
        "(`pacte.evaluation.engine`: three SQL queries, the stock's groups — the rows settled at the date, the "
        "others — and the period's flows, reading the pathway facts stored at write time; `compute` for one "
        "département, `compute_country` for the whole country).",
        "",
        "| run | rows | engine (median / max) | target | |",
        "|---|---|---|---|---|",
    ]
    if "sqlite" in r:
        s = r["sqlite"]
        lines.append(
            f"| SQLite, one département of {s['households']:,} households | {_rows(s['rows'])} | "
            f"{s['compute']['median_s']} s / {s['compute']['max_s']} s | < {SQLITE_TARGET_S} s | "
            f"{_verdict(s['passed'])} |"
        )
    if "national" in r:
        n = r["national"]
        lines.append(
            f"| PostgreSQL, {n['departements']} départements × {n['households_per_departement']:,} households, "
            f"`compute_country` | {_rows(n['rows'])} | {n['postgres']['median_s']} s / "
            f"{n['postgres']['max_s']} s | ≤ {DUCKDB_FACTOR}× DuckDB ({n['duckdb']['median_s']} s): "
            f"{n['ratio']}× | {_verdict(n['passed'])} |"
        )
        same = "identical in every département" if not n["different"] else f"DIFFERENT in {n['different']}"
        lines += [
            "",
            f"DuckDB computed the same figures from the same rows (the CSV files COPYed into PostgreSQL) in one "
            f"query over every département: {same} (and `compute` run for each département alone gave the "
            f"same figures, in {n['one_by_one']['median_s']} s for the {n['departements']}). Generating the rows took {n['generate_s']} s, COPY "
            f"{n['copy_s']} s, building the pathway facts of every person (what the services keep at write time, "
            f"`pathways.facts.rebuild`) {n['facts_s']} s.",
        ]
    output.parent.mkdir(parents=True, exist_ok=True)
    write_section(output, MARKER, "\n".join(lines) + "\n")


def _rows(rows):
    return f"{rows['person']:,} adults, {rows['rh']:,} right-history rows, {rows['orientation']:,} orientations, {rows['contract']:,} contracts"


if __name__ == "__main__":
    main()
