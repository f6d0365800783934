"""Markdown: active content is refused, everything else renders as safe HTML."""

from html.parser import HTMLParser

import pytest
from toolbox_api.common.text import ALLOWED_TAGS, check_text, render


class Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def assert_inert(html: str) -> None:
    for tag, attrs in Elements(html).found:
        assert tag in ALLOWED_TAGS, tag
        assert not any(name.startswith("on") for name in attrs), attrs
        href = (attrs.get("href") or "").strip().lower()
        assert not href or href.startswith(("http://", "https://", "mailto:")), href


HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT src=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<iframe src=https://evil.example></iframe>",
    "<svg/onload=alert(1)>",
    "[click](javascript:alert(1))",
    "[click]( JaVaScRiPt:alert(1))",
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    "[x]: vbscript:msgbox(1)",
    "<style>body{display:none}</style>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_active_content_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="active content"):
        check_text(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_active_content_never_renders_executable(text: str) -> None:
    assert_inert(render(text))


def test_harmless_html_is_kept_as_text_and_markdown_renders() -> None:
    text = "Results: **40%** more <b>workers</b>; see [ILO](https://www.ilo.org)."
    assert check_text(text) == text
    html = render(text)
    assert_inert(html)
    assert "<strong>40%</strong>" in html
    assert "&lt;b&gt;workers&lt;/b&gt;" in html and "<b>" not in html
    assert '<a href="https://www.ilo.org" rel="noopener noreferrer nofollow">ILO</a>' in html


def test_nul_and_lone_surrogates_are_refused() -> None:
    with pytest.raises(ValueError, match="NUL"):
        check_text("a\x00b")
    with pytest.raises(ValueError, match="surrogate"):
        check_text("a\ud800b")
