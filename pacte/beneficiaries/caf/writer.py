"""Writing synthetic households as CAF XML text, in the element order of the schemas.

Each function returns the text of one block, one element per line; the generator encodes it in
windows-1252 and streams it out, so no tree is ever built.
"""

from datetime import date, timedelta
from decimal import Decimal

from pacte.beneficiaries.caf.codes import VRSD0301_PARTNER_RSA_ROLE
from pacte.beneficiaries.caf.people import PersonState
from pacte.beneficiaries.caf.population import HouseholdState

# Monthly base amount of the RSA for one person (montant forfaitaire), from each revaluation.
_BASE_AMOUNTS = (
    (date(2025, 4, 1), Decimal("646.52")),
    (date(2024, 4, 1), Decimal("635.71")),
    (date(2023, 4, 1), Decimal("607.75")),
    (date(2022, 7, 1), Decimal("598.54")),
    (date(2022, 4, 1), Decimal("575.52")),
    (date(2021, 4, 1), Decimal("565.34")),
    (date(2020, 4, 1), Decimal("564.78")),
    (date(2019, 4, 1), Decimal("559.74")),
)
_CENT = Decimal("0.01")


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def leaf(tag: str, value) -> str:
    if value is None or value == "":
        return f"<{tag}/>"
    return f"<{tag}>{escape(str(value))}</{tag}>"


def _amount(value: Decimal) -> str:
    return f"{value.quantize(_CENT):010.2f}"


def _flag(value: bool) -> str:
    return "1" if value else "0"


def header(*, flux: str, typeflux: str, dtref: date, created: date, time: str, departement: str) -> str:
    lines = [
        "<IdentificationFlux>",
        "<APPLIEME>CRI</APPLIEME>",
        "<NUMVERSIONAPPLIEME>0502</NUMVERSIONAPPLIEME>",
        f"<TYPEFLUX>{typeflux}</TYPEFLUX>",
        "<NATFLUX>B</NATFLUX>",
        f"<DTCREAFLUX>{created.isoformat()}</DTCREAFLUX>",
        f"<HEUCREAFLUX>{time}</HEUCREAFLUX>",
        f"<DTREF>{dtref.isoformat()}</DTREF>",
    ]
    if flux == "vrsd0301":
        lines += ["<VERSIONFLUX>VRSD0301</VERSIONFLUX>", "<TYPEPARTE>CG </TYPEPARTE>"]
        lines.append(f"<IDEPARTE>{departement:0>3}</IDEPARTE>")
    lines.append("</IdentificationFlux>")
    return "\n".join(lines) + "\n"


def trailer(*, flux: str, count: int, characters: int) -> str:
    lines = [
        "<TransmissionFlux>",
        f"<NBTOTDOSRSATRANSM>{count:08d}</NBTOTDOSRSATRANSM>",
        "<NBTOTDOSRSATRANSMANO>00000000</NBTOTDOSRSATRANSMANO>",
    ]
    if flux == "vrsd0301":
        lines.append(f"<NBCARATRANSM>{characters:012d}</NBCARATRANSM>")
    lines.append("</TransmissionFlux>")
    return "\n".join(lines) + "\n"


def household(h: HouseholdState, *, flux: str, departement: str, dtref: date, events: bool) -> str:
    lines = ["<InfosFoyerRSA>"]
    _identification(lines, h, departement)
    for person in h.persons:
        _person(lines, person, h, flux)
    _administrative(lines, h)
    _benefit(lines, h, flux, dtref)
    if events:
        for dtliq, heuliq, fg in h.events:
            lines.append(
                f"<Evenement><DTLIQ>{dtliq.isoformat()}</DTLIQ><HEULIQ>{heuliq}</HEULIQ><FG>{fg}</FG></Evenement>"
            )
    lines.append("</InfosFoyerRSA>")
    return "\n".join(lines) + "\n"


