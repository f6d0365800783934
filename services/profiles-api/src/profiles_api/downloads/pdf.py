"""A country's assembled profile as a PDF, in English or Russian (fpdf2, DejaVu Sans embedded).

Layout (A4 portrait): a cover (country, "Extended Migration Profile", edition and publication
date, the endorsement state in a coloured band, register facts, contents linking to each part),
then parts A-G, each with its narrative sections (Markdown as headings, paragraphs, lists and
links; the section's sources under it) and its key indicators (a table of latest values and a line
chart per series, two per row), then top partners, skill shortages and the sources (datasets with
publisher, licence, vintage and URL; sources cited in the text). Every page's footer repeats the
country, edition and endorsement state, so a printed page cannot pass for an endorsed profile.

Output is a pure function of the profile and the language: the creation date comes from the data
(the edition's publication time, else the newest dataset vintage), so the same input gives the
same bytes and an ETag computed from the data names exactly one file.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

from fpdf import FPDF

from profiles_api.downloads import pdf_data
from profiles_api.downloads.i18n import Lang, endorsement_label, group_name, long_date, t
from profiles_api.downloads.layout import (
    ACCENT,
    BODY_LINE,
    BODY_PT,
    FALLBACK_DATE,
    FAMILY,
    FONTS,
    INK,
    LINK,
    MUTED,
    NO_EDITION_COLOUR,
    STATE_COLOURS,
    band,
    body_text,
    subheading,
    write_runs,
)
from profiles_api.downloads.markdown import Block, Run, parse
from profiles_api.profile.schemas import AssembledProfile, ProfilePart, ProfileSectionRead

# fontTools logs every font subset at INFO: noise in the service's log for each rendering.
logging.getLogger("fontTools").setLevel(logging.WARNING)


class ProfilePDF(FPDF):
    """An A4 document with the profile's footer on every page."""

    def __init__(self, profile: AssembledProfile, lang: Lang) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.profile, self.language = profile, lang
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_text_color(*INK)

    def footer(self) -> None:
        """Country, edition and endorsement state left, page number right."""
        profile, lang = self.profile, self.language
        self.set_y(-13)
        self.set_draw_color(206, 212, 218)
        self.set_line_width(0.2)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_font(FAMILY, "", 6.5)
        self.set_text_color(*MUTED)
        name = profile.country.name_ru if lang == "ru" else profile.country.name_en
        if profile.edition is None:
            state = t("no_edition", lang)
        else:
            edition = t("edition", lang, n=profile.edition)
            state = f"{edition} · {endorsement_label(profile.endorsement, lang)}"
        self.cell(self.epw - 24, 6, f"{name} · {t('title', lang)} · {state}")
        self.cell(24, 6, t("page", lang, n=self.page_no(), total="{nb}"), align="R")
        self.set_text_color(*INK)


def creation_date(profile: AssembledProfile) -> datetime:
    """When the document's content dates from (deterministic: taken from the data)."""
    if profile.published_at is not None:
        return profile.published_at
    vintages = [s.vintage for s in profile.sources if s.vintage is not None]
    if vintages:
        newest: date = max(vintages)
        return datetime(newest.year, newest.month, newest.day, tzinfo=UTC)
    return FALLBACK_DATE


def edition_line(profile: AssembledProfile, lang: Lang) -> str:
    """`Edition 2 · published 3 March 2026 · Final and endorsed`, or the no-edition note."""
    if profile.edition is None:
        return t("no_edition", lang)
    parts = [t("edition", lang, n=profile.edition)]
    if profile.published_at is not None:
        parts.append(t("published", lang, date=long_date(profile.published_at, lang)))
    parts.append(endorsement_label(profile.endorsement, lang))
    return " · ".join(parts)


def render_pdf(profile: AssembledProfile, lang: Lang) -> bytes:
    """The profile as PDF bytes in `lang` (deterministic for the same input)."""
    pdf = ProfilePDF(profile, lang)
    name = profile.country.name_ru if lang == "ru" else profile.country.name_en
    pdf.set_title(f"{name} — {t('title', lang)}")
    pdf.set_author("i-Map, Prague Process")
    pdf.set_subject(edition_line(profile, lang))
    pdf.set_keywords(["migration profile", profile.country.iso3, profile.endorsement])
    pdf.set_creator("i-Map profiles-api")
    pdf.set_producer("i-Map profiles-api (fpdf2)")
    pdf.set_lang(lang)
    pdf.set_creation_date(creation_date(profile))
    cover(pdf, profile, lang)
    pdf.add_page()
    for part in profile.parts:
        render_part(pdf, part, lang)
    pdf_data.partners(pdf, profile, lang)
    pdf_data.shortages(pdf, profile, lang)
    pdf_data.sources(pdf, profile, lang)
    return bytes(pdf.output())


