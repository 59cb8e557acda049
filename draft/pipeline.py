"""One report in, one draft record out: read, extract, link, emit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slugify import slugify
from anyascii import anyascii

from draft.emit import emit, to_yaml
from draft.extract import extract
from draft.lexicon import LANGUAGES
from draft.model import Review
from draft.source import Article, DraftInputError, read_input
from loaders.records import check_partial_date


@dataclass
class DraftResult:
    name: str
    record: dict[str, Any]
    review: list[Review]
    explain: list[tuple[str, str]]

    @property
    def source_id(self) -> str:
        return self.record["source"]["id"]

    def yaml(self) -> str:
        return to_yaml(self.record, self.review)

    def as_dict(self) -> dict[str, Any]:
        return {"input": self.name, "record": self.record,
                "review": [{"where": r.where, "reason": r.reason} for r in self.review],
                "explain": [{"fact": fact, "rule": rule} for fact, rule in self.explain]}


def _source_id(article: Article, published: str | None) -> str:
    who = slugify(anyascii(article.publisher or ""), max_length=30) or "report"
    when = published if published and not published.startswith("--") else "undated"
    what = slugify(anyascii(article.title or Path(article.name).stem), max_length=60, word_boundary=True)
    return slugify(f"{who}-{when}-{what}", max_length=110, word_boundary=True) or "draft"


def make_draft(spec: str, *, lang: str = "auto", published: str | None = None, linker=None,
               article: Article | None = None) -> DraftResult:
    article = article or read_input(spec)
    if lang != "auto":
        if lang not in LANGUAGES:
            raise DraftInputError(f"--lang {lang}: not a language the draft knows; use auto or one of {', '.join(LANGUAGES)}")
        article.language, article.language_rule = lang, "given with --lang"
    if published:
        try:
            check_partial_date(published)
        except ValueError as error:
            raise DraftInputError(f"--published: {error}") from None
    draft = extract(article, published)
    when = published or article.published
    draft.source_id = _source_id(article, when)
    # The report's file name pairs a draft with its curated record; a URL or a posted text has none.
    draft.document = Path(spec).stem if Path(spec).is_file() else None
    if linker is not None:
        linker.link(draft)
    record, review, explain = emit(draft)
    return DraftResult(spec, record, review, explain)
