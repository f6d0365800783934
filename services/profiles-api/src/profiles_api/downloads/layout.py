"""Shared look of the PDF: the font family, colours, and flowing styled text."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

from profiles_api.downloads.markdown import Run

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
INK = (33, 37, 41)
MUTED = (90, 98, 106)
ACCENT = (31, 95, 168)
LINK = (20, 80, 160)
BODY_PT, BODY_LINE = 9.5, 4.7
FALLBACK_DATE = datetime(2009, 4, 28, tzinfo=UTC)  # the Prague ministerial conference
STATE_COLOURS = {
    "endorsed": (25, 115, 60),
    "submitted_for_endorsement": (176, 112, 0),
    "not_endorsed": (180, 83, 9),
    "demonstration": (176, 42, 55),
}
NO_EDITION_COLOUR = (90, 98, 106)


def write_runs(
    pdf: FPDF,
    runs: list[Run],
    size: float,
    line: float,
    *,
    indent: float = 0.0,
    marker: str = "",
) -> None:
    """Flow styled runs as one block (wrapped within the margins, `indent` mm in)."""
    left = pdf.l_margin
    pdf.set_x(left)
    if marker:
        pdf.set_font(FAMILY, "", size)
        pdf.set_x(left + indent - 4.5)
        pdf.cell(4.5, line, marker)
    pdf.set_left_margin(left + indent)
    pdf.set_x(left + indent)
    colour = pdf.text_color
    for run in runs:
        pdf.set_font(FAMILY, ("B" if run.bold else "") + ("U" if run.link else ""), size)
        if run.link:
            pdf.set_text_color(*LINK)
        pdf.write(line, run.text, link=run.link or "")
        if run.link:
            pdf.text_color = colour
    pdf.set_left_margin(left)
    pdf.ln(line + 1.2)


def body_text(pdf: FPDF, text: str, colour: tuple[int, int, int] = INK) -> None:
    """A plain paragraph."""
    pdf.set_text_color(*colour)
    write_runs(pdf, [Run(text)], BODY_PT, BODY_LINE)
    pdf.set_text_color(*INK)


def band(pdf: FPDF, text: str, colour: tuple[int, int, int] = ACCENT) -> None:
    """A heading in white on a coloured band across the text width (starts a part)."""
    if pdf.get_y() > pdf.t_margin + 1 and pdf.will_page_break(60):
        pdf.add_page()
    elif pdf.get_y() > pdf.t_margin + 1:
        pdf.ln(6)
    pdf.set_fill_color(*colour)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(0, 9, f"  {text}", fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.ln(3)


def subheading(pdf: FPDF, text: str) -> None:
    """A heading inside a part (kept with at least a few lines of what follows)."""
    if pdf.will_page_break(20):
        pdf.add_page()
    pdf.set_font(FAMILY, "B", 11)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 6, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.ln(1)
