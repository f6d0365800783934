"""Labels and number/date formats of the downloads, in English and Russian.

Numbers follow each language's habit: `2,961,500.5` in English, `2 961 500,5` in Russian (a
no-break space groups thousands, a comma marks decimals).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Literal

Lang = Literal["en", "ru"]
LANGS: tuple[Lang, ...] = ("en", "ru")
NBSP = "\u00a0"

UI: dict[str, dict[Lang, str]] = {
    "title": {"en": "Extended Migration Profile", "ru": "Расширенный миграционный профиль"},
    "brand": {
        "en": "i-Map · Prague Process · Building Migration Partnerships",
        "ru": "i-Map · Пражский процесс · Построение миграционных партнёрств",
    },
    "edition": {"en": "Edition {n}", "ru": "Редакция {n}"},
    "published": {"en": "published {date}", "ru": "опубликована {date}"},
    "no_edition": {"en": "No published edition yet", "ru": "Опубликованной редакции пока нет"},
    "no_edition_note": {
        "en": "No edition of this profile has been published yet. This file shows the data "
        "held for the country (indicators, partners, shortages) without narrative sections.",
        "ru": "Ни одна редакция этого профиля ещё не опубликована. Файл содержит данные по "
        "стране (показатели, партнёры, дефицит кадров) без текстовых разделов.",
    },
    "endorsement": {"en": "Endorsement", "ru": "Статус одобрения"},
    "country_code": {"en": "ISO 3166 code", "ru": "Код ISO 3166"},
    "group": {"en": "Prague Process group", "ru": "Группа Пражского процесса"},
    "capital": {"en": "Capital", "ru": "Столица"},
    "revision": {"en": "Data revision", "ru": "Версия данных"},
    "generated": {
        "en": "Rendered on request from the i-Map records; every number names its source.",
        "ru": "Сформирован по запросу из записей i-Map; у каждого числа указан источник.",
    },
    "contents": {"en": "Contents", "ru": "Содержание"},
    "page": {"en": "Page {n} of {total}", "ru": "Стр. {n} из {total}"},
    "key_indicators": {"en": "Key indicators", "ru": "Основные показатели"},
    "indicator": {"en": "Indicator", "ru": "Показатель"},
    "latest": {"en": "Latest value", "ru": "Последнее значение"},
    "unit": {"en": "Unit", "ru": "Единица"},
    "period": {"en": "Period", "ru": "Период"},
    "source": {"en": "Source", "ru": "Источник"},
    "sources": {"en": "Sources", "ru": "Источники"},
    "flags": {"en": "Flags", "ru": "Отметки"},
    "nothing_yet": {
        "en": "No text or data for this part yet.",
        "ru": "Для этой части пока нет текста и данных.",
    },
    "top_partners": {"en": "Top partners", "ru": "Основные страны-партнёры"},
    "partner": {"en": "Partner", "ru": "Партнёр"},
    "direction": {"en": "Direction", "ru": "Направление"},
    "inbound": {"en": "partner → {country}", "ru": "партнёр → {country}"},
    "outbound": {"en": "{country} → partner", "ru": "{country} → партнёр"},
    "value": {"en": "Value", "ru": "Значение"},
    "no_partners": {
        "en": "No bilateral data for this country yet.",
        "ru": "Двусторонних данных по этой стране пока нет.",
    },
    "shortages": {"en": "Skill shortages and surpluses", "ru": "Дефицит и избыток кадров"},
    "occupation": {"en": "Occupation (ISCO-08)", "ru": "Профессия (МСКЗ-08)"},
    "sector": {"en": "Sector (NACE)", "ru": "Отрасль (NACE)"},
    "year": {"en": "Year", "ru": "Год"},
    "severity": {"en": "Severity", "ru": "Острота"},
    "area": {"en": "Area", "ru": "Территория"},
    "shortage": {"en": "shortage", "ru": "дефицит"},
    "surplus": {"en": "surplus", "ru": "избыток"},
    "critical": {"en": "critical", "ru": "критический"},
    "high": {"en": "high", "ru": "высокий"},
    "moderate": {"en": "moderate", "ru": "умеренный"},
    "low": {"en": "low", "ru": "низкий"},
    "no_shortages": {
        "en": "No skill shortages recorded for this country yet.",
        "ru": "Сведений о дефиците кадров по этой стране пока нет.",
    },
    "datasets": {"en": "Datasets", "ru": "Наборы данных"},
    "dataset": {"en": "Dataset", "ru": "Набор данных"},
    "publisher": {"en": "Publisher", "ru": "Издатель"},
    "licence": {"en": "Licence", "ru": "Лицензия"},
    "vintage": {"en": "Vintage", "ru": "Выпуск"},
    "section_sources": {"en": "Sources cited in the text", "ru": "Источники, цитируемые в тексте"},
    "no_sources": {"en": "None.", "ru": "Нет."},
    "chart_note": {
        "en": "Charts show the series used for the latest value (source-wins rule).",
        "ru": "Графики показывают ряд, из которого взято последнее значение.",
    },
    "flag_legend": {
        "en": "Flags: e estimated, p provisional, b break in series, f forecast, u low "
        "reliability, c confidential.",
        "ru": "Отметки: e оценка, p предварительно, b разрыв ряда, f прогноз, u низкая "
        "надёжность, c конфиденциально.",
    },
}

ENDORSEMENT: dict[str, dict[Lang, str]] = {
    "endorsed": {"en": "Final and endorsed", "ru": "Окончательный и одобренный"},
    "submitted_for_endorsement": {
        "en": "Submitted for endorsement — not yet endorsed",
        "ru": "Представлен на одобрение — ещё не одобрен",
    },
    "not_endorsed": {
        "en": "Not endorsed — published as a draft",
        "ru": "Не одобрен — опубликован как проект",
    },
    "demonstration": {
        "en": "Demonstration — not an endorsed profile",
        "ru": "Демонстрационная версия — профиль не одобрен",
    },
}

GROUPS_RU = {
    "Central Asia": "Центральная Азия",
    "EU27": "ЕС-27",
    "Eastern Partnership": "Восточное партнёрство",
    "Russia": "Россия",
    "Schengen-associated": "Ассоциированные с Шенгеном",
    "Turkey": "Турция",
    "United Kingdom": "Соединённое Королевство",
    "Western Balkans": "Западные Балканы",
}

SCALE_WORDS: dict[int, dict[Lang, str]] = {
    3: {"en": "thousand", "ru": "тыс."},
    6: {"en": "million", "ru": "млн"},
    9: {"en": "billion", "ru": "млрд"},
}

UNITS_RU = {
    "persons": "человек",
    "current US$": "текущие долл. США",
    "US$": "долл. США",
    "% of labour force": "% рабочей силы",
    "% of population aged 15+": "% населения 15+",
    "% of population": "% населения",
    "% of GDP": "% ВВП",
    "% of amount sent": "% отправленной суммы",
    "% per year": "% в год",
    "constant 2021 international $": "постоянные междунар. долл. 2021 г.",
    "%": "%",
}

MONTHS_RU = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
).split()
MONTHS_EN = (
    "January February March April May June July August September October November December"
).split()


def t(key: str, lang: Lang, **values: object) -> str:
    """The label `key` in `lang`, with `{placeholders}` filled."""
    text = UI[key][lang]
    return text.format(**values) if values else text


def endorsement_label(state: str, lang: Lang) -> str:
    """The endorsement state as a reader should see it (unknown states shown as they are)."""
    return ENDORSEMENT.get(state, {}).get(lang, state)


def decimals_for(value: float) -> int:
    """How many decimals a value shows: none from 1,000 up, one from 10, two below."""
    size = abs(value)
    if size >= 1000 or value == int(value):
        return 0
    return 1 if size >= 10 else 2


def number(value: float, lang: Lang, decimals: int | None = None) -> str:
    """`value` with the language's grouping and decimal mark."""
    if not math.isfinite(value):
        return "–"
    places = decimals_for(value) if decimals is None else decimals
    text = f"{value:,.{places}f}"
    if lang == "ru":
        text = text.replace(",", NBSP).replace(".", ",")
    return text.replace("-", "−") if text.startswith("-") else text


