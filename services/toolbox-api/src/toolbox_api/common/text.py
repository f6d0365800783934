"""Free text: what PostgreSQL can store, no active content, and Markdown rendered safe.

Text fields are Markdown, stored as written. Two lines of defence keep them harmless:

1. Writes carrying active content are refused with 422 naming the field: `<script>`, `<iframe>`,
   `<object>`, `<embed>`, `<style>`, `<form>`, `<svg>`, `<math>`, `<meta>`, `<link>`, `<base>`
   tags, `on...=` event attributes, and `javascript:`, `vbscript:` or `data:` link targets.
   Harmless inline HTML (`<sup>`, `<b>`) is accepted and kept as text.
2. Reads offer each Markdown field rendered as HTML (`html` on a detail): markdown-it-py with raw
   HTML off (any tag is escaped and shows as text), then the nh3 (ammonia) sanitiser with a fixed
   allowlist of tags, attributes and URL schemes (http, https, mailto). So even text that reached
   the database another way never comes back as executable HTML.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated

import nh3
from markdown_it import MarkdownIt
from pydantic import AfterValidator, Field, StringConstraints

# Linear on hostile input: each tag is cut at the next `<` or `>` before it is examined.
TAG = re.compile(r"<[^<>]*")
ACTIVE_TAG = re.compile(
    r"<[\s/]*(?:script|iframe|frame|object|embed|style|link|meta|base|form|svg|math)\b"
    r"|<\s*(?:javascript|vbscript|data)\s*:",
    re.IGNORECASE,
)
EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
ACTIVE_LINK = re.compile(
    r"(?:\]\(|\]:|\b(?:href|src|action)\s*=)[\s\"'<]*(?:javascript|vbscript|data)\s*:",
    re.IGNORECASE,
)
ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def find_active_content(text: str) -> str | None:
    """The first piece of active content (script tags, event attributes, script links), if any."""
    for tag in TAG.finditer(text):
        piece = tag.group(0)
        if ACTIVE_TAG.match(piece) or EVENT_ATTRIBUTE.search(piece):
            return piece
    link = ACTIVE_LINK.search(text)
    return link.group(0) if link else None


def check_text(value: str) -> str:
    """The text, or ValueError: NUL characters, lone surrogates or active content."""
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("is not valid Unicode (it holds a lone surrogate)") from None
    found = find_active_content(value)
    if found:
        raise ValueError(
            f"active content is not allowed (found {found[:40]!r}); write plain Markdown"
        )
    return value


Safe = AfterValidator(check_text)
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), Safe]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), Safe]
Markdown = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000),
    Safe,
    Field(description="Markdown (raw HTML is shown as text; active content is refused)."),
]
OptionalMarkdown = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=20_000),
    Safe,
    Field(description="Markdown, or empty when nothing is known."),
]


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render(text: str) -> str:
    """Markdown as safe HTML: raw HTML escaped, then sanitised against the allowlist."""
    if not text:
        return ""
    html = _parser().render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def rendered(values: dict[str, str]) -> dict[str, str]:
    """Each Markdown field of a record rendered as safe HTML, by field name."""
    return {name: render(text) for name, text in values.items()}
