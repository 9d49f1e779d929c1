"""Every page a demo role reaches speaks one language: no English left in the Chinese UI, no Chinese in
the English UI outside names and addresses marked lang="zh-CN".

Logged in as each demo account, the test walks the pages linked from the navigation and from the
first row of every table (one page per route shape, GET only, downloads skipped) of the demo park with
its year of history, reads the visible text (scripts, styles and attributes left out; an element's
`lang` says which language its text is in), and fails listing each page and its foreign text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy.engine import Engine

from hazchem import create_app
from hazchem.demo import data
from tests.conftest import wipe
from tests.demo_year import load_demo_year
from tests.web.conftest import login

DEMO_PASSWORD = "hazchem-demo-2026"
ACCOUNTS = [account["username"] for account in data.ACCOUNTS]
MAX_PAGES = 80  # per account and language; the walk visits one page per route shape

# Pages that are not HTML to read (downloads, images), or that end or change the session.
SKIPPED_PATH = re.compile(r"\.(pdf|png|svg|csv|xlsx|json|zip)$|/export$|^/(logout|lang|static|api)(/|$)")
SKIPPED_QUERY = re.compile(r"(^|&)format=")

# Latin words that are the same in both languages: acronyms and upper-case codes (EHS, GHS, CAS, UN,
# QR, PDF, USCC), hazard characteristics (T, C, I, R, In), units and symbols. Words touching a digit or
# an underscore (HW-…, 900-041-49, UN 1230, plates, formulas, G_cat) are parts of codes, and single
# letters are codes or symbols, so neither is read as a word.
ALLOWED_WORD = re.compile(r"[A-Z][A-Z0-9&]{1,7}s?|In|kg|mg|km|ml|mL|min|m³|hazchem")
# Chinese that English pages keep: the unit of output figures (10,000 yuan), as official statistics give it.
ALLOWED_CHINESE = re.compile(r"万元")
DEMO_USERNAMES = {account["username"] for account in data.ACCOUNTS}

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
IDENTIFIER = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\b")  # rule and message codes: licence.renewal
WORD = re.compile(r"(?<![A-Za-z0-9_.])[A-Za-z][A-Za-z'’]+(?![A-Za-z0-9_])")
HIDDEN = ("script", "style", "template", "title")  # the title is the window's, not the page's text
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Page:
    """A page's visible text runs, each with the language its nearest `lang` gives, and its links."""

    texts: list[tuple[str, str]] = field(default_factory=list)
    nav_links: list[str] = field(default_factory=list)
    first_row_links: list[str] = field(default_factory=list)


class PageReader(HTMLParser):
    """Read a page's visible text with its language, its navigation links and each table's first-row links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[tuple[str, str, bool]] = []  # (tag, lang, hides its text)
        self.hidden = 0
        self.in_nav = 0
        self.rows_seen: list[int] = []  # per open table: data rows with a link read so far
        self.row_links: list[str] | None = None

    def lang(self) -> str:
        """The language of the innermost element that names one."""
        return self.stack[-1][1] if self.stack else ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in VOID:
            return
        hides = tag in HIDDEN or "hidden" in attributes
        self.stack.append((tag, attributes.get("lang") or self.lang(), hides))
        self.hidden += hides
        if tag == "nav":
            self.in_nav += 1
        elif tag == "table":
            self.rows_seen.append(0)
        elif tag == "tr" and self.rows_seen and self.rows_seen[-1] == 0:
            self.row_links = []
        elif tag == "a" and attributes.get("href"):
            href = attributes["href"] or ""
            if self.in_nav:
                self.page.nav_links.append(href)
            if self.row_links is not None:
                self.row_links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or all(open_tag != tag for open_tag, _, _ in self.stack):
            return
        while self.stack:
            open_tag, _, hides = self.stack.pop()
            self.hidden -= hides
            self._closed(open_tag)
            if open_tag == tag:
                break

    def _closed(self, tag: str) -> None:
        if tag == "nav":
            self.in_nav -= 1
        elif tag == "table" and self.rows_seen:
            self.rows_seen.pop()
        elif tag == "tr" and self.row_links is not None:
            if self.row_links and self.rows_seen:
                self.page.first_row_links.extend(self.row_links)
                self.rows_seen[-1] += 1
            self.row_links = None

    def handle_data(self, text: str) -> None:
        if not self.hidden and text.strip():
            self.page.texts.append((" ".join(text.split()), self.lang()))


def read_page(html: str) -> Page:
    """The page's text runs and links."""
    reader = PageReader()
    reader.feed(html)
    reader.close()
    return reader.page


