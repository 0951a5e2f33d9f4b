"""Exports: the persons oriented to France Travail (CSV, columns in docs/exports/france-travail.md)
and appointments as an iCalendar file (RFC 5545, written by hand: no extra dependency)."""

import datetime
import itertools

from pacte.core.exports import write_csv
from pacte.organizations.enums import OrientationBodyKind
from pacte.pathways.enums import AppointmentStatus
from pacte.pathways.models import Orientation

FRANCE_TRAVAIL_COLUMNS = [
    ("departement", lambda o: o.departement_code),
    ("numdemrsa", lambda o: o.person.dossier.numdemrsa),
    ("role", lambda o: o.person.rsa_role),
    ("nir", lambda o: o.person.nir or ""),
    ("identifiant_france_travail", lambda o: o.person.france_travail_id),
    ("civilite", lambda o: o.person.civility),
    ("nom_usage", lambda o: o.person.last_name),
    ("nom_naissance", lambda o: o.person.birth_name),
    ("prenom", lambda o: o.person.first_name),
    ("date_naissance", lambda o: o.person.birth_date.isoformat()),
    ("sexe", lambda o: o.person.sex),
    (
        "adresse",
        lambda o: " ".join(
            filter(None, [o.person.dossier.address_line, o.person.dossier.address_complement])
        ),
    ),
    ("code_postal", lambda o: o.person.dossier.postcode),
    ("commune_insee", lambda o: o.person.dossier.commune_id or ""),
    ("commune", lambda o: o.person.dossier.city_name),
    ("telephone", lambda o: o.person.phone),
    ("courriel", lambda o: o.person.email),
    ("date_demande_rsa", lambda o: o.person.dossier.dtdemrsa.isoformat()),
    ("parcours", lambda o: o.track),
    ("date_decision_orientation", lambda o: o.decision_date.isoformat()),
    ("organisme", lambda o: o.body.name if o.body else ""),
    ("organisme_siret", lambda o: o.body.siret if o.body else ""),
    ("identifiant_orientation", lambda o: str(o.uuid)),
]


def oriented_to_france_travail(user, *, departement_code, since=None, until=None):
    """Current orientations to France Travail of the persons `user` may see, oldest decision first."""
    queryset = (
        Orientation.objects.visible_to(user)
        .current()
        .filter(body_kind=OrientationBodyKind.FRANCE_TRAVAIL, departement_code=departement_code)
        .select_related("person", "person__dossier", "body")
        .order_by("decision_date", "id")
    )
    if since is not None:
        queryset = queryset.filter(decision_date__gte=since)
    if until is not None:
        queryset = queryset.filter(decision_date__lte=until)
    return queryset


def france_travail_csv(orientations):
    """UTF-8 text with a byte-order mark, `;`-separated, one row per orientation (cells that a
    spreadsheet would run as formulas are neutralised: `pacte.core.exports`)."""
    header = [name for name, _ in FRANCE_TRAVAIL_COLUMNS]
    rows = ([value(orientation) for _, value in FRANCE_TRAVAIL_COLUMNS] for orientation in orientations)
    return write_csv(itertools.chain([header], rows), delimiter=";", bom=True)


def _ics_text(value):
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line):
    """Lines of at most 75 octets, continued with a space (RFC 5545, 3.1), never cutting a character."""
    parts, current = [], ""
    for char in line:
        limit = 75 if not parts else 74
        if len((current + char).encode()) > limit:
            parts.append(current)
            current = ""
        current += char
    parts.append(current)
    return "\r\n ".join(parts)


# In a calendar an appointment the person missed (excused or not) did not take place.
NOT_HELD = (AppointmentStatus.CANCELLED, AppointmentStatus.ABSENT, AppointmentStatus.EXCUSED)


def appointments_ics(appointments, *, name="Rendez-vous Pacte"):
    """An iCalendar file of the appointments (persons named by their first name and initial only)."""
    stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Pacte//Parcours//FR",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(name)}",
    ]
    for appointment in appointments:
        start = appointment.starts_at.astimezone(datetime.UTC)
        end = start + datetime.timedelta(minutes=appointment.duration_minutes)
        person = appointment.person
        summary = f"{appointment.get_kind_display()} – {person.first_name} {person.last_name[:1]}."
        lines += [
            "BEGIN:VEVENT",
            f"UID:{appointment.uuid}@pacte",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{end:%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{_ics_text(summary)}",
            f"LOCATION:{_ics_text(appointment.place)}",
            f"DESCRIPTION:{_ics_text(appointment.purpose or appointment.get_status_display())}",
            f"STATUS:{'CANCELLED' if appointment.status in NOT_HELD else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
