"""The annual review as an editable OpenDocument text (odfpy): real headings (with outline levels,
so that the navigator and a table of contents find them), paragraphs, tables with a header row,
and the charts as SVG pictures with a title and a description, for the direction to rework before
the assembly sees it."""

import io

from odf import teletype
from odf.dc import Title as DcTitle
from odf.draw import Frame, Image
from odf.opendocument import OpenDocumentText
from odf.style import (
    GraphicProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.svg import Desc
from odf.svg import Title as SvgTitle
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import H, P, Span
from reportlab.graphics import renderSVG

from pacte.evaluation.bilan.blocks import Chart, Heading, Paragraph, Table

TEXT_WIDTH_CM = 17.0
POINTS_PER_CM = 72 / 2.54


def _paragraph_style(name, display, *, size, bold=False, level=None, space_before="0.1cm", colour=None):
    style = Style(name=name, displayname=display, family="paragraph")
    if level is not None:
        style.setAttribute("defaultoutlinelevel", str(level))
    style.addElement(ParagraphProperties(margintop=space_before, marginbottom="0.15cm"))
    text = {"fontsize": f"{size}pt", "fontfamily": "'Liberation Sans', Arial, sans-serif"}
    if bold:
        text["fontweight"] = "bold"
    if colour:
        text["color"] = colour
    style.addElement(TextProperties(**text))
    return style


class _Writer:
    def __init__(self):
        self.doc = OpenDocumentText()
        self.charts = 0
        self.tables = 0
        self.styles = {
            "title": _paragraph_style("Title", "Title", size=20, bold=True),
            "subtitle": _paragraph_style("Subtitle", "Subtitle", size=13),
            1: _paragraph_style("Heading_20_1", "Heading 1", size=15, bold=True, level=1, space_before="0.5cm"),
            2: _paragraph_style("Heading_20_2", "Heading 2", size=12.5, bold=True, level=2, space_before="0.35cm"),
            3: _paragraph_style("Heading_20_3", "Heading 3", size=10.5, bold=True, level=3, space_before="0.25cm"),
            "body": _paragraph_style("Text_20_body", "Text body", size=10),
            "note": _paragraph_style("Pacte_20_note", "Pacte note", size=8.5, colour="#444444"),
            "cell": _paragraph_style("Table_20_Contents", "Table Contents", size=8.5, space_before="0cm"),
            "head": _paragraph_style("Table_20_Heading", "Table Heading", size=8.5, bold=True, space_before="0cm"),
        }  # fmt: skip
        for style in self.styles.values():
            self.doc.styles.addElement(style)
        self.bold = Style(name="Pacte_20_bold", displayname="Pacte bold", family="text")
        self.bold.addElement(TextProperties(fontweight="bold"))
        self.header_cell = Style(name="PacteHeaderCell", family="table-cell")
        self.header_cell.addElement(
            TableCellProperties(backgroundcolor="#e8eef4", border="0.5pt solid #9aa7b4", padding="0.08cm")
        )
        self.cell = Style(name="PacteCell", family="table-cell")
        self.cell.addElement(TableCellProperties(border="0.5pt solid #9aa7b4", padding="0.08cm"))
        self.frame = Style(name="PacteChartFrame", family="graphic")
        self.frame.addElement(
            GraphicProperties(wrap="none", horizontalpos="center", horizontalrel="paragraph")
        )
        self.doc.styles.addElement(self.bold)
        for style in (self.header_cell, self.cell, self.frame):
            self.doc.automaticstyles.addElement(style)  # fmt: skip

    def paragraph(self, text, style):
        element = P(stylename=self.styles[style])
        teletype.addTextToElement(element, text)
        self.doc.text.addElement(element)

    def heading(self, block):
        level = min(block.level, 3)
        element = H(outlinelevel=level, stylename=self.styles[level])
        teletype.addTextToElement(element, block.text)
        self.doc.text.addElement(element)

    def lead(self, block):
        element = P(stylename=self.styles["body"])
        element.addElement(Span(stylename=self.bold, text=f"{block.lead} : "))
        teletype.addTextToElement(element, block.text)
        self.doc.text.addElement(element)

    def table(self, block):
        self.tables += 1
        name = f"Tableau{self.tables}"
        columns = len(block.header)
        shares = block.widths or [1 / columns] * columns
        table_style = Style(name=f"{name}Style", family="table")
        table_style.addElement(TableProperties(width=f"{TEXT_WIDTH_CM}cm", align="margins"))
        self.doc.automaticstyles.addElement(table_style)
        table = OdfTable(name=name, stylename=table_style)
        for index, share in enumerate(shares):
            column_style = Style(name=f"{name}Col{index}", family="table-column")
            column_style.addElement(TableColumnProperties(columnwidth=f"{TEXT_WIDTH_CM * share:.2f}cm"))
            self.doc.automaticstyles.addElement(column_style)
            table.addElement(TableColumn(stylename=column_style))
        header = TableHeaderRows()
        header.addElement(self._row(block.header, "head", self.header_cell))
        table.addElement(header)
        for row in block.rows:
            table.addElement(self._row(row, "cell", self.cell))
        self.doc.text.addElement(table)

    def _row(self, cells, style, cell_style):
        row = TableRow()
        for text in cells:
            cell = TableCell(valuetype="string", stylename=cell_style)
            paragraph = P(stylename=self.styles[style])
            teletype.addTextToElement(paragraph, text)
            cell.addElement(paragraph)
            row.addElement(cell)
        return row

    def chart(self, block):
        self.charts += 1
        drawing = block.drawing
        href = self.doc.addPicture(
            f"Pictures/graphique-{self.charts}.svg",
            "image/svg+xml",
            renderSVG.drawToString(drawing).encode("utf-8"),
        )
        width = min(TEXT_WIDTH_CM, drawing.width / POINTS_PER_CM)
        height = width * drawing.height / drawing.width
        frame = Frame(
            name=f"Graphique {self.charts}",
            stylename=self.frame,
            anchortype="as-char",
            width=f"{width:.2f}cm",
            height=f"{height:.2f}cm",
        )
        frame.addElement(Image(href=href, type="simple", show="embed", actuate="onLoad"))
        frame.addElement(SvgTitle(text=f"Graphique {self.charts}"))
        frame.addElement(Desc(text=block.description))
        paragraph = P(stylename=self.styles["body"])
        paragraph.addElement(frame)
        self.doc.text.addElement(paragraph)

    def write(self, document):
        self.doc.meta.addElement(DcTitle(text=f"{document.title} — {document.subtitle}"))
        self.paragraph(document.title, "title")
        self.paragraph(document.subtitle, "subtitle")
        for block in document.blocks:
            if isinstance(block, Heading):
                self.heading(block)
            elif isinstance(block, Paragraph):
                self.lead(block) if block.style == "lead" else self.paragraph(block.text, block.style)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Chart):
                self.chart(block)
        buffer = io.BytesIO()
        self.doc.write(buffer)
        return buffer.getvalue()


def render(document):
    """The ODT bytes of `document` (a `blocks.Document`)."""
    return _Writer().write(document)
