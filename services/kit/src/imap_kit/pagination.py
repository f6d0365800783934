"""Offset pagination: the `PageParams` dependency and the generic `Page[T]` envelope with links."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel, Field
from starlette.datastructures import URL

from imap_kit.urls import public_url

T = TypeVar("T")

MAX_LIMIT = 1000
MAX_OFFSET = 10_000_000  # deep paging beyond this is a crawl; use filters instead


class PageLinks(BaseModel):
    """Absolute links to this page and its neighbours (null when there is none)."""

    self: str
    first: str
    next: str | None = None
    prev: str | None = None


class Page(BaseModel, Generic[T]):
    """A page of results with the total number of matches."""

    items: list[T]
    total: int = Field(description="Number of matching records across all pages.")
    limit: int
    offset: int
    links: PageLinks


class PageParams(BaseModel):
    """Validated `limit` and `offset`, plus the request to build links from."""

    limit: int
    offset: int
    url: str

    def links(self, total: int) -> PageLinks:
        """self/first/next/prev links of this page among `total` matches."""
        url = URL(self.url)

        def at(offset: int) -> str:
            return str(url.include_query_params(limit=self.limit, offset=offset))

        nxt = at(self.offset + self.limit) if self.offset + self.limit < total else None
        prev = at(max(self.offset - self.limit, 0)) if self.offset > 0 else None
        return PageLinks(self=at(self.offset), first=at(0), next=nxt, prev=prev)

    def page(self, items: list[T], total: int) -> Page[T]:
        """Wrap `items` with totals and links."""
        return Page[T](
            items=items,
            total=total,
            limit=self.limit,
            offset=self.offset,
            links=self.links(total),
        )


def _page_params(
    request: Request,
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (1-{MAX_LIMIT}).", examples=[50])
    ] = 50,
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="Number of records to skip.", examples=[0])
    ] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset, url=public_url(request))


PageParamsDep = Annotated[PageParams, Depends(_page_params)]
