"""Section Markdown as simple blocks (headings, paragraphs, list items, quotes, code) of runs.

Parsed with markdown-it-py's CommonMark preset with raw HTML switched off, so an HTML tag in a
section is shown as the text it is, never interpreted; links keep only the schemes markdown-it
accepts (http, https, mailto...; never `javascript:`). Images become their alt text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

BlockKind = Literal["heading", "paragraph", "item", "quote", "code", "rule"]

_PARSER = MarkdownIt("commonmark", {"html": False})


@dataclass(frozen=True)
class Run:
    """A stretch of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None


@dataclass
class Block:
    """A block of text: `level` is the heading level or the list depth; `marker` `•` or `3.`."""

    kind: BlockKind
    runs: list[Run] = field(default_factory=list)
    level: int = 0
    marker: str = ""

    @property
    def text(self) -> str:
        """The block's plain text."""
        return "".join(run.text for run in self.runs)


def inline_runs(children: list[Token]) -> list[Run]:
    """The styled runs of an inline token's children."""
    runs: list[Run] = []
    style = Run("")
    for tok in children:
        if tok.type == "text":
            runs.append(replace(style, text=tok.content))
        elif tok.type == "softbreak":
            runs.append(replace(style, text=" "))
        elif tok.type == "hardbreak":
            runs.append(replace(style, text="\n"))
        elif tok.type == "code_inline":
            runs.append(replace(style, text=tok.content, code=True))
        elif tok.type == "image":
            runs.append(replace(style, text=tok.content))
        elif tok.type in ("strong_open", "strong_close"):
            style = replace(style, bold=tok.type == "strong_open")
        elif tok.type in ("em_open", "em_close"):
            style = replace(style, italic=tok.type == "em_open")
        elif tok.type == "link_open":
            href = tok.attrGet("href")
            style = replace(style, link=str(href) if href else None)
        elif tok.type == "link_close":
            style = replace(style, link=None)
        elif tok.content:  # anything else (html_inline cannot occur: html is off) as text
            runs.append(replace(style, text=tok.content))
    return _merge(runs)


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if merged and replace(merged[-1], text="") == replace(run, text=""):
            merged[-1] = replace(run, text=merged[-1].text + run.text)
        elif run.text:
            merged.append(run)
    return merged


def parse(markdown: str) -> list[Block]:
    """The blocks of a Markdown text, in reading order."""
    blocks: list[Block] = []
    lists: list[list[int]] = []  # per open list: [ordered (0/1), next number]
    pending_marker = ""
    quote_depth = 0
    heading = 0
    for tok in _PARSER.parse(markdown):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            start = int(tok.attrGet("start") or 1)
            lists.append([int(tok.type == "ordered_list_open"), start])
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "list_item_open":
            ordered, number = lists[-1]
            pending_marker = f"{number}." if ordered else "•"
            lists[-1][1] = number + 1
        elif tok.type == "blockquote_open":
            quote_depth += 1
        elif tok.type == "blockquote_close":
            quote_depth -= 1
        elif tok.type == "heading_open":
            heading = int(tok.tag[1:])
        elif tok.type == "heading_close":
            heading = 0
        elif tok.type == "inline":
            runs = inline_runs(tok.children or [])
            if heading:
                blocks.append(Block("heading", runs, level=heading))
            elif lists:
                blocks.append(Block("item", runs, level=len(lists), marker=pending_marker))
                pending_marker = ""
            elif quote_depth:
                blocks.append(Block("quote", runs, level=quote_depth))
            else:
                blocks.append(Block("paragraph", runs))
        elif tok.type in ("fence", "code_block"):
            blocks.append(Block("code", [Run(tok.content.rstrip("\n"), code=True)]))
        elif tok.type == "hr":
            blocks.append(Block("rule"))
    return blocks
