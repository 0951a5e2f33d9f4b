"""`make bench`: every benchmark of bench/, each writing its section of docs/benchmarks.md.

.venv/bin/python bench/run.py [--households N]
"""

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["caf_import.py"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    args = parser.parse_args()
    for name in BENCHMARKS:
        print(f"== {name}", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / name), "--households", str(args.households)], check=True)


if __name__ == "__main__":
    main()
