"""The RGPD right of access: everything Pacte holds about a person, as JSON and as a PDF.

The rows are found through the models that declare personal data (`PRIVACY`, pacte/core/privacy.py)
and point at the person, so that a model added later (a positioning, an immersion...) is in the
export without this module knowing it. Internal fields (search keys, digests, the NIR's encrypted
form) are left out; the NIR is shown masked (the full number is on the person's own CAF papers).
"""

import datetime
import decimal
import io
import json
import uuid
from xml.sax.saxutils import escape

from django.db import models
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pacte.beneficiaries.crypto import decrypt_nir
from pacte.beneficiaries.models import Person
from pacte.core.privacy import personal_models

INTERNAL_FIELDS = {"search_key", "sort_key", "nir_hash", "nir_encrypted", "anonymised_at", "user", "person",
                   "departement_code", "code_digest", "link_digest"}  # fmt: skip


def _person_field(model):
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.related_model is Person:
            return field.name
    return None


def _value(row, field):
    if field.choices:
        return getattr(row, f"get_{field.name}_display")()
    value = getattr(row, field.attname if isinstance(field, models.ForeignKey) else field.name)
    if isinstance(field, models.ForeignKey):
        related = getattr(row, field.name)
        return str(related) if related is not None else None
    return value


def _row(row):
    return {
        str(field.verbose_name): _value(row, field)
        for field in row._meta.concrete_fields
        if not field.primary_key and field.name not in INTERNAL_FIELDS and field.name in row.PRIVACY.fields
    }


def masked_nir(person):
    nir = decrypt_nir(person.nir_encrypted) if person.nir_encrypted else ""
    return f"{nir[0]} {nir[1:3]} {nir[3:5]} ** *** {nir[-3:]}" if len(nir) >= 13 else ""


def collect(person):
    """[(section title, [row dicts])], the person first."""
    sections = [("Vous", [{**_row(person), "Numéro de sécurité sociale": masked_nir(person)}])]
    for model in sorted(personal_models(), key=lambda m: str(m._meta.verbose_name_plural)):
        field = _person_field(model)
        if field is None:
            continue
        rows = [_row(row) for row in model._default_manager.filter(**{field: person}).order_by("pk")]
        if rows:
            sections.append((str(model._meta.verbose_name_plural).capitalize(), rows))
    return sections


def _default(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return str(value)


def as_json(person, *, now=None):
    now = now or timezone.now()
    document = {
        "exporte_le": timezone.localtime(now).isoformat(),
        "responsable": "Conseil départemental",
        "donnees": {title: rows for title, rows in collect(person)},
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=_default)


def _text(value):
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        return (
            f"{timezone.localtime(value):%d/%m/%Y %H:%M}" if timezone.is_aware(value) else f"{value:%d/%m/%Y}"
        )
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=_default)
    return str(value)


def as_pdf(person, *, now=None):
    now = now or timezone.now()
    sheet = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=sheet["BodyText"], fontName="Helvetica", fontSize=9, leading=11)
    heading = ParagraphStyle("heading", parent=sheet["Heading2"], fontName="Helvetica-Bold")
    story = [
        Paragraph(escape(f"Vos données dans Pacte – {person.full_name}"), sheet["Title"]),
        Paragraph(escape(f"Document établi le {timezone.localtime(now):%d/%m/%Y à %H:%M}."), body),
        Spacer(1, 0.4 * cm),
    ]
    for title, rows in collect(person):
        story.append(Paragraph(escape(title), heading))
        for row in rows:
            data = [
                [Paragraph(escape(key), body), Paragraph(escape(_text(value)), body)]
                for key, value in row.items()
            ]
            table = Table(data, colWidths=[6 * cm, 11 * cm])
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
                    ]
                )
            )
            story += [table, Spacer(1, 0.25 * cm)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title="Vos données dans Pacte", author="Pacte",
                      leftMargin=2 * cm, rightMargin=2 * cm).build(story)  # fmt: skip
    return buffer.getvalue()
