"""French documents of the pathway, drawn with reportlab's built-in fonts (no system library)."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pacte.pathways.dates import contract_deadline
from pacte.pathways.enums import DEFAULT_WEEKLY_HOURS, Track
from pacte.territory.models import Departement

TRACK_PHRASES = {
    Track.PROFESSIONAL: "un parcours professionnel, tourné vers l'emploi",
    Track.SOCIO_PROFESSIONAL: "un parcours socioprofessionnel, qui associe l'accès à l'emploi et la levée de vos difficultés",
    Track.SOCIAL: "un parcours social, pour lever d'abord les difficultés qui freinent votre insertion",
}


def _styles():
    sheet = getSampleStyleSheet()
    return {
        "body": ParagraphStyle(
            "body", parent=sheet["BodyText"], fontName="Helvetica", fontSize=10.5, leading=14
        ),
        "title": ParagraphStyle("title", parent=sheet["Heading2"], fontName="Helvetica-Bold"),
        "right": ParagraphStyle("right", parent=sheet["BodyText"], fontName="Helvetica", alignment=TA_RIGHT),
        "small": ParagraphStyle(
            "small", parent=sheet["BodyText"], fontName="Helvetica", fontSize=8.5, leading=11
        ),
    }


def _build(title, flowables):
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="Pacte",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
    )
    document.build(flowables)
    return buffer.getvalue()


def _p(text, style):
    return Paragraph(escape(text), style)


def _departement_name(code):
    departement = Departement.objects.filter(code=code).first()
    return departement.name if departement else f"Département {code}"


def _address_block(person, styles):
    dossier = person.dossier
    lines = [
        person.full_name,
        dossier.address_line,
        dossier.address_complement,
        f"{dossier.postcode} {dossier.city_name}",
    ]
    return [_p(line, styles["right"]) for line in lines if line.strip()]


def _day(day):
    return day.strftime("%d/%m/%Y")


def orientation_letter(orientation):
    """The letter notifying a person of their orientation decision (PDF bytes)."""
    styles = _styles()
    person = orientation.person
    body = orientation.body
    place = (
        f"{body.name}{', ' + body.address if body and body.address else ''}"
        if body
        else orientation.get_body_kind_display()
    )
    story = [
        _p(f"Conseil départemental – {_departement_name(orientation.departement_code)}", styles["title"]),
        _p("Direction de l'insertion", styles["body"]),
        Spacer(1, 0.6 * cm),
        *_address_block(person, styles),
        Spacer(1, 0.6 * cm),
        _p(f"Le {_day(timezone.localdate())}", styles["right"]),
        _p(f"Dossier RSA n° {person.dossier.numdemrsa}", styles["body"]),
        _p("Objet : décision d'orientation", styles["title"]),
        _p(f"{'Madame' if person.sex == '2' else 'Monsieur'},", styles["body"]),
        _p(
            "Vous percevez le revenu de solidarité active et êtes soumis·e aux droits et devoirs qui "
            "l'accompagnent. Vous avez droit à un accompagnement adapté à votre situation.",
            styles["body"],
        ),
        _p(
            f"Par décision du {_day(orientation.decision_date)}, vous êtes orienté·e vers "
            f"{TRACK_PHRASES[orientation.track]}, auprès de : {place}.",
            styles["body"],
        ),
        _p(
            "Un ou une référente unique vous accompagnera tout au long de votre parcours. Avec lui ou "
            f"elle, vous signerez un contrat d'engagement au plus tard le {_day(contract_deadline(orientation.decision_date))}, "
            f"qui fixera votre plan d'action et, en principe, {DEFAULT_WEEKLY_HOURS} heures d'activité par semaine.",
            styles["body"],
        ),
        _p(
            "Si vous contestez cette décision, vous pouvez former un recours administratif auprès du président "
            "du conseil départemental dans un délai de deux mois à compter de sa notification, puis, le cas "
            "échéant, un recours devant le tribunal administratif.",
            styles["body"],
        ),
        Spacer(1, 0.4 * cm),
        _p("Veuillez agréer l'expression de nos salutations distinguées.", styles["body"]),
        Spacer(1, 0.8 * cm),
        _p("Pour le président du conseil départemental,", styles["right"]),
        _p("le service orientation", styles["right"]),
    ]
    return _build("Décision d'orientation", story)


def _plan_table(contract, styles):
    rows = [["Objectif", "Action", "Échéance", "Statut"]]
    objectives = contract.person.plan_objectives.prefetch_related("actions").order_by("position", "id")
    for objective in objectives:
        rows.append(
            [_p(objective.title, styles["small"]), "", _due(objective), objective.get_status_display()]
        )
        for action in objective.actions.all():
            rows.append(["", _p(action.title, styles["small"]), _due(action), action.get_status_display()])
    if len(rows) == 1:
        return _p("Plan d'action à construire lors des prochains rendez-vous.", styles["body"])
    table = Table(rows, colWidths=[5.5 * cm, 5.5 * cm, 2.5 * cm, 3 * cm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _due(item):
    return _day(item.due_date) if item.due_date else "–"


def contract_document(contract):
    """The contract, its weekly hours, its action plan and the signatures (PDF bytes)."""
    styles = _styles()
    person = contract.person
    signed = f"signé le {_day(contract.signed_on)}" if contract.signed_on else "à signer"
    end = f", jusqu'au {_day(contract.end_date)}" if contract.end_date else ""
    hours = f"{contract.weekly_hours} heures d'activité par semaine"
    if contract.weekly_hours != DEFAULT_WEEKLY_HOURS:
        hours += f" (adaptées : {contract.hours_reason})"
    story = [
        _p(f"Conseil départemental – {_departement_name(contract.departement_code)}", styles["body"]),
        _p(contract.get_kind_display(), styles["title"]),
        _p(
            f"Entre {person.full_name}, née ou né le {_day(person.birth_date)}, dossier RSA n° {person.dossier.numdemrsa},",
            styles["body"],
        ),
        _p(
            f"et {contract.organization or 'le département'}, représenté par {contract.referent or 'son ou sa référente'}.",
            styles["body"],
        ),
        _p(f"Contrat {signed}{end}.", styles["body"]),
        _p(f"Durée d'activité : {hours}.", styles["body"]),
    ]
    if contract.orientation_id:
        orientation = contract.orientation
        story.append(
            _p(
                f"Orientation : parcours {orientation.get_track_display().lower()}, décidée le {_day(orientation.decision_date)}.",
                styles["body"],
            )
        )
    if contract.commitments:
        story += [_p("Engagements", styles["title"]), _p(contract.commitments, styles["body"])]
    story += [
        _p("Plan d'action", styles["title"]),
        _plan_table(contract, styles),
        Spacer(1, 1 * cm),
        _p(
            "Signature de la personne                                  Signature du ou de la référente",
            styles["body"],
        ),
    ]
    return _build(contract.get_kind_display(), story)