def step_decimals(step: float) -> int:
    """The decimals that show every multiple of `step` exactly (2.5 -> 1, 0.25 -> 2, 50 -> 0)."""
    for places in range(4):
        scaled = abs(step) * 10**places
        if abs(scaled - round(scaled)) < 1e-6 * max(1.0, scaled):
            return places
    return 3


def compact(value: float, lang: Lang, step: float | None = None) -> str:
    """A short form for chart axes: `3.7 million`, `450 thousand`, `12.5`.

    `step` (the distance between axis ticks) decides the decimals, so all ticks read alike.
    """
    if value == 0:
        return "0"
    step = abs(step or value)
    for power in (9, 6, 3):
        if abs(value) >= 10**power:
            places = step_decimals(step / 10**power)
            return f"{number(value / 10**power, lang, min(places, 2))} {SCALE_WORDS[power][lang]}"
    return number(value, lang, step_decimals(step))


def group_name(group: str, lang: Lang) -> str:
    """A Prague Process group's name in `lang` (as stored when unknown)."""
    return GROUPS_RU.get(group, group) if lang == "ru" else group


def unit_name(unit: str, lang: Lang) -> str:
    """The catalogue's (English) unit in `lang`, when it is one we know."""
    return UNITS_RU.get(unit, unit) if lang == "ru" else unit


def unit_label(unit: str, scale: int, lang: Lang) -> str:
    """The unit with its scale word (`million persons`)."""
    unit = unit_name(unit, lang)
    word = SCALE_WORDS.get(scale, {}).get(lang) if scale else None
    if scale and not word:
        word = f"×10^{scale}"
    return f"{word} {unit}" if word else unit


def long_date(value: date | datetime | None, lang: Lang) -> str:
    """`28 November 2026` / `28 ноября 2026 г.`."""
    if value is None:
        return ""
    if lang == "ru":
        return f"{value.day} {MONTHS_RU[value.month - 1]} {value.year} г."
    return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"
