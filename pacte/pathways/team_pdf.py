"""The documents of an équipe pluridisciplinaire: the session's agenda and minutes, the letter of a
decision to the person (for a sanction, with the right to be heard). Drawn with the building blocks
of `pacte.pathways.pdf`."""

import datetime

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import Spacer, Table, TableStyle

from pacte.pathways.addressing import salutation
from pacte.pathways.enums import TeamDecision
from pacte.pathways.pdf import (
    _address_block,
    _build,
    _day,
    _decision_closing,
    _departement_name,
    _letterhead,
    _long_day,
    _p,
    _sender,
    _styles,
)

# The decisions that sanction the person: they take effect only once the person could be heard.
SANCTIONS = {TeamDecision.SUSPENSION, TeamDecision.SUSPENSION_REMOBILISATION, TeamDecision.RADIATION}
# The time the person has to present observations, from the letter's date.
RIGHT_TO_BE_HEARD = datetime.timedelta(days=30)


def _header(session, styles):
    place = f", {session.place}" if session.place else ""
    territory = session.territory.name if session.territory_id else "tout le département"
    return [
        _p(f"Conseil départemental – {_departement_name(session.departement_code)}", styles["body"]),
        _p(f"Équipe pluridisciplinaire – {territory}", styles["body"]),
        _p(f"Séance du {_day(session.held_on)}{place}", styles["body"]),
    ]


def _members(session, members, styles):
    names = [member.get_full_name() or member.email for member in members]
    names += [line.strip() for line in session.external_members.splitlines() if line.strip()]
    return _p(", ".join(names) or "Aucun membre inscrit.", styles["body"])


def _table(rows, widths, styles):
    cells = [[_p(str(cell), styles["small"]) for cell in row] for row in rows]
    table = Table(cells, colWidths=[width * cm for width in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _person(case):
    return f"{case.person.last_name} {case.person.first_name} (dossier n° {case.person.dossier.numdemrsa})"


def session_agenda(session, cases, members):
    """The agenda of a session: date, place, members, the cases with the person and the reason (PDF)."""
    styles = _styles()
    rows = [["Personne", "Motif d'examen", "Exposé de la situation"]]
    rows += [[_person(case), case.get_kind_display(), case.summary or "–"] for case in cases]
    story = [
        *_header(session, styles),
        _p("Ordre du jour", styles["title"]),
        _p("Membres convoqués", styles["title"]),
        _members(session, members, styles),
        _p(f"Dossiers examinés ({len(cases)})", styles["title"]),
        _table(rows, [5, 3.5, 8.5], styles) if cases else _p("Aucun dossier inscrit.", styles["body"]),
    ]
    return _build("Ordre du jour de l'équipe pluridisciplinaire", story)


def _decision(case):
    if not case.decision:
        return case.get_status_display()
    return f"{case.get_decision_display()} (le {_day(case.decided_at)})"


def session_minutes(session, cases, members):
    """The minutes of a session: the members present, each case's decision and its reasons (PDF)."""
    styles = _styles()
    rows = [["Personne", "Motif d'examen", "Décision", "Motif de la décision"]]
    rows += [
        [_person(case), case.get_kind_display(), _decision(case), case.decision_note or "–"] for case in cases
    ]
    story = [
        *_header(session, styles),
        _p("Procès-verbal", styles["title"]),
        _p("Membres présents", styles["title"]),
        _members(session, members, styles),
        _p("Décisions", styles["title"]),
        _table(rows, [4.5, 3, 3.5, 6], styles) if cases else _p("Aucun dossier inscrit.", styles["body"]),
        Spacer(1, 0.8 * cm),
        _p(f"Procès-verbal établi le {_day(timezone.localdate())}.", styles["body"]),
    ]
    return _build("Procès-verbal de l'équipe pluridisciplinaire", story)


def _right_to_be_heard(case, today, styles):
    deadline = today + RIGHT_TO_BE_HEARD
    return [
        _p("Les faits", styles["title"]),
        _p(case.summary or case.get_kind_display(), styles["body"]),
        *([_p(case.decision_note, styles["body"])] if case.decision_note else []),
        _p("Votre droit de présenter vos observations avant que la décision prenne effet", styles["title"]),
        _p(
            "Cette décision ne prendra effet qu'après l'examen de vos observations. Vous pouvez les "
            f"présenter jusqu'au {_day(deadline)} inclus : par écrit, en répondant à ce courrier à l'adresse ci-dessus "
            "avec votre numéro de dossier RSA, ou oralement, en demandant un entretien avec l'équipe "
            "pluridisciplinaire. Vous pouvez vous faire assister de la personne de votre choix. "
            f"Sans observation de votre part à cette date, la décision prendra effet le {_day(deadline + datetime.timedelta(days=1))}.",
            styles["body"],
        ),
    ]


def decision_letter(case):
    """The letter notifying a person of the équipe's decision on their case (PDF); for a sanction, the
    facts and the right to present observations before it takes effect."""
    styles = _styles()
    person, session = case.person, case.session
    today = timezone.localdate()
    sanction = case.decision in SANCTIONS
    place = f", {session.place}," if session.place else ""
    story = [
        *_letterhead(case.departement_code, _sender(person), styles),
        Spacer(1, 0.6 * cm),
        *_address_block(person, styles),
        Spacer(1, 0.6 * cm),
        _p(f"Le {_long_day(today)}", styles["right"]),
        _p(f"Dossier RSA n° {person.dossier.numdemrsa}", styles["body"]),
        _p(
            "Objet : décision de sanction et droit de présenter vos observations"
            if sanction
            else "Objet : décision de l'équipe pluridisciplinaire",
            styles["title"],
        ),
        _p(salutation(person), styles["body"]),
        _p(
            f"Votre situation a été examinée par l'équipe pluridisciplinaire réunie le {_day(session.held_on)}"
            f"{place} au titre de : {case.get_kind_display().lower()}.",
            styles["body"],
        ),
        _p(f"Décision : {case.get_decision_display()}, le {_day(case.decided_at)}.", styles["body"]),
    ]
    if sanction:
        story += _right_to_be_heard(case, today, styles)
    elif case.decision_note:
        story.append(_p(f"Motif : {case.decision_note}", styles["body"]))
    story += _decision_closing(person, case.departement_code, styles)
    return _build("Décision de l'équipe pluridisciplinaire", story)
