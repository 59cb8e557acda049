"""Reading a report: a text file, an HTML file (trafilatura) or a URL; its language and metadata."""

from __future__ import annotations

import re
import urllib.request
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from draft.dates import parse_date
from draft.lexicon import LANGUAGES, lexicon

MAX_BYTES = 5 * 1024 * 1024
FETCH_TIMEOUT_S = 20


class DraftInputError(ValueError):
    """An input that cannot be read as a report; the message names it and says why."""


@dataclass
class Article:
    text: str
    name: str  # the file or URL it came from
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None  # partial date
    published_rule: str | None = None
    dateline: str | None = None
    language: str = "en"
    language_rule: str = ""
    notes: list[str] = field(default_factory=list)


# Control characters (but tab and line ends) and lone surrogates cannot be written in a record
# file, and no report means anything by them: they are dropped when a report is read.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _printable(text: str) -> str:
    return _CONTROL.sub("", text)


def _looks_like_html(raw: str) -> bool:
    head = raw[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head or "<p>" in head


def read_input(spec: str) -> Article:
    if re.match(r"^https?://", spec):
        return _from_url(spec)
    path = Path(spec)
    if not path.is_file():
        raise DraftInputError(f"{spec}: no such file (give a text or HTML file, or an http(s) URL)")
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise DraftInputError(f"{spec}: {len(raw)} bytes; a report is at most {MAX_BYTES} bytes")
    try:
        text = _printable(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise DraftInputError(f"{spec}: not UTF-8 (byte {error.start}); save it as UTF-8") from None
    if path.suffix.lower() in (".html", ".htm") or _looks_like_html(text):
        return _from_html(text, spec, url=None)
    return _from_text(text, spec)


def read_text(text: str, name: str, *, html: bool | None = None, url: str | None = None) -> Article:
    """A report given as a string rather than a file: HTML when `html` says so, or when it looks like HTML."""
    text = _printable(text)
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise DraftInputError(f"{name}: {size} bytes; a report is at most {MAX_BYTES} bytes")
    if not text.strip():
        raise DraftInputError(f"{name}: the report is empty")
    article = _from_html(text, name, url=url) if (html if html is not None else _looks_like_html(text)) \
        else _from_text(text, name)
    if url:
        article.url = url
    return article


def _from_url(url: str) -> Article:
    request = urllib.request.Request(url, headers={"User-Agent": "hdkg-draft"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:  # noqa: S310 (http/https only)
            raw = response.read(MAX_BYTES + 1)
            charset = response.headers.get_content_charset() or "utf-8"
    except (OSError, ValueError) as error:
        raise DraftInputError(f"{url}: cannot fetch ({error})") from None
    if len(raw) > MAX_BYTES:
        raise DraftInputError(f"{url}: larger than {MAX_BYTES} bytes")
    text = _printable(raw.decode(charset, errors="replace"))
    article = _from_html(text, url, url=url) if _looks_like_html(text) else _from_text(text, url)
    article.url = url
    return article


def _from_html(html: str, name: str, url: str | None) -> Article:
    # Imported on first use: the API and the CLI import this module at start-up but seldom draft, and
    # the library is slow to import.
    import trafilatura

    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                            include_tables=False, favor_precision=True)
    if extracted is None or not getattr(extracted, "text", None):
        raise DraftInputError(f"{name}: no article text found in the HTML")
    article = Article(text=extracted.text, name=name, title=extracted.title, url=url or extracted.url)
    article.publisher = extracted.sitename or None
    if extracted.date:
        article.published, article.published_rule = extracted.date[:10], "HTML metadata (trafilatura)"
    _detect_language(article)
    if not article.published:
        _published_from_text(article)
    return article


# "Baku, November 1, AZERTAC" / "NUR-SULTAN. KAZINFORM –"
_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Za-z\- ]{1,30})[,.]\s+(?:(?P<date>[A-Z][a-z]+ \d{1,2}|\d{1,2} [A-Z][a-z]+)(?:, (?P<year>\d{4}))?,\s+)?(?P<agency>[A-Z][A-Z\-]{2,})\b")


def _from_text(text: str, name: str) -> Article:
    article = Article(text=text, name=name)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    titles = [line for line in lines[:3] if not _DATELINE.search(line) and len(line) < 300]
    if titles:
        article.title = titles[0]
    elif lines:
        first = re.split(r"(?<=[.!?])\s", _DATELINE.sub("", lines[0]).strip(" .–-"), maxsplit=1)[0]
        article.title = (first if len(first) <= 200 else first[:200].rsplit(" ", 1)[0])
    _detect_language(article)
    _published_from_text(article)
    return article


def _published_from_text(article: Article) -> None:
    """The publication date and dateline, when the report's first lines give them."""
    head = article.text.splitlines()
    for line in [ln.strip() for ln in head if ln.strip()][:4]:
        stripped = re.sub(r"^\s*date\s+", "", line)
        match = _DATELINE.search(stripped) or _DATELINE.search(re.sub(r"^\S+\s+", "", stripped))
        if match:
            article.dateline = article.dateline or match.group("place").strip().title()
            article.publisher = article.publisher or match.group("agency").title()
        if article.published:
            continue
        found = parse_date(stripped[:80], article.language, None)
        if found and found.text and len(found.text) >= 5:
            article.published = found.value
            article.published_rule = f"first lines: '{found.text}'"


@lru_cache(maxsize=1)
def _detector():
    # Imported on first use: the API and the CLI import this module at start-up but seldom draft, and
    # the library is slow to import.
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, lang.upper()) for lang in LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect_language(text: str) -> str | None:
    language = _detector().detect_language_of(text[:4000])
    return language.iso_code_639_1.name.lower() if language else None


def _detect_language(article: Article) -> None:
    lang = detect_language(article.text)
    article.language = lang or "en"
    article.language_rule = "lingua" if lang else "lingua found no language; English assumed"
    _cut_related_news(article)


def _cut_related_news(article: Article) -> None:
    """Pages list other stories after the report ("Tin liên quan", "More about:"): not part of it."""

    headings = {h.casefold() for h in lexicon()["related_news"].get(article.language, [])}
    headings |= {h.casefold() for h in lexicon()["related_news"].get("en", [])}
    lines = article.text.splitlines(keepends=True)
    offset = 0
    for number, line in enumerate(lines):
        if number > 0 and line.strip().rstrip(":").casefold() in headings:
            article.text = article.text[:offset]
            article.notes.append(f"the text after the line '{line.strip()}' lists other stories and is not read")
            return
        offset += len(line)

