"""The columns of an initiatives file, what each holds, and an example row (the template)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column of the file."""

    name: str
    required: bool
    help: str
    example: str


SOURCES = 3  # source_1_* .. source_3_*
COLUMNS = (
    Column("slug", True, "Stable kebab-case name, unique.", "moldova-test-seasonal-scheme"),
    Column("title_en", True, "Title in English.", "Seasonal work scheme (test)"),
    Column("title_ru", True, "Title in Russian.", "Схема сезонной работы (тест)"),
    Column("summary_en", True, "Summary in your own words (Markdown).", "A scheme for ..."),
    Column("summary_ru", True, "Summary in Russian (Markdown).", "Схема для ..."),
    Column("description_en", False, "Longer description (Markdown).", ""),
    Column("description_ru", False, "Longer description in Russian (Markdown).", ""),
    Column("kind", True, "bilateral, multilateral or regional.", "bilateral"),
    Column(
        "partner_countries", False, "Partner or beneficiary states, ISO3, `;`-separated.", "MDA"
    ),
    Column(
        "implementer_countries", False, "Implementing or donor states, ISO3, `;`-separated.", "DEU"
    ),
    Column(
        "implementing_organisations", False, "Organisations implementing it, `;`-separated.", "IOM"
    ),
    Column(
        "donor_organisations", False, "Organisations funding it, `;`-separated.", "European Union"
    ),
    Column("partner_organisations", False, "Other partner organisations, `;`-separated.", ""),
    Column("themes", True, "Theme codes (GET /v1/themes), `;`-separated.", "legal-migration"),
    Column("start_year", False, "Year it started (1950-2100).", "2024"),
    Column("end_year", False, "Year it ended or ends; not before start_year.", "2026"),
    Column(
        "budget_amount", False, "Budget as a source states it (with budget_currency).", "1500000"
    ),
    Column("budget_currency", False, "ISO 4217 code of the budget.", "EUR"),
    Column(
        "implementation_status",
        False,
        "planned, ongoing (default), completed or suspended.",
        "ongoing",
    ),
    Column("outcomes_en", False, "Documented outcomes (Markdown).", ""),
    Column("outcomes_ru", False, "Documented outcomes in Russian (Markdown).", ""),
    *(
        col
        for n in range(1, SOURCES + 1)
        for col in (
            Column(
                f"source_{n}_title",
                n == 1,
                f"Title of source {n}" + (" (primary)." if n == 1 else "."),
                "Implementer's page" if n == 1 else "",
            ),
            Column(
                f"source_{n}_url",
                n == 1,
                f"http(s) address of source {n}.",
                "https://example.org/scheme" if n == 1 else "",
            ),
        )
    ),
    Column(
        "corridors", False, "Origin>destination pairs, ISO3, `;`-separated (MDA>DEU).", "MDA>DEU"
    ),
    Column("routes", False, "map-api route slugs, `;`-separated.", "eastern-borders"),
    Column(
        "owner_country",
        False,
        "Maintaining state, one of the countries (default: the first partner).",
        "MDA",
    ),
    Column("access", False, "public (default) or restricted.", "public"),
)
BY_NAME = {c.name: c for c in COLUMNS}
COUNTRY_COLUMNS = {"partner_countries": "partner", "implementer_countries": "implementer"}
ORGANISATION_COLUMNS = {
    "implementing_organisations": "implementer",
    "donor_organisations": "donor",
    "partner_organisations": "partner",
}


def describe() -> str:
    """The columns as a Markdown list (for OpenAPI)."""
    return "\n".join(
        f"- `{c.name}`{' (required)' if c.required else ''}: {c.help}" for c in COLUMNS
    )
