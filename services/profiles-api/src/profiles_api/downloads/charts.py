"""Line charts of key series drawn with the PDF's own vector operators (no image, no matplotlib).

A chart is a titled box: the indicator's name and unit, a plot area with "nice" horizontal grid
lines labelled in the language's compact number form, the first, last and a few middle periods
under it, and the series as one polyline with a dot per point. Vector drawing keeps the PDF small
and sharp at any zoom, and needs nothing beyond the PDF library.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from fpdf import FPDF

from profiles_api.downloads.i18n import Lang, compact, unit_label
from profiles_api.profile.schemas import KeyIndicator

INK = (33, 37, 41)
GRID = (222, 226, 230)
AXIS = (134, 142, 150)
LINE = (31, 95, 168)
MUTED = (90, 98, 106)

TITLE_LINE_MM = 3.6
PERIOD = re.compile(r"^(\d{4})(?:-(?:(\d{2})|Q([1-4])))?$")


def period_position(period: str) -> float:
    """A period on a continuous time axis: `2023`, `2023-07` -> 2023.5, `2023-Q2` -> 2023.25."""
    match = PERIOD.match(period)
    if not match:
        raise ValueError(f"not a period: {period!r}")
    year, month, quarter = match.groups()
    if month:
        return int(year) + (int(month) - 1) / 12
    if quarter:
        return int(year) + (int(quarter) - 1) / 4
    return float(year)


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round grid values covering [low, high] in about `count` steps (1, 2, 2.5 or 5 x 10^n)."""
    if low == high:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


@dataclass(frozen=True)
class Box:
    """A rectangle on the page, in mm."""

    x: float
    y: float
    w: float
    h: float


def year_labels(low: float, high: float, most: int = 6) -> list[int]:
    """Round years to label under a time axis from `low` to `high` (step 1, 2, 5, 10 or 20)."""
    first, last = math.ceil(low), math.floor(high)
    step = next((s for s in (1, 2, 5, 10, 20) if (last - first) // s + 1 <= most), 50)
    return [year for year in range(first, last + 1) if year % step == 0] or [first]


def draw_line_chart(pdf: FPDF, box: Box, indicator: KeyIndicator, lang: Lang) -> None:
    """Draw `indicator`'s trend in `box` (title, unit, grid, axis labels, the line)."""
    name = indicator.name_ru if lang == "ru" else indicator.name_en
    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", "B", 7.5)
    pdf.set_xy(box.x, box.y)
    pdf.multi_cell(box.w, TITLE_LINE_MM, name, align="L", new_x="LEFT", new_y="NEXT")
    pdf.set_font("DejaVu", "", 6.5)
    pdf.set_text_color(*MUTED)
    unit = unit_label(indicator.unit, indicator.scale, lang)
    sources = ", ".join(indicator.trend_sources or [indicator.source_dataset])
    pdf.multi_cell(box.w, 3.2, f"{unit} · {sources}", align="L", new_x="LEFT", new_y="NEXT")
    top = pdf.get_y() + 2
    plot = Box(box.x + 16, top, box.w - 19, box.y + box.h - top - 6)
    _plot(pdf, plot, indicator.trend, lang)
    pdf.set_text_color(*INK)


def _plot(pdf: FPDF, plot: Box, trend: Sequence, lang: Lang) -> None:
    xs = [period_position(p.period) for p in trend]
    ys = [p.value for p in trend]
    ticks = nice_ticks(min(ys), max(ys))
    y_low, y_high = ticks[0], ticks[-1]
    x_low, x_high = xs[0], xs[-1] if xs[-1] > xs[0] else xs[0] + 1

    def px(x: float) -> float:
        return plot.x + (x - x_low) / (x_high - x_low) * plot.w

    def py(y: float) -> float:
        return plot.y + plot.h - (y - y_low) / (y_high - y_low) * plot.h

    pdf.set_font("DejaVu", "", 6)
    pdf.set_text_color(*MUTED)
    pdf.set_line_width(0.15)
    step = ticks[1] - ticks[0]
    for tick in ticks:
        pdf.set_draw_color(*(AXIS if tick == 0 else GRID))
        pdf.line(plot.x, py(tick), plot.x + plot.w, py(tick))
        label = compact(tick, lang, step)
        pdf.text(plot.x - 1.5 - pdf.get_string_width(label), py(tick) + 0.9, label)
    pdf.set_draw_color(*AXIS)
    pdf.line(plot.x, plot.y + plot.h, plot.x + plot.w, plot.y + plot.h)
    for year in year_labels(x_low, x_high):
        label = str(year)
        pdf.text(px(year) - pdf.get_string_width(label) / 2, plot.y + plot.h + 3.2, label)
    points = [(px(x), py(y)) for x, y in zip(xs, ys, strict=True)]
    pdf.set_draw_color(*LINE)
    pdf.set_fill_color(*LINE)
    pdf.set_line_width(0.45)
    pdf.polyline(points, style="D")
    if len(points) <= 40:
        for x, y in points:
            pdf.circle(x, y, 0.55, style="F")
    pdf.set_line_width(0.2)