def _identification(lines: list[str], h: HouseholdState, departement: str) -> None:
    lines += [
        "<IdentificationRSA>",
        f"<Organisme><FONORG>CAF</FONORG><NUMORG>{h.numorg}</NUMORG><MATRICULE>{h.matricule}</MATRICULE></Organisme>",
        f"<Partenaire><TYPEPARTE>CG </TYPEPARTE><IDEPARTE>{departement:0>3}</IDEPARTE></Partenaire>",
        f"<DemandeRSA><DTDEMRSA>{h.dtdemrsa.isoformat()}</DTDEMRSA><NUMDEMRSA>{h.numdemrsa}</NUMDEMRSA></DemandeRSA>",
    ]
    if h.from_caf:
        numorg, arrival = h.from_caf
        lines.append(
            f"<OrganismeCedant><FONORGCEDMUT>CAF</FONORGCEDMUT><NUMORGCEDMUT>{numorg}</NUMORGCEDMUT>"
            f"<DDARRMUT>{arrival.isoformat()}</DDARRMUT></OrganismeCedant>"
        )
    lines.append("</IdentificationRSA>")


def _person(lines: list[str], p: PersonState, h: HouseholdState, flux: str) -> None:
    vrsd = flux == "vrsd0301"
    lines += ["<Personne>", "<Identification>", leaf("QUAL", "MR" if p.sexe == "1" else "MME")]
    lines += [leaf("NOM", p.nom), leaf("NOMNAI", p.nomnai), leaf("PRENOM", p.prenom)]
    lines += [leaf(tag, name) for tag, name in zip(("PRENOM2", "PRENOM3"), p.prenoms, strict=False)]
    if vrsd:
        lines.append(leaf("LISPRENOMS", " ".join((p.prenom, *p.prenoms))[:50]))
    lines.append(leaf("NOMCOMNAI", p.nomcomnai))
    if vrsd:
        lines += [leaf("LIEUNAI", p.lieunai), leaf("PAYSNAI", p.paysnai)]
    lines += [
        f"<DTNAI>{p.dtnai.isoformat()}</DTNAI>",
        "<RGNAI>1</RGNAI>",
        f"<TYPEDTNAI>{p.typedtnai}</TYPEDTNAI>",
        f"<NIR>{p.nir}</NIR>",
        "<TOPVALIEC>1</TOPVALIEC>",
        f"<SEXE>{p.sexe}</SEXE>",
        "</Identification>",
    ]
    responsible = _flag(p.role == "DEM")
    block = "DossierCafMsa" if vrsd else "DossierCAF"
    lines.append(
        f"<{block}><TOPRESPDOS>{responsible}</TOPRESPDOS><DDRATDOS>{p.ddratdos.isoformat()}</DDRATDOS></{block}>"
    )
    dependent = _flag(p.role == "ENF")
    if vrsd:
        lines.append(f"<FonctionPersonnePFA><ROLEPERS>{p.role}</ROLEPERS></FonctionPersonnePFA>")
        rsa_role = VRSD0301_PARTNER_RSA_ROLE if p.role == "CJT" else p.role
        lines.append(
            f"<FonctionPersonneRSA><ROLEPERS>{rsa_role}</ROLEPERS><TOPCHAPERS>{dependent}</TOPCHAPERS></FonctionPersonneRSA>"
        )
    else:
        for nature in ("PFA", "RSA"):
            lines.append(
                f"<Prestations><NATPREST>{nature}</NATPREST><ROLEPERS>{p.role}</ROLEPERS>"
                f"<TOPCHAPERS>{dependent}</TOPCHAPERS></Prestations>"
            )
    if p.role == "ENF":
        _attachment(lines, h, h.sitfam)
    if p.idassedic:
        lines.append(f"<DossierPoleEmploi><IDASSEDIC>{p.idassedic}</IDASSEDIC></DossierPoleEmploi>")
    if p.adult:
        _person_right(lines, p, vrsd)
    if p.activity:
        act, start, contract = p.activity
        reg = "<REG>GE</REG>" if p.adult else ""
        natcontrtra = f"<NATCONTRTRA>{contract}</NATCONTRTRA>" if contract else ""
        lines.append(
            f"<Activite>{reg}<ACT>{act}</ACT><DDACT>{start.isoformat()}</DDACT>{natcontrtra}</Activite>"
        )
    lines.append("</Personne>")


