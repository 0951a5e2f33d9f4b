"""French documents of the pathway, drawn with reportlab's built-in fonts (no system library)."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pacte.organizations.enums import OrganizationKind
from pacte.organizations.models import Organization
from pacte.pathways.addressing import addressee, agree, salutation, vocative
from pacte.pathways.dates import MONTHS, contract_deadline
from pacte.pathways.enums import DEFAULT_WEEKLY_HOURS, Track
from pacte.territory.models import Departement

# The signatory of a département whose direction has set none.
DEFAULT_SIGNATORY_TITLE = "Pour le Président du Conseil départemental"
# The room left to sign above a name.
SIGNING_ROOM = 2.5 * cm

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
        "heading": ParagraphStyle(
            "heading", parent=sheet["BodyText"], fontName="Helvetica-Bold", fontSize=11, leading=14
        ),
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


def _lines(text, style):
    """`text` as typed: one paragraph per block of lines, each line break kept."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return [
        Paragraph("<br/>".join(escape(line.strip()) for line in block.split("\n")), style)
        for block in blocks
        if block
    ]


def _departement_name(code):
    departement = Departement.objects.filter(code=code).first()
    return departement.name if departement else f"Département {code}"


def _address_block(person, styles):
    """The addressee: civility, name and postal address of the dossier."""
    dossier = person.dossier
    lines = [
        addressee(person),
        dossier.address_line,
        dossier.address_complement,
        f"{dossier.postcode} {dossier.city_name}",
    ]
    return [_p(line, styles["right"]) for line in lines if line.strip()]


def _day(day):
    return day.strftime("%d/%m/%Y")


def _long_day(day):
    return f"{day.day}{'er' if day.day == 1 else ''} {MONTHS[day.month - 1]} {day.year}"


def _sender(person, organization=None):
    """Who writes: `organization`, else the Maison du département of the person's territory, else
    the département's services."""
    if organization is not None:
        return organization
    active = Organization.objects.filter(departement_id=person.departement_code, is_active=True)
    territory_id = person.dossier.territory_id
    maison = territory_id and (
        active.filter(kind=OrganizationKind.MAISON_DEPARTEMENT, territory_id=territory_id)
        .select_related("commune")
        .order_by("name", "id")
        .first()
    )
    return maison or (
        active.filter(kind=OrganizationKind.DEPARTEMENT).select_related("commune").order_by("id").first()
    )


def _sender_lines(organization):
    if organization is None:
        return []
    lines = [organization.name, organization.address]
    commune = organization.commune
    if commune is not None and commune.name.lower() not in organization.address.lower():
        lines.append(f"{commune.postcodes[0] if commune.postcodes else ''} {commune.name}".strip())
    if organization.phone:
        lines.append(f"Tél. : {organization.phone}")
    if organization.email:
        lines.append(f"Courriel : {organization.email}")
    return [line for line in lines if line]


def _letterhead(departement_code, sender, styles):
    """The département's name and the sender's address and contact."""
    return [
        _p("Conseil départemental", styles["title"]),
        _p(_departement_name(departement_code), styles["heading"]),
        *_lines("\n".join(_sender_lines(sender)), styles["small"]),
    ]


def _signature(departement_code, styles):
    """The signatory set by the direction, with room to sign above the name."""
    departement = Departement.objects.filter(code=departement_code).first()
    title, name = (departement.signatory_title, departement.signatory_name) if departement else ("", "")
    return [
        _p(title or DEFAULT_SIGNATORY_TITLE, styles["right"]),
        Spacer(1, SIGNING_ROOM),
        *([_p(name, styles["right"])] if name else []),
    ]


