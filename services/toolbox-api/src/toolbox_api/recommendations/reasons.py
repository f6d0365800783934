"""Each score component of a suggested practice, computed and said in English and Russian."""

from __future__ import annotations

from dataclasses import dataclass

from toolbox_api.recommendations import scoring
from toolbox_api.recommendations.profile_data import INDICATORS, Profiles
from toolbox_api.recommendations.repository import Candidate
from toolbox_api.recommendations.schemas import Reason
from toolbox_api.search.profiles import Group

EVIDENCE_TEXT = {
    "evaluated": (
        "an independent evaluation found results",
        "независимая оценка подтвердила результаты",
    ),
    "reported": ("results reported by the implementers", "результаты сообщены исполнителями"),
    "described": (
        "described only, no reported results",
        "только описана, без данных о результатах",
    ),
}
ROLE_RU = {"origin": "страна происхождения", "destination": "страна назначения"}


@dataclass(frozen=True)
class Context:
    """What every suggestion for one country is compared with."""

    country: str
    role: str | None
    group: Group | None
    profiles: Profiles
    best_overlap: float


def _reason(component: str, score: float | None, en: str, ru: str) -> Reason:
    weight = scoring.WEIGHTS[component]
    return Reason(
        component=component,
        weight=weight,
        score=None if score is None else round(score, 4),
        en=en,
        ru=ru,
    )


def _names(ctx: Context, codes: list[str], lang: str) -> str:
    return ", ".join(ctx.profiles.name(c, lang) for c in codes)


def _evidence(c: Candidate) -> Reason:
    en, ru = EVIDENCE_TEXT.get(c.evidence, (c.evidence, c.evidence))
    return _reason(
        "evidence",
        scoring.EVIDENCE.get(c.evidence, 0.0),
        f"Evidence: {en}.",
        f"Доказательства: {ru}.",
    )


def _text(ctx: Context, c: Candidate) -> Reason:
    score = min(c.overlap / ctx.best_overlap, 1.0)
    return _reason(
        "text",
        score,
        f"Its text shares {score:.0%} of the best candidate's word overlap with the theme or "
        "objective.",
        f"Совпадение слов с темой или целью: {score:.0%} от лучшего кандидата.",
    )


def _group(ctx: Context, c: Candidate) -> Reason:
    if ctx.profiles.problem:
        return _reason(
            "group",
            None,
            "Country groups unknown: profiles-api could not be asked.",
            "Группы стран неизвестны: profiles-api недоступен.",
        )
    if ctx.group is None:
        return _reason(
            "group",
            None,
            f"{ctx.profiles.name(ctx.country, 'en')} is in no Prague Process group.",
            f"{ctx.profiles.name(ctx.country, 'ru')} не входит в группы Пражского процесса.",
        )
    peers = [x for x in c.countries if x in ctx.group.members]
    if peers:
        return _reason(
            "group",
            1.0,
            f"Applied in {_names(ctx, peers, 'en')}, also in the {ctx.group.name} group.",
            f"Применялась в: {_names(ctx, peers, 'ru')} — та же группа «{ctx.group.name_ru}».",
        )
    return _reason(
        "group",
        0.0,
        f"Not applied in any state of the {ctx.group.name} group.",
        f"Не применялась в государствах группы «{ctx.group.name_ru}».",
    )


def _role(ctx: Context, c: Candidate, corridors: list[tuple[str, str]]) -> Reason:
    sides = scoring.practice_sides(c.countries, corridors)
    score = scoring.role_score(ctx.role, sides, bool(corridors))
    if ctx.role is None or not corridors:
        return _reason(
            "role",
            score,
            "Corridor roles unknown (no corridors to compare).",
            "Роли в коридорах неизвестны (нет коридоров для сравнения).",
        )
    mine = sides.get(ctx.role, [])
    pairs = ", ".join(f"{o}→{d}" for o, d in corridors[:4])
    if mine:
        return _reason(
            "role",
            score,
            f"Like {ctx.profiles.name(ctx.country, 'en')}, {_names(ctx, mine, 'en')} took part as "
            f"the {ctx.role} country of its corridors ({pairs}).",
            f"Как и {ctx.profiles.name(ctx.country, 'ru')}, {_names(ctx, mine, 'ru')} — "
            f"{ROLE_RU[ctx.role]} в её коридорах ({pairs}).",
        )
    return _reason(
        "role",
        score,
        f"Applied only on the other side of its corridors ({pairs}).",
        f"Применялась только на другой стороне коридоров ({pairs}).",
    )


def _indicators(ctx: Context, c: Candidate) -> Reason:
    if ctx.profiles.problem:
        return _reason(
            "indicators",
            None,
            "Profile indicators unknown: profiles-api could not be asked.",
            "Показатели профилей неизвестны: profiles-api недоступен.",
        )
    alike = scoring.most_alike(ctx.country, c.countries, ctx.profiles.ranks)
    if alike is None:
        return _reason(
            "indicators",
            None,
            "No profile indicator known for both countries.",
            "Нет показателей профиля, известных для обеих стран.",
        )
    values = ctx.profiles.values
    parts_en, parts_ru = [], []
    for code in alike.per_indicator:
        name_en, name_ru = INDICATORS[code]
        a, b = values[code][ctx.country], values[code][alike.country]
        parts_en.append(f"{name_en} {a:,.1f} vs {b:,.1f}")
        parts_ru.append(f"{name_ru}: {a:,.1f} и {b:,.1f}")
    return _reason(
        "indicators",
        alike.score,
        f"Profile most like {ctx.profiles.name(alike.country, 'en')}'s ({'; '.join(parts_en)}).",
        f"Профиль ближе всего к стране {ctx.profiles.name(alike.country, 'ru')} "
        f"({'; '.join(parts_ru)}).",
    )


def explain(ctx: Context, c: Candidate, corridors: list[tuple[str, str]]) -> list[Reason]:
    """The five components of `c`'s score, each with its explanation."""
    return [
        _evidence(c),
        _text(ctx, c),
        _indicators(ctx, c),
        _group(ctx, c),
        _role(ctx, c, corridors),
    ]