def _attachment(lines: list[str], h: HouseholdState, sitfam: str) -> None:
    parent = h.demandeur
    kind = "LEG" if sitfam == "MAR" else "NAT"
    lines.append(
        f"<Rattachement>{leaf('NOMNAI', parent.nomnai)}{leaf('PRENOM', parent.prenom)}"
        f"<DTNAI>{parent.dtnai.isoformat()}</DTNAI><NIR>{parent.nir}</NIR><TYPEPAR>{kind}</TYPEPAR></Rattachement>"
    )


def _person_right(lines: list[str], p: PersonState, vrsd: bool) -> None:
    block = "CalculDroitRSAPersonne" if vrsd else "MontantCalculDroitRSAPersonne"
    parts = [f"<{block}>", f"<TOPPERSDRODEVORSA>{_flag(p.sdd)}</TOPPERSDRODEVORSA>"]
    parts.append(f"<TOPPERSENTDRODEVORSA>{_flag(p.entering)}</TOPPERSENTDRODEVORSA>")
    if vrsd and p.ddsoudrodev:
        parts.append(f"<DDSOUDRODEV>{p.ddsoudrodev.isoformat()}</DDSOUDRODEV>")
        if p.dfsoudrodev:
            parts.append(f"<DFSOUDRODEV>{p.dfsoudrodev.isoformat()}</DFSOUDRODEV>")
    parts.append(f"<MTPERSRESSMENRSA>{_amount(Decimal(p.income))}</MTPERSRESSMENRSA>")
    parts.append(f"</{block}>")
    lines.append("".join(parts))


def _administrative(lines: list[str], h: HouseholdState) -> None:
    lines += [
        "<DonneesAdministratives>",
        f"<SituationFamille><SITFAM>{h.sitfam}</SITFAM><DDSITFAM>{h.ddsitfam.isoformat()}</DDSITFAM></SituationFamille>",
    ]
    _address(lines, h.address, "01")
    if h.previous_address:
        _address(lines, h.previous_address, "02")
    lines.append("</DonneesAdministratives>")


def _address(lines: list[str], address: dict, rank: str) -> None:
    commune = address["commune"]
    lines += [
        "<Adresse>",
        f"<TroncCommunAdresse><RGADR>{rank}</RGADR><DTEMM>{address['dtemm'].isoformat()}</DTEMM>"
        "<PAYS>FRA</PAYS><TYPEADR>D</TYPEADR><ETATADR>CO</ETATADR></TroncCommunAdresse>",
        "<AdresseDetailleeFrance>",
        leaf("COMPLIDEADR", address["complideadr"]),
        leaf("COMPLADR", address["compladr"]),
        leaf("NUMVOIE", address["numvoie"]),
        leaf("LIBTYPEVOIE", address["libtypevoie"]),
        leaf("NOMVOIE", address["nomvoie"]),
        leaf("LIEUDIST", address["lieudist"]),
        f"<NUMCOM>{commune['insee']}</NUMCOM>",
        f"<CODEPOS>{address['postcode']}</CODEPOS>",
        leaf("NOMCOM", commune["name"].upper()[:32]),
        "</AdresseDetailleeFrance>",
        "</Adresse>",
    ]


def _benefit(lines: list[str], h: HouseholdState, flux: str, dtref: date) -> None:
    lines += [
        "<PrestationRSA>",
        "<SituationDossierRSA>",
        f"<EtatDossierRSA><ETATDOSRSA>{h.etat}</ETATDOSRSA></EtatDossierRSA>",
    ]
    if flux == "vrsd0301" and h.dtodrsa:
        lines.append(f"<DroitOuvert><DTODRSA>{h.dtodrsa.isoformat()}</DTODRSA></DroitOuvert>")
    if h.refusal:
        code, when = h.refusal
        lines.append(
            f"<Refus><DTREFURSA>{when.isoformat()}</DTREFURSA><MOTIREFURSA>{code}</MOTIREFURSA></Refus>"
        )
    for code, when in h.susp_droit:
        lines.append(
            f"<SuspensionDroit><MOTISUSDRORSA>{code}</MOTISUSDRORSA><DDSUSDRORSA>{when.isoformat()}</DDSUSDRORSA></SuspensionDroit>"
        )
    for code, when in h.susp_vers:
        lines.append(
            f"<SuspensionVersement><MOTISUSVERSRSA>{code}</MOTISUSVERSRSA><DDSUSVERSRSA>{when.isoformat()}</DDSUSVERSRSA></SuspensionVersement>"
        )
    if h.closure:
        code, when = h.closure
        block = "FinDroitMoisAnterieur" if h.etat == "6" else "FinDroit"
        lines.append(
            f"<{block}><MOTICLORSA>{code}</MOTICLORSA><DTCLORSA>{when.isoformat()}</DTCLORSA></{block}>"
        )
    lines.append("</SituationDossierRSA>")
    _right_detail(lines, h, dtref)
    lines.append("</PrestationRSA>")


