"""The European Commission's Extended Migration Profile template: parts A-G and their sections.

Indicator topics, narrative sections, the assembled profile and the PDF all follow this outline.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """A part (`B`) or section (`B3`) of the template, with its titles in English and Russian."""

    code: str
    title_en: str
    title_ru: str

    @property
    def part(self) -> str:
        """The part letter a section belongs to (`B3` -> `B`)."""
        return self.code[0]


OUTLINE: tuple[Part, ...] = (
    Part("A", "Recent migration patterns", "Последние тенденции миграции"),
    Part("B", "Socio-economic context", "Социально-экономический контекст"),
    Part("B1", "Demography", "Демография"),
    Part("B2", "Economy", "Экономика"),
    Part("B3", "Labour market", "Рынок труда"),
    Part("B4", "Human capital", "Человеческий капитал"),
    Part("C", "The migration situation", "Миграционная ситуация"),
    Part("C1", "Immigrants", "Иммигранты"),
    Part("C2", "Irregular migration", "Нерегулярная миграция"),
    Part("C3", "Emigrants and diaspora", "Эмигранты и диаспора"),
    Part("C4", "Remittances", "Денежные переводы"),
    Part("C5", "Asylum and international protection", "Убежище и международная защита"),
    Part("D", "Factors driving migration", "Факторы миграции"),
    Part("E", "Areas of special interest and priorities", "Области особого интереса и приоритеты"),
    Part("F", "Migration policies and programmes", "Миграционная политика и программы"),
    Part("G", "Impact of migration on development", "Влияние миграции на развитие"),
)
BY_CODE = {p.code: p for p in OUTLINE}
PARTS = tuple(p for p in OUTLINE if len(p.code) == 1)
