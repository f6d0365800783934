"""The data pages of the PDF: key-indicator tables and charts, partners, shortages, sources."""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF, FontFace

from profiles_api.downloads.charts import Box, draw_line_chart
from profiles_api.downloads.i18n import Lang, long_date, number, t, unit_label
from profiles_api.downloads.layout import (
    ACCENT,
    FAMILY,
    INK,
    LINK,
    MUTED,
    band,
    body_text,
    subheading,
    write_runs,
)
from profiles_api.downloads.markdown import Run
from profiles_api.profile.schemas import AssembledProfile, KeyIndicator, PartnerFlow

CHART_H = 62.0
CHART_GAP = 8.0
SOURCE_GREY = (108, 117, 125)
HEADINGS = FontFace(family=FAMILY, emphasis="BOLD", color=INK, fill_color=(233, 236, 239))
GROUP = FontFace(family=FAMILY, emphasis="BOLD", color=ACCENT, fill_color=(246, 248, 250))


def _table_start(pdf: FPDF) -> None:
    pdf.set_font(FAMILY, "", 7.5)
    pdf.set_draw_color(206, 212, 218)
    pdf.set_line_width(0.15)
    pdf.set_fill_color(255, 255, 255)


def table(
    pdf: FPDF,
    headings: Sequence[str],
    rows: Sequence[Sequence[str | tuple[str, str | None]]],
    widths: Sequence[float],
    aligns: Sequence[str],
) -> None:
    """A table with a shaded heading row repeated on every page; a cell may be (text, url)."""
    _table_start(pdf)
    with pdf.table(
        col_widths=tuple(widths),
        text_align=tuple(aligns),
        headings_style=HEADINGS,
        borders_layout="HORIZONTAL_LINES",
        line_height=3.8,
        padding=(1.2, 1.2, 1.2, 1.2),
        width=pdf.epw,
    ) as grid:
        head = grid.row()
        for heading in headings:
            head.cell(heading)
        for values in rows:
            row = grid.row()
            for value in values:
                if isinstance(value, tuple):
                    text, url = value
                    style = FontFace(color=LINK) if url else None
                    row.cell(text, link=url, style=style)
                else:
                    row.cell(value)
    pdf.ln(3)


def indicators(pdf: FPDF, items: Sequence[KeyIndicator], lang: Lang) -> None:
    """The part's key indicators: a table of latest values, then a chart per series."""
    subheading(pdf, t("key_indicators", lang))
    rows = [
        (
            item.name_ru if lang == "ru" else item.name_en,
            number(item.latest_value, lang),
            unit_label(item.unit, item.scale, lang),
            item.latest_period,
            item.flags or "",
            item.source_dataset,
        )
        for item in items
    ]
    headings = [t(k, lang) for k in ("indicator", "latest", "unit", "period", "flags", "source")]
    aligns = ("LEFT", "RIGHT", "LEFT", "CENTER", "CENTER", "LEFT")
    table(pdf, headings, rows, (52, 24, 28, 15, 16, 39), aligns)
    if any(item.flags for item in items):
        pdf.set_font(FAMILY, "", 7)
        body_text(pdf, t("flag_legend", lang), colour=MUTED)
    charts(pdf, [item for item in items if len(item.trend) >= 2], lang)


def charts(pdf: FPDF, items: Sequence[KeyIndicator], lang: Lang) -> None:
    """Line charts two to a row, a row never split across pages."""
    width = (pdf.epw - CHART_GAP) / 2
    for start in range(0, len(items), 2):
        if pdf.will_page_break(CHART_H + 2):
            pdf.add_page()
        top = pdf.get_y()
        for column, item in enumerate(items[start : start + 2]):
            x = pdf.l_margin + column * (width + CHART_GAP)
            draw_line_chart(pdf, Box(x, top, width, CHART_H), item, lang)
        pdf.set_xy(pdf.l_margin, top + CHART_H + 2)