def _right_detail(lines: list[str], h: HouseholdState, dtref: date) -> None:
    children = sum(1 for person in h.persons if person.role == "ENF")
    adults = sum(1 for person in h.persons if person.role != "ENF")
    lone = adults == 1 and children > 0
    sdd = any(person.sdd for person in h.persons)
    lines.append(
        f"<DetailDroitRSA><TroncCommunDroitRSA><TOPSANSDOMFIXE>{_flag(h.address['no_fixed_address'])}</TOPSANSDOMFIXE>"
        f"<NBENFAUTCHA>{children:02d}</NBENFAUTCHA><ORIDEMRSA>DEM</ORIDEMRSA>"
        f"<DTORIDEMRSA>{h.dtdemrsa.isoformat()}</DTORIDEMRSA><TOPFOYDRODEVORSA>{_flag(sdd)}</TOPFOYDRODEVORSA>"
        "</TroncCommunDroitRSA>"
    )
    if h.etat in ("2", "3", "4"):
        total = _amounts(lines, h, dtref, adults, children)
        nature = "RSI" if lone and h.persons[-1].dtnai > dtref - timedelta(days=3 * 365) else "RSD"
        month = dtref.replace(day=1)
        lines.append(
            f"<DetailCalculDroitRSA><NATPF>{nature}</NATPF><SOUSNATPF>{nature}N1</SOUSNATPF>"
            f"<DDNATDRO>{(h.dtodrsa or h.dtdemrsa).isoformat()}</DDNATDRO><MTRSAVERS>{_amount(total)}</MTRSAVERS>"
            f"<DTDERRSAVERS>{month.isoformat()}</DTDERRSAVERS></DetailCalculDroitRSA>"
        )
    lines.append("</DetailDroitRSA>")


def base_amount(when: date) -> Decimal:
    for start, amount in _BASE_AMOUNTS:
        if when >= start:
            return amount
    return _BASE_AMOUNTS[-1][1]


def _amounts(lines: list[str], h: HouseholdState, dtref: date, adults: int, children: int) -> Decimal:
    """Write `MontantsCalculDroitRSA`; return the amount due for the month."""
    base = base_amount(dtref)
    persons = adults + children
    # 1 person: 100 %, 2: 150 %, 3: 180 %, then 40 % more for each further person.
    factor = {1: Decimal(1), 2: Decimal("1.5")}.get(persons, Decimal("1.8") + Decimal("0.4") * (persons - 3))
    guaranteed = (base * factor).quantize(_CENT)
    housing = (base * {1: Decimal("0.12"), 2: Decimal("0.16")}.get(persons, Decimal("0.165"))).quantize(_CENT)
    if not h.housing_aid:
        housing = Decimal(0)
    resources = Decimal(sum(person.income for person in h.persons))
    total = max(guaranteed - housing - resources, Decimal(0))
    if h.etat == "4":
        total = Decimal(0)
    lines.append(
        f"<MontantsCalculDroitRSA><DDELECAL>{dtref.replace(day=1).isoformat()}</DDELECAL>"
        f"<MTREVMINIGARARSA>{_amount(guaranteed)}</MTREVMINIGARARSA><MTLOCALRSA>{_amount(housing)}</MTLOCALRSA>"
        f"<MTREVGARARSA>{_amount(guaranteed)}</MTREVGARARSA><MTRESSMENRSA>{_amount(resources)}</MTRESSMENRSA>"
        f"<MTTOTDRORSA>{_amount(total)}</MTTOTDRORSA></MontantsCalculDroitRSA>"
    )
    return total
