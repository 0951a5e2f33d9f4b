"""The annual review as a plain list of blocks (headings, paragraphs, tables, charts), built once
(`content.build`) and written out by each format (`pdf`, `odt`), so that both documents say the
same thing in the same order."""

import dataclasses

from reportlab.graphics.shapes import Drawing


@dataclasses.dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclasses.dataclass(frozen=True)
class Paragraph:
    text: str
    # "body", "lead" (a label in bold before the text) or "note" (small print)
    style: str = "body"
    lead: str = ""


@dataclasses.dataclass(frozen=True)
class Table:
    header: list
    rows: list
    # Relative widths of the columns (summing to 1), or None for equal ones.
    widths: tuple | None = None


@dataclasses.dataclass(frozen=True)
class Chart:
    drawing: Drawing
    # The text alternative: what the chart shows, for a screen reader and the ODT's description.
    description: str


@dataclasses.dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    blocks: list

    def text(self):
        """Every word of the document, for tests and searching."""
        parts = [self.title, self.subtitle]
        for block in self.blocks:
            if isinstance(block, Table):
                parts += [" ".join(block.header), *(" ".join(row) for row in block.rows)]
            elif isinstance(block, Chart):
                parts.append(block.description)
            else:
                parts.append(f"{getattr(block, 'lead', '')} {block.text}".strip())
        return "\n".join(parts)