def _decision_closing(person, departement_code, styles):
    """The end of a letter notifying a decision: the means of appeal, the closing formula, the
    signatory with room to sign."""
    return [
        _p(
            "Si vous contestez cette décision, vous pouvez former un recours administratif auprès du président "
            "du conseil départemental dans un délai de deux mois à compter de sa notification, puis, le cas "
            "échéant, un recours devant le tribunal administratif.",
            styles["body"],
        ),
        Spacer(1, 0.4 * cm),
        _p(
            f"Veuillez agréer, {vocative(person)}, l'expression de nos salutations distinguées.",
            styles["body"],
        ),
        Spacer(1, 0.8 * cm),
        *_signature(departement_code, styles),
    ]


def letters(title, stories):
    """One PDF of several letters (each a list of flowables), each starting on a page of its own."""
    flowables = []
    for story in stories:
        if flowables:
            flowables.append(PageBreak())
        flowables += story
    return _build(title, flowables)


def orientation_letter(orientation):
    """The letter notifying a person of their orientation decision (PDF bytes)."""
    return _build("Décision d'orientation", orientation_letter_story(orientation, _styles()))


def orientation_letter_story(orientation, styles, sender=None):
    """The flowables of the orientation decision letter; `sender`, when given, spares looking it up."""
    person = orientation.person
    body = orientation.body
    place = (
        f"{body.name}{', ' + body.address if body and body.address else ''}"
        if body
        else orientation.get_body_kind_display()
    )
    story = [
        *_letterhead(orientation.departement_code, sender or _sender(person), styles),
        Spacer(1, 0.6 * cm),
        *_address_block(person, styles),
        Spacer(1, 0.6 * cm),
        _p(f"Le {_long_day(timezone.localdate())}", styles["right"]),
        _p(f"Dossier RSA n° {person.dossier.numdemrsa}", styles["body"]),
        _p("Objet : décision d'orientation", styles["title"]),
        _p(salutation(person), styles["body"]),
        _p(
            f"Vous percevez le revenu de solidarité active et êtes {agree(person, 'soumis', 'soumise')} "
            "aux droits et devoirs qui l'accompagnent. Vous avez droit à un accompagnement adapté à "
            "votre situation.",
            styles["body"],
        ),
        _p(
            f"Par décision du {_day(orientation.decision_date)}, vous êtes "
            f"{agree(person, 'orienté', 'orientée')} vers {TRACK_PHRASES[orientation.track]}, auprès de : {place}.",
            styles["body"],
        ),
        _p(
            "Un ou une référente unique vous accompagnera tout au long de votre parcours. Avec lui ou "
            f"elle, vous signerez un contrat d'engagement au plus tard le {_day(contract_deadline(orientation.decision_date))}, "
            f"qui fixera votre plan d'action et, en principe, {DEFAULT_WEEKLY_HOURS} heures d'activité par semaine.",
            styles["body"],
        ),
        *_decision_closing(person, orientation.departement_code, styles),
    ]
    return story


# What a person brings to a convocation: what the first interviews need to build the pathway.
CONVOCATION_DOCUMENTS = (
    "une pièce d'identité ou un titre de séjour",
    "votre numéro d'allocataire ou votre dernière attestation de droits au RSA",
    "votre curriculum vitae, si vous en avez un, et vos diplômes ou attestations de formation",
    "tout document utile sur votre situation (santé, logement, garde d'enfants, mobilité)",
)


def _time(moment):
    local = timezone.localtime(moment)
    return f"{local.hour}h{local.minute:02d}"


def _contact(organization):
    ways = [
        f"au {organization.phone}" if organization.phone else "",
        f"par courriel à {organization.email}" if organization.email else "",
    ]
    ways = [way for way in ways if way]
    return " ou ".join(ways) if ways else f"auprès de {organization.name}"


def convocation_letter(appointment):
    """The letter convening a person to an appointment (PDF bytes)."""
    return _build("Convocation", convocation_letter_story(appointment, _styles()))


