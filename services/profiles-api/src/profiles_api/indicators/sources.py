"""The source-wins default view: one value per cell, from the best source dataset.

Several datasets may give a value for the same cell (indicator, country or country pair, period).
By default every read returns one: the value from the dataset with the highest `priority`, then the
newest `vintage` (an unknown vintage counts as oldest), then the smallest dataset code. `source=`
picks one dataset instead; `all_sources=true` lists every dataset's value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.dialects.postgresql import distinct_on

from profiles_api.indicators.models import Dataset


@dataclass(frozen=True)
class SourceChoice:
    """Which values of a cell to return: the winner (default), one dataset's, or all."""

    source: str | None = None
    all_sources: bool = False


def ranking() -> list[Any]:
    """ORDER BY terms ranking datasets: the first one wins a cell."""
    return [Dataset.priority.desc(), Dataset.vintage.desc().nulls_last(), Dataset.code.asc()]


def winners(model: Any, cell: list[Any], conditions: list[ColumnElement[bool]]) -> Select:
    """SQL: the ids of the rows that win their cell among those meeting `conditions`."""
    return (
        select(model.id)
        .join(Dataset, Dataset.code == model.source_dataset)
        .where(*conditions)
        .order_by(*cell, *ranking())
        .ext(distinct_on(*cell))
    )


def chosen(
    model: Any, cell: list[Any], conditions: list[ColumnElement[bool]], choice: SourceChoice
) -> list[ColumnElement[bool]]:
    """`conditions` plus what selects the chosen values of each cell."""
    if choice.source is not None:
        return [*conditions, model.source_dataset == choice.source]
    if choice.all_sources:
        return conditions
    # Every filter is a property of the cell, so filtering before ranking keeps the winner.
    return [*conditions, model.id.in_(winners(model, cell, conditions))]
