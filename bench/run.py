"""`make bench`: every benchmark of bench/, each writing its section of docs/benchmarks.md.

.venv/bin/python bench/run.py [--households N] [--postgres URL]

`--households`: the CAF import benchmark's file; `--postgres` (or PACTE_BENCH_POSTGRES): a
PostgreSQL server on which the load benchmark also runs.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--postgres", default=os.environ.get("PACTE_BENCH_POSTGRES", ""))
    args = parser.parse_args()
    benchmarks = {
        "caf_import.py": ["--households", str(args.households)],
        "load.py": ["--postgres", args.postgres] if args.postgres else [],
        "offers_search.py": [],
        "employment_matching.py": [],
        "indicators.py": ["--postgres", args.postgres] if args.postgres else [],
    }
    for name, arguments in benchmarks.items():
        print(f"== {name}", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / name), *arguments], check=True)


if __name__ == "__main__":
    main()
