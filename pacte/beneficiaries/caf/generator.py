"""Synthetic CAF beneficiary files (VRSB0801 or VRSD0301), realistic and reproducible.

    population = generate("RSABEM.xml", departement="87", households=1000, seed=1,
                          dtref=date(2025, 1, 31), communes=communes)
    generate("RSABEI.xml", ..., dtref=date(2025, 2, 6), typeflux="I", previous=population)

The same arguments always give the same bytes. A monthly file (`typeflux="M"`) holds every
dossier of the population; a daily file (`"I"`) holds the dossiers changed since the previous
file, with their events. Passing the population returned by one call as `previous` makes the
next file describe the same people later on (`generate_series` does this for months in a row).
Without `previous`, a daily file describes the changes of the 30 days before `dtref` in a new
population of `households` dossiers. Files are streamed, never built in memory; a name ending
in `.gz` is gzip-compressed.
"""

import calendar
import gzip
import os
import random
from collections.abc import Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import BinaryIO

from pacte.beneficiaries.caf import writer
from pacte.beneficiaries.caf.fields import normalise_departement
from pacte.beneficiaries.caf.population import Population

ENCODING = "windows-1252"
PROLOG = f'<?xml version="1.0" encoding="{ENCODING}"?>\n<Racine>\n'
_BUFFER = 256


def normalise_communes(communes: Sequence[dict]) -> list[dict]:
    """Communes as {insee, name, postcode, postcodes, population}; also accepts the keys of the
    reference CSV (code_insee, nom, codes_postaux: several codes separated by blanks)."""
    result = []
    for commune in communes:
        postcodes = (
            str(commune.get("postcode") or commune.get("codes_postaux") or "").replace(",", " ").split()
        )
        if not postcodes:
            raise ValueError(f"commune without a postcode: {commune!r}")
        result.append(
            {
                "insee": str(commune.get("insee") or commune["code_insee"]),
                "name": str(commune.get("name") or commune["nom"]),
                "postcode": postcodes[0],
                "postcodes": tuple(postcodes),
                "population": int(commune.get("population") or 1),
            }
        )
    return result


def generate(
    out: str | os.PathLike | BinaryIO,
    *,
    departement: str,
    households: int,
    seed: int | str,
    dtref: date,
    flux: str = "vrsb0801",
    communes: Sequence[dict] | None = None,
    previous: Population | None = None,
    typeflux: str = "M",
) -> Population:
    """Write one CAF file to `out` (a path or a binary file); return its population."""
    if flux not in ("vrsb0801", "vrsd0301"):
        raise ValueError(f"unknown flux {flux!r}")
    if typeflux not in ("M", "I"):
        raise ValueError(f"unknown TYPEFLUX {typeflux!r}")
    if previous is None:
        code = normalise_departement(departement)
        if code is None:
            raise ValueError(f"not a département code: {departement!r}")
        if not communes:
            raise ValueError("communes of the département are needed to write addresses")
        start = dtref - timedelta(days=30) if typeflux == "I" else dtref
        population = Population(
            departement=code,
            seed=seed,
            communes=normalise_communes(communes),
            households=households,
            dtref=start,
        )
    else:
        population = previous
    population.advance(dtref)
    write_population(out, population, flux=flux, typeflux=typeflux)
    return population


def write_population(out, population: Population, *, flux: str, typeflux: str) -> int:
    """Write the population as it stands as one file; return the number of dossiers written."""
    dtref = population.dtref
    clock = random.Random(f"{population.seed}:{dtref.isoformat()}:{typeflux}")
    seconds = clock.randrange(3600, 5 * 3600)
    time = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.0000"
    rows = population.households if typeflux == "M" else population.touched()
    departement = population.departement
    head = writer.header(
        flux=flux,
        typeflux=typeflux,
        dtref=dtref,
        created=dtref + timedelta(days=1),
        time=time,
        departement=departement,
    )
    with _output(out) as stream:
        buffer = [PROLOG, head]
        characters = len(PROLOG) + len(head)
        for household in rows:
            text = writer.household(
                household, flux=flux, departement=departement, dtref=dtref, events=typeflux == "I"
            )
            characters += len(text)
            buffer.append(text)
            if len(buffer) >= _BUFFER:
                stream.write("".join(buffer).encode(ENCODING, "xmlcharrefreplace"))
                buffer = []
        buffer.append(writer.trailer(flux=flux, count=len(rows), characters=characters))
        buffer.append("</Racine>\n")
        stream.write("".join(buffer).encode(ENCODING, "xmlcharrefreplace"))
    return len(rows)


@contextmanager
def _output(out):
    if not isinstance(out, str | os.PathLike):
        yield out
        return
    with open(out, "wb") as raw:
        if str(out).endswith(".gz"):
            # No name and a fixed time in the gzip header, so that the bytes are reproducible.
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as compressed:
                yield compressed
        else:
            yield raw


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def generate_series(
    directory: str | os.PathLike,
    *,
    departement: str,
    households: int,
    seed: int | str,
    start: date,
    months: int,
    flux: str = "vrsb0801",
    communes: Sequence[dict],
    daily_per_month: int = 2,
    compress: bool = False,
) -> list[Path]:
    """Write `months` monthly files (the first at `start`, then at each month's end) with
    `daily_per_month` daily files between two monthly ones; return the paths in import order."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    suffix = ".xml.gz" if compress else ".xml"
    paths: list[Path] = []
    population = None
    dtref = start
    for month in range(months):
        if month:
            dtref = month_end(dtref + timedelta(days=1))
            for day in _daily_dates(after=population.dtref, until=dtref, count=daily_per_month):
                path = directory / f"RSABEI_{day:%Y%m%d}{suffix}"
                generate(
                    path,
                    departement=departement,
                    households=households,
                    seed=seed,
                    dtref=day,
                    flux=flux,
                    previous=population,
                    typeflux="I",
                )
                paths.append(path)
        path = directory / f"RSABEM_{dtref:%Y%m%d}{suffix}"
        population = generate(
            path,
            departement=departement,
            households=households,
            seed=seed,
            dtref=dtref,
            flux=flux,
            communes=communes,
            previous=population,
        )
        paths.append(path)
    return paths


def _daily_dates(*, after: date, until: date, count: int) -> list[date]:
    """`count` dates strictly between two monthly files, evenly spread."""
    span = (until - after).days
    return [after + timedelta(days=span * (index + 1) // (count + 1)) for index in range(count)]