def convocation_letter_story(appointment, styles):
    """The flowables of a convocation: when, where, with whom, what to bring, whom to warn."""
    person, organization = appointment.person, appointment.organization
    start = timezone.localtime(appointment.starts_at)
    with_whom = f" avec {appointment.referent.get_full_name()}" if appointment.referent_id else ""
    purpose = f" Objet : {appointment.purpose}." if appointment.purpose else ""
    documents = "<br/>".join(f"– {escape(item)}" for item in CONVOCATION_DOCUMENTS)
    return [
        *_letterhead(appointment.departement_code, organization, styles),
        Spacer(1, 0.6 * cm),
        *_address_block(person, styles),
        Spacer(1, 0.6 * cm),
        _p(f"Le {_long_day(timezone.localdate())}", styles["right"]),
        _p(f"Dossier RSA n° {person.dossier.numdemrsa}", styles["body"]),
        _p(f"Objet : convocation – {appointment.get_kind_display().lower()}", styles["title"]),
        _p(salutation(person), styles["body"]),
        _p(
            f"Vous êtes {agree(person, 'convoqué', 'convoquée')} à un rendez-vous{with_whom} "
            f"le {_long_day(start.date())} à {_time(appointment.starts_at)}, "
            f"pour une durée d'environ {appointment.duration_minutes} minutes.{purpose}",
            styles["body"],
        ),
        _p(f"Lieu : {appointment.place}", styles["heading"]),
        _p(
            "Ce rendez-vous fait partie de l'accompagnement auquel vous avez droit avec le revenu de "
            "solidarité active, et des engagements qui l'accompagnent.",
            styles["body"],
        ),
        _p("Merci d'apporter :", styles["body"]),
        Paragraph(documents, styles["body"]),
        _p(
            f"Si vous ne pouvez pas venir, prévenez-nous au plus tôt {_contact(organization)} : un autre "
            "rendez-vous vous sera proposé. Une absence sans motif légitime peut conduire à un examen de "
            "votre situation.",
            styles["body"],
        ),
        Spacer(1, 0.4 * cm),
        _p(
            f"Veuillez agréer, {vocative(person)}, l'expression de nos salutations distinguées.",
            styles["body"],
        ),
        Spacer(1, 0.8 * cm),
        *_signature(appointment.departement_code, styles),
    ]


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
    referent = contract.referent.get_full_name() if contract.referent else ""
    if contract.organization:
        party, represented = f"la structure {contract.organization}", "représentée"
    else:
        party, represented = "le département", "représenté"
    story = [
        *_letterhead(contract.departement_code, _sender(person, contract.organization), styles),
        Spacer(1, 0.4 * cm),
        _p(contract.get_kind_display(), styles["title"]),
        _p(
            f"Entre {addressee(person)}, {agree(person, 'né', 'née')} le {_day(person.birth_date)}, "
            f"dossier RSA n° {person.dossier.numdemrsa},",
            styles["body"],
        ),
        _p(f"et {party}, {represented} par {referent or 'son ou sa référente'}.", styles["body"]),
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
    if contract.commitments.strip():
        story += [_p("Engagements", styles["title"]), *_lines(contract.commitments, styles["body"])]
    story += [
        _p("Plan d'action", styles["title"]),
        _plan_table(contract, styles),
        Spacer(1, 1 * cm),
        _signatures(person, referent, contract.organization, styles),
    ]
    return _build(contract.get_kind_display(), story)


def _signatures(person, referent, organization, styles):
    """Side by side, the person and the référent, each with a box to date and sign."""
    referent_lines = [
        "Le ou la référente",
        referent or "Nom :",
        *([organization.name] if organization else []),
    ]
    table = Table(
        [
            [
                _lines("\n".join(["La personne", addressee(person)]), styles["body"]),
                _lines("\n".join(referent_lines), styles["body"]),
            ],
            [_p("Date et signature :", styles["small"]), _p("Date et signature :", styles["small"])],
        ],
        colWidths=[8.5 * cm, 8.5 * cm],
        rowHeights=[None, SIGNING_ROOM + 0.5 * cm],
    )
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 1), (0, 1), 0.4, colors.grey),
                ("BOX", (1, 1), (1, 1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table