def partners(pdf: FPDF, profile: AssembledProfile, lang: Lang) -> None:
    """Top bilateral partners, grouped by indicator and direction (largest first, as given)."""
    band(pdf, t("top_partners", lang))
    if not profile.top_partners:
        body_text(pdf, t("no_partners", lang), colour=MUTED)
        return
    here = profile.country.name_ru if lang == "ru" else profile.country.name_en
    groups: dict[tuple[str, str], list[PartnerFlow]] = {}
    for flow in profile.top_partners:
        groups.setdefault((flow.indicator_code, flow.direction), []).append(flow)
    headings = [t(k, lang) for k in ("partner", "period", "value", "source")]
    _table_start(pdf)
    with pdf.table(
        col_widths=(70, 22, 36, 46),
        text_align=("LEFT", "CENTER", "RIGHT", "LEFT"),
        headings_style=HEADINGS,
        borders_layout="HORIZONTAL_LINES",
        line_height=3.8,
        padding=(1.2, 1.2, 1.2, 1.2),
        width=pdf.epw,
    ) as grid:
        head = grid.row()
        for heading in headings:
            head.cell(heading)
        for flows in groups.values():
            first = flows[0]
            name = first.indicator_name_ru if lang == "ru" else first.indicator_name_en
            direction = t(first.direction, lang, country=here)
            unit = unit_label(first.unit, first.scale, lang)
            grid.row().cell(f"{name} · {direction} · {unit}", colspan=4, style=GROUP)
            for flow in flows:
                row = grid.row()
                row.cell(flow.partner_name_ru if lang == "ru" else flow.partner_name_en)
                row.cell(flow.period)
                row.cell(number(flow.value, lang))
                row.cell(flow.source_dataset)
    pdf.ln(3)


def shortages(pdf: FPDF, profile: AssembledProfile, lang: Lang) -> None:
    """Occupations and sectors in shortage or surplus."""
    band(pdf, t("shortages", lang))
    if not profile.shortages:
        body_text(pdf, t("no_shortages", lang), colour=MUTED)
        return
    rows = []
    for item in profile.shortages:
        occupation = " ".join(x for x in (item.isco_code, item.isco_title) if x)
        if not occupation:
            occupation = item.occupation_as_reported or "–"
        sector = " ".join(x for x in (item.nace_code, item.nace_title) if x) or "–"
        rows.append(
            (
                occupation,
                sector,
                t(item.direction, lang),
                t(item.severity, lang)
                if item.severity in ("critical", "high", "moderate", "low")
                else item.severity,
                str(item.year),
                item.area,
                (item.source_dataset or t("source", lang), item.source_url)
                if item.source_url
                else item.source_dataset or "–",
            )
        )
    headings = [
        t(k, lang)
        for k in ("occupation", "sector", "direction", "severity", "year", "area", "source")
    ]
    widths = (44, 32, 22, 21, 10, 24, 21)
    table(pdf, headings, rows, widths, ("LEFT", "LEFT", "LEFT", "LEFT", "CENTER", "LEFT", "LEFT"))


def sources(pdf: FPDF, profile: AssembledProfile, lang: Lang) -> None:
    """Datasets behind the numbers, then the sources each section cites."""
    band(pdf, t("sources", lang), colour=ACCENT)
    subheading(pdf, t("datasets", lang))
    rows = [
        (
            f"{item.title} ({item.code})",
            item.publisher,
            item.licence,
            long_date(item.vintage, lang) if item.vintage else "–",
            (item.source_url, item.source_url),
        )
        for item in profile.sources
    ]
    headings = [t(k, lang) for k in ("dataset", "publisher", "licence", "vintage")] + ["URL"]
    table(pdf, headings, rows, (52, 30, 18, 24, 50), ("LEFT",) * 5)
    subheading(pdf, t("section_sources", lang))
    cited = [
        (section.part, source)
        for part in profile.parts
        for section in part.sections
        for source in section.sources
    ]
    if not cited:
        body_text(pdf, t("no_sources", lang), colour=MUTED)
    for part_code, source in cited:
        runs = [Run(f"{part_code}: ", bold=True), Run(source.title)]
        if source.url:
            runs += [Run(" — "), Run(source.url, link=source.url)]
        write_runs(pdf, runs, 8, 3.9, indent=4, marker="•")
