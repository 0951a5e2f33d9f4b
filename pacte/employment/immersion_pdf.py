"""The convention of an immersion (PMSMP) as a PDF, drawn with reportlab's built-in fonts like the
pathway's documents (pacte/pathways/pdf.py): the three parties, the dates and hours, the objective
and activities, the state of each signature. No health detail and no NIR: the convention is read by
the host structure."""

from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from pacte.employment.immersions import duration_days, planned_hours
from pacte.pathways.pdf import _build
from pacte.territory.models import Departement


def _styles():
    sheet = getSampleStyleSheet()
    return {
        "body": ParagraphStyle(
            "body", parent=sheet["BodyText"], fontName="Helvetica", fontSize=10, leading=13
        ),
        "title": ParagraphStyle("title", parent=sheet["Heading2"], fontName="Helvetica-Bold"),
        "heading": ParagraphStyle(
            "heading",
            parent=sheet["BodyText"],
            fontName="Helvetica-Bold",
            fontSize=11,
            leading=14,
            spaceBefore=8,
        ),
        "small": ParagraphStyle(
            "small", parent=sheet["BodyText"], fontName="Helvetica", fontSize=8.5, leading=11
        ),
    }


def _p(text, style):
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _day(day):
    return day.strftime("%d/%m/%Y") if day else ""


def _table(rows, styles, widths=(5.5 * cm, 11.5 * cm)):
    table = Table(
        [[_p(label, styles["small"]), _p(value or "—", styles["body"])] for label, value in rows],
        colWidths=widths,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
            ]
        )
    )
    return table


def _parties(immersion, styles):
    person, employer = immersion.person, immersion.employer
    organization = employer.organization
    commune = f" – {employer.commune.name}" if employer.commune else ""
    prescriber = immersion.prescriber.get_full_name() if immersion.prescriber else ""
    return [
        _p("Les parties", styles["heading"]),
        _table(
            [
                ("Personne en immersion", f"{person.first_name} {person.last_name}, "
                 f"{'née' if person.sex == '2' else 'né'} le {_day(person.birth_date)}"),
                ("Structure d'accueil", f"{organization.name}{commune}"
                 + (f"\nSIRET {organization.siret}" if organization.siret else "")
                 + (f"\n{employer.address}" if employer.address else "")),
                ("Tuteur ou tutrice", ", ".join(filter(None, [immersion.tutor_name, immersion.tutor_job_title]))),
                ("Prescripteur", ", ".join(filter(None, [prescriber, immersion.prescriber_organization.name]))),
            ],
            styles,
        ),
    ]  # fmt: skip


def _content(immersion, styles):
    return [
        _p("L'immersion", styles["heading"]),
        _table(
            [
                ("Objet", immersion.get_objective_display()),
                ("Métier observé", f"{immersion.appellation.label} (ROME {immersion.rome_id})"),
                ("Dates", f"du {_day(immersion.starts_on)} au {_day(immersion.ends_on)} "
                 f"({duration_days(immersion)} jours calendaires)"),
                ("Durée hebdomadaire", f"{immersion.weekly_hours} heures par semaine, "
                 f"soit environ {planned_hours(immersion)} heures sur la période"),
                ("Activités confiées", immersion.activities),
            ],
            styles,
        ),
    ]  # fmt: skip


def _signatures(immersion, styles):
    rows = [
        (label, f"Signée le {_day(day)}" if day else "En attente de signature")
        for _, label, day in immersion.signatures
    ]
    state = (
        "Convention signée par les trois parties."
        if immersion.fully_signed
        else "Convention en attente : elle n'a d'effet qu'une fois signée par les trois parties."
    )
    return [
        _p("Signatures", styles["heading"]),
        _table(rows, styles),
        Spacer(1, 0.3 * cm),
        _p(state, styles["body"]),
    ]


def convention_pdf(immersion):
    """The convention (bytes)."""
    styles = _styles()
    departement = Departement.objects.filter(code=immersion.departement_code).first()
    title = "Convention de période de mise en situation en milieu professionnel (PMSMP)"
    flowables = [
        _p(departement.name if departement else f"Département {immersion.departement_code}", styles["small"]),
        _p(title, styles["title"]),
        _p(
            "La période de mise en situation en milieu professionnel permet à la personne de découvrir un métier "
            "ou un secteur d'activité, de confirmer un projet professionnel ou d'initier une démarche de "
            "recrutement (articles L. 5135-1 et suivants du Code du travail). La personne conserve son statut "
            "et ses droits ; elle n'est pas rémunérée par la structure d'accueil.",
            styles["body"],
        ),
        *_parties(immersion, styles),
        *_content(immersion, styles),
        *_signatures(immersion, styles),
        Spacer(1, 0.5 * cm),
        _p(
            f"Statut : {immersion.get_status_display()}. Document établi le {_day(timezone.localdate())}.",
            styles["small"],
        ),
    ]
    return _build(title, flowables)