def english_in(text: str) -> list[str]:
    """The English words of a text run meant to be Chinese: letter runs that are no code, unit or name."""
    words = (match.group() for match in WORD.finditer(IDENTIFIER.sub(" ", text)))
    return [w for w in words if not ALLOWED_WORD.fullmatch(w) and w not in DEMO_USERNAMES]


def foreign_text(page: Page, language: str) -> list[str]:
    """The page's text runs in the other language than the page's, outside elements marked as such."""
    found = []
    for text, lang in page.texts:
        if language == "zh_Hans_CN" and not lang.startswith("en"):
            if english_in(text):
                found.append(text)
        elif language == "en" and not lang.startswith("zh") and CJK.search(ALLOWED_CHINESE.sub("", text)):
            found.append(text)
    return found


def route_shape(path: str) -> str:
    """The path with its numbers and digital IDs blanked: pages of one shape show the same words."""
    return re.sub(r"/l/[^/]+", "/l/*", re.sub(r"\d+", "N", path))


def followable(href: str) -> str | None:
    """The same-site GET path (with query) a link leads to, or None for downloads and other sites."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIPPED_PATH.search(parts.path):
        return None
    if SKIPPED_QUERY.search(parts.query):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(app: Flask, username: str, language: str) -> tuple[int, dict[str, list[str]]]:
    """Walk the account's pages in the language; return how many were read and each page's foreign text."""
    client = app.test_client()
    response = login(client, username, DEMO_PASSWORD)
    assert response.status_code == 302, f"{username} cannot log in"
    with client.session_transaction() as session:
        session["locale"] = language
    queue, shapes, read, failures = ["/"], set(), 0, {}
    while queue and read < MAX_PAGES:
        path = queue.pop(0)
        shape = route_shape(path.split("?")[0])
        if shape in shapes:
            continue
        shapes.add(shape)
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        read += 1
        page = read_page(response.get_data(as_text=True))
        foreign = foreign_text(page, language)
        if foreign:
            failures[path] = foreign
        for href in page.nav_links + page.first_row_links:
            target = followable(href)
            if target is not None and route_shape(target.split("?")[0]) not in shapes:
                queue.append(target)
    return read, failures


@pytest.fixture(scope="module")
def demo_app(engine: Engine, database_url: str) -> Iterator[Flask]:
    """The demo park with its year, loaded once for the module; emptied after."""
    load_demo_year(engine)
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key", "TESTING": True})
    yield app
    app.extensions["hazchem.engine"].dispose()
    wipe(engine)


@pytest.mark.parametrize("language", ["zh_Hans_CN", "en"])
def test_every_page_speaks_the_chosen_language(demo_app: Flask, language: str) -> None:
    """As each demo role, no page reached from the navigation or a list's first row mixes languages."""
    report = []
    for username in ACCOUNTS:
        read, failures = crawl(demo_app, username, language)
        assert read > 5, f"{username} reached only {read} pages"
        for path, texts in failures.items():
            report.append(f"{username} {path}: " + " | ".join(texts))
    assert not report, f"{len(report)} pages mix languages:\n" + "\n".join(report)


def test_the_reader_keeps_marked_names_and_leaves_out_scripts() -> None:
    """The text reader honours lang marks and hidden elements, and finds navigation and first-row links."""
    page = read_page(
        '<html lang="en"><nav><a href="/a">Home</a></nav><script>var x = "中文";</script>'
        '<p>Owner: <span lang="zh-CN">上虞示例精细化工有限公司</span>, HW-000001</p>'
        "<table><tr><th>Name</th></tr><tr><td><a href='/b/1'>x</a></td></tr>"
        "<tr><td><a href='/b/2'>y</a></td></tr></table></html>"
    )
    assert page.nav_links == ["/a"]
    assert page.first_row_links == ["/b/1"]
    assert foreign_text(page, "en") == []
    assert foreign_text(read_page("<p>废矿物油 waste oil</p>"), "en") == ["废矿物油 waste oil"]
    assert foreign_text(read_page("<p>联单 HW-2026-0001，900-041-49，2.5 t，UN 1230</p>"), "zh_Hans_CN") == []
    assert foreign_text(read_page("<p>联单 Draft</p>"), "zh_Hans_CN") == ["联单 Draft"]
