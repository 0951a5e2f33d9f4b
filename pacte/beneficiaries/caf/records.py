"""What the parser reads from a CAF file: immutable records, no Django.

Field names follow the file's own names (lowercase) where the importer maps them one to one, so
that a reader can find each one in the format notes; derived values have English names.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple, TypeVar

Record = TypeVar("Record")


def build(cls: type[Record], values: dict) -> Record:
    """A frozen record made from the dict of all its fields.

    The parser makes several hundred thousand records per file; a frozen dataclass's generated
    `__init__` sets each field through `object.__setattr__`, about ten times slower than handing
    over a ready dict. `values` must name every field (tests check the result equals the one of
    the regular constructor).
    """
    record = object.__new__(cls)
    object.__setattr__(record, "__dict__", values)
    return record


@dataclass(frozen=True)
class FileHeader:
    """`IdentificationFlux`, plus the kind of flux and the département of the file."""

    flux: str  # 'vrsb0801' or 'vrsd0301'
    applieme: str
    numversionapplieme: str
    typeflux: str  # 'M' monthly, 'I' infra-monthly (daily)
    natflux: str
    dtcreaflux: date
    heucreaflux: str
    dtref: date
    versionflux: str | None
    typeparte: str | None
    # Normalised ('87', '2A', '971'): from `IdentificationFlux/IDEPARTE` in VRSD0301, from the
    # first dossier's `Partenaire/IDEPARTE` in VRSB0801; None for a file without dossiers.
    departement: str | None


@dataclass(frozen=True)
class FileTrailer:
    """`TransmissionFlux`."""

    nbtotdosrsatransm: int
    nbtotdosrsatransmano: int
    nbcaratransm: int | None


class Suspension(NamedTuple):
    code: str
    start: date


@dataclass(frozen=True)
class Address:
    """The household's address of rank `RGADR` (01: the current one)."""

    rgadr: str
    dtemm: date | None
    pays: str
    typeadr: str
    etatadr: str
    complideadr: str = ""
    compladr: str = ""
    numvoie: str = ""
    libtypevoie: str = ""
    nomvoie: str = ""
    lieudist: str = ""
    numcom: str = ""  # INSEE code of the commune
    codepos: str = ""
    nomcom: str = ""
    foreign_lines: tuple[str, ...] = ()  # `AdresseHorsFrance`, non-empty lines

    @property
    def is_foreign(self) -> bool:
        return bool(self.foreign_lines)


@dataclass(frozen=True)
class Activity:
    reg: str | None
    act: str
    ddact: date
    dfact: date | None
    natcontrtra: str | None


@dataclass(frozen=True)
class Event:
    dtliq: date
    heuliq: str
    fg: str


@dataclass(frozen=True)
class Amounts:
    """`MontantsCalculDroitRSA`: amounts of the right, in euros."""

    ddelecal: date
    dfelecal: date | None
    mtrevminigararsa: Decimal
    mtrevgararsa: Decimal
    mtressmenrsa: Decimal
    mttotdrorsa: Decimal
    mtpentrsa: Decimal | None = None
    mtlocalrsa: Decimal | None = None
    mtpfrsa: Decimal | None = None
    mtalrsa: Decimal | None = None
    mtsanoblalimrsa: Decimal | None = None
    mtredhosrsa: Decimal | None = None
    mtredcgrsa: Decimal | None = None
    mtcumintegrsa: Decimal | None = None
    mtabaneursa: Decimal | None = None


@dataclass(frozen=True)
class Person:
    """One `Personne` of the dossier."""

    qual: str | None
    nom: str
    nomnai: str
    prenom: str
    prenom2: str | None
    prenom3: str | None
    nomcomnai: str
    dtnai: date
    typedtnai: str | None
    nir: str | None  # as given (13 characters in practice, up to 15)
    sexe: str
    rsa_role: str  # ROLEPERS of the RSA benefit
    pfa_role: str | None  # ROLEPERS of the family benefits
    topchapers: bool  # dependent person (RSA)
    toprespdos: bool  # responsible for the dossier
    ddratdos: date | None
    dfratdos: date | None
    idassedic: str | None  # France Travail identifier
    sdd: bool | None  # TOPPERSDRODEVORSA; None when the block is absent
    entering_sdd: bool | None  # TOPPERSENTDRODEVORSA
    ddsoudrodev: date | None  # VRSD0301 only
    dfsoudrodev: date | None  # VRSD0301 only
    activities: tuple[Activity, ...]
    lisprenoms: str | None = None  # VRSD0301 only
    lieunai: str | None = None
    paysnai: str | None = None
    dtdc: date | None = None

    @property
    def nir13(self) -> str | None:
        return self.nir[:13] if self.nir else None


@dataclass(frozen=True)
class Household:
    """One `InfosFoyerRSA`: an RSA dossier and the persons in it."""

    numdemrsa: str
    dtdemrsa: date
    fonorg: str
    numorg: str
    matricule: str
    departement: str  # normalised: '87', '2A', '971'
    sitfam: str
    ddsitfam: date | None
    no_fixed_address: bool
    nb_children: int  # NBENFAUTCHA, or the number of ENF persons when absent
    address: Address | None
    etatdosrsa: str
    dtodrsa: date | None  # VRSD0301 only: date the right was opened
    suspensions_droit: tuple[Suspension, ...]
    suspensions_versement: tuple[Suspension, ...]
    moticlorsa: str | None
    dtclorsa: date | None
    dtrefursa: date | None
    motirefursa: str | None
    oridemrsa: str | None
    topfoydrodevorsa: bool | None
    amounts: Amounts | None
    natpf: tuple[str, ...]
    events: tuple[Event, ...]
    persons: tuple[Person, ...]
    raw_hash: str  # blake2b of the dossier's canonical serialisation, for idempotent re-import
    line: int  # line of the file where the dossier starts

    @property
    def mttotdrorsa(self) -> Decimal | None:
        return self.amounts.mttotdrorsa if self.amounts else None


@dataclass(frozen=True, slots=True)
class UnchangedHousehold:
    """A dossier whose canonical form hashes to one already imported: the same bytes were read and
    checked then, so it is neither read nor checked again (only counted, and its number kept for
    the duplicate check)."""

    numdemrsa: str
    raw_hash: str
    person_count: int
    line: int
