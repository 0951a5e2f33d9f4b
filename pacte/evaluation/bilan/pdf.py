"""The annual review as a PDF (reportlab, its built-in fonts): headings kept in the PDF's outline,
tables repeating their header on each page, charts as vectors, page numbers in the footer."""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable

from pacte.evaluation.bilan.blocks import Chart, Heading, Paragraph, Table

MARGIN = 2 * cm
HEADER_FILL = colors.HexColor("#e8eef4")


def _styles():
    sheet = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=sheet["BodyText"], fontName="Helvetica", fontSize=10, leading=13.5)
    styles = {
        "title": ParagraphStyle("title", parent=sheet["Title"], fontName="Helvetica-Bold", fontSize=20),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=13, leading=17, spaceAfter=12),
        1: ParagraphStyle("h1", parent=sheet["Heading1"], fontName="Helvetica-Bold", fontSize=15, spaceBefore=14),
        2: ParagraphStyle("h2", parent=sheet["Heading2"], fontName="Helvetica-Bold", fontSize=12.5),
        3: ParagraphStyle("h3", parent=sheet["Heading3"], fontName="Helvetica-Bold", fontSize=10.5),
        "body": body,
        "note": ParagraphStyle("note", parent=body, fontSize=8.5, leading=11, textColor=colors.HexColor("#444444")),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
        "head": ParagraphStyle("head", parent=body, fontName="Helvetica-Bold", fontSize=8.5, leading=10.5),
    }  # fmt: skip
    for level in (1, 2, 3):
        styles[level].keepWithNext = 1
    return styles


def _text(text):
    return "<br/>".join(escape(line) for line in text.split("\n"))


class _Document(SimpleDocTemplate):
    """Each heading becomes an entry of the PDF's outline (its bookmarks)."""

    def afterFlowable(self, flowable):
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        key = f"h{id(flowable)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level - 1, closed=level > 1)


def _heading(block, styles):
    paragraph = PdfParagraph(escape(block.text), styles[min(block.level, 3)])
    paragraph.outline_level = block.level
    return paragraph


def _paragraph(block, styles):
    if block.style == "lead":
        return PdfParagraph(f"<b>{escape(block.lead)} :</b> {_text(block.text)}", styles["body"])
    return PdfParagraph(_text(block.text), styles[block.style])


def _table(block, styles, width):
    columns = len(block.header)
    widths = [width * share for share in (block.widths or [1 / columns] * columns)]
    rows = [[PdfParagraph(escape(cell), styles["head"]) for cell in block.header]]
    rows += [[PdfParagraph(_text(cell), styles["cell"]) for cell in row] for row in block.rows]
    table = PdfTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa7b4")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [table, Spacer(1, 0.3 * cm)]


def _flowables(document, styles, width):
    flowables = [
        PdfParagraph(escape(document.title), styles["title"]),
        PdfParagraph(escape(document.subtitle), styles["subtitle"]),
    ]
    for block in document.blocks:
        if isinstance(block, Heading):
            flowables.append(_heading(block, styles))
        elif isinstance(block, Paragraph):
            flowables.append(_paragraph(block, styles))
        elif isinstance(block, Table):
            flowables += _table(block, styles, width)
        elif isinstance(block, Chart):
            flowables.append(KeepTogether([block.drawing, Spacer(1, 0.3 * cm)]))
    return flowables


def _footer(title):
    def draw(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(MARGIN, 1.2 * cm, title)
        canvas.drawRightString(A4[0] - MARGIN, 1.2 * cm, f"page {document.page}")
        canvas.restoreState()

    return draw


def render(document):
    """The PDF bytes of `document` (a `blocks.Document`)."""
    buffer = io.BytesIO()
    pdf = _Document(
        buffer,
        pagesize=A4,
        title=f"{document.title} — {document.subtitle}",
        author="Pacte",
        subject="Bilan annuel du pacte territorial d'insertion",
        lang="fr-FR",
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
    )
    footer = _footer(f"{document.title} — {document.subtitle}")
    pdf.build(_flowables(document, _styles(), A4[0] - 2 * MARGIN), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