def cover(pdf: ProfilePDF, profile: AssembledProfile, lang: Lang) -> None:
    """Page 1: who, which edition, the endorsement state, facts and contents."""
    pdf.add_page()
    country = profile.country
    pdf.set_font(FAMILY, "", 8)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 5, t("brand", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(48)
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "B", 30)
    name = country.name_ru if lang == "ru" else country.name_en
    pdf.multi_cell(0, 13, name, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 16)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 9, t("title", lang), align="L", new_x="LMARGIN", new_y="NEXT")
    own_title = profile.title_ru if lang == "ru" else profile.title_en
    if own_title and own_title.strip() != t("title", lang):
        pdf.set_font(FAMILY, "", 11)
        pdf.set_text_color(*INK)
        pdf.multi_cell(0, 6, own_title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    endorsement_band(pdf, profile, lang)
    pdf.ln(6)
    facts = [
        (t("country_code", lang), country.iso3),
        (t("group", lang), group_name(country.pp_group, lang)),
        (t("capital", lang), country.capital or "–"),
        (t("revision", lang), str(profile.data_revision)),
    ]
    for label, value in facts:
        pdf.set_font(FAMILY, "", 9)
        pdf.set_text_color(*MUTED)
        pdf.cell(58, 5.5, label)
        pdf.set_text_color(*INK)
        pdf.cell(0, 5.5, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(FAMILY, "B", 11)
    pdf.cell(0, 7, t("contents", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 9.5)
    pdf.set_text_color(*LINK)
    for part in profile.parts:
        title = part.title_ru if lang == "ru" else part.title_en
        pdf.cell(0, 5.6, f"{part.code}   {title}", link=f"#part-{part.code}")
        pdf.ln(5.6)
    pdf.set_text_color(*MUTED)
    pdf.set_font(FAMILY, "", 7.5)
    pdf.set_y(-30)
    pdf.multi_cell(0, 3.8, t("generated", lang), align="L", new_x="LMARGIN", new_y="NEXT")


def endorsement_band(pdf: ProfilePDF, profile: AssembledProfile, lang: Lang) -> None:
    """The edition and endorsement state, white on a band coloured by the state."""
    if profile.edition is None:
        colour, headline, note = (
            NO_EDITION_COLOUR,
            t("no_edition", lang),
            t("no_edition_note", lang),
        )
        sub = ""
    else:
        colour = STATE_COLOURS.get(profile.endorsement, NO_EDITION_COLOUR)
        headline = endorsement_label(profile.endorsement, lang)
        note = profile.endorsement_note or ""
        sub = t("edition", lang, n=profile.edition)
        if profile.published_at is not None:
            sub += " · " + t("published", lang, date=long_date(profile.published_at, lang))
    pdf.set_fill_color(*colour)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(FAMILY, "", 9)
    if sub:
        pdf.multi_cell(
            0, 6, sub, fill=True, align="L", padding=(2, 4, 0, 4), new_x="LMARGIN", new_y="NEXT"
        )
    pdf.set_font(FAMILY, "B", 13)
    pdf.multi_cell(
        0, 7, headline, fill=True, align="L", padding=(1, 4, 1, 4), new_x="LMARGIN", new_y="NEXT"
    )
    if note:
        pdf.set_font(FAMILY, "", 8.5)
        pdf.multi_cell(
            0, 4.4, note, fill=True, align="L", padding=(0, 4, 3, 4), new_x="LMARGIN", new_y="NEXT"
        )
    pdf.set_text_color(*INK)


def render_part(pdf: ProfilePDF, part: ProfilePart, lang: Lang) -> None:
    """A part heading, its sections, its key indicators with charts."""
    title = part.title_ru if lang == "ru" else part.title_en
    band(pdf, f"{part.code}   {title}")
    pdf.set_link(name=f"part-{part.code}", y=pdf.get_y() - 12)
    pdf.start_section(f"{part.code}. {title}", level=0)
    if not part.sections and not part.indicators:
        body_text(pdf, t("nothing_yet", lang), colour=MUTED)
        return
    for section in part.sections:
        render_section(pdf, section, part, lang)
    if part.indicators:
        pdf_data.indicators(pdf, part.indicators, lang)


def render_section(
    pdf: ProfilePDF, section: ProfileSectionRead, part: ProfilePart, lang: Lang
) -> None:
    """A section's title, Markdown body and sources."""
    title = section.title_ru if lang == "ru" else section.title_en
    part_title = part.title_ru if lang == "ru" else part.title_en
    if section.part != part.code or title != part_title:
        subheading(pdf, f"{section.part}   {title}")
    render_markdown(pdf, section.body_ru if lang == "ru" else section.body_en)
    if section.sources:
        pdf.set_font(FAMILY, "B", 8)
        pdf.set_text_color(*MUTED)
        pdf.cell(0, 4.5, t("sources", lang), new_x="LMARGIN", new_y="NEXT")
        for source in section.sources:
            runs = [Run(source.title)]
            if source.url:
                runs += [Run(" — "), Run(source.url, link=source.url)]
            write_runs(pdf, runs, size=8, line=3.9, indent=4, marker="•")
        pdf.set_text_color(*INK)
    pdf.ln(2)


def render_markdown(pdf: ProfilePDF, text: str) -> None:
    """Markdown blocks as PDF text (HTML in the source stays literal text)."""
    for block in parse(text):
        render_block(pdf, block)


def render_block(pdf: ProfilePDF, block: Block) -> None:
    """One Markdown block."""
    if block.kind == "heading":
        pdf.ln(1)
        size = {1: 11.5, 2: 10.5}.get(block.level, 10)
        write_runs(pdf, [Run(r.text, bold=True, link=r.link) for r in block.runs], size, 5.4)
    elif block.kind == "item":
        indent = 5.0 * block.level
        write_runs(pdf, block.runs, BODY_PT, BODY_LINE, indent=indent, marker=block.marker)
    elif block.kind == "quote":
        pdf.set_text_color(*MUTED)
        write_runs(pdf, block.runs, BODY_PT, BODY_LINE, indent=6.0 * block.level)
        pdf.set_text_color(*INK)
    elif block.kind == "code":
        pdf.set_text_color(*MUTED)
        write_runs(pdf, block.runs, 8.5, 4.2, indent=4)
        pdf.set_text_color(*INK)
    elif block.kind == "rule":
        y = pdf.get_y() + 1.5
        pdf.set_draw_color(206, 212, 218)
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.ln(3)
    else:
        write_runs(pdf, block.runs, BODY_PT, BODY_LINE)
