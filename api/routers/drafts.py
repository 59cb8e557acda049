"""Drafts: a news report's text in, a draft record out, for a curator to review.

The route writes nothing to the graph. It reads the graph only to refer to organizations,
people and instruments the graph already holds by their ids; that index is read once per graph
version and kept, so drafting does not re-read the graph until a load commits. When Neo4j is
unreachable the draft is still made, unlinked, and the answer says so.
"""

from __future__ import annotations

import threading
from typing import Annotated, Literal

import neo4j
import neo4j.exceptions
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from api.deps import DriverDep, SettingsDep
from api.errors import ERROR_RESPONSES, ApiError
from api.negotiation import negotiate
from api.research import RESEARCH_ERRORS
from draft.check import check_draft
from draft.lexicon import LANGUAGES
from draft.linking import GraphIndex, GraphLinker, read_index
from draft.pipeline import DraftResult, make_draft
from draft.source import MAX_BYTES, DraftInputError, read_text
from graph.errors import GraphUnavailable
from graph.provenance import read_graph_version
from hdkg.settings import Settings

router = APIRouter(prefix="/drafts", tags=["drafts"])

#: Formats of the answer: the JSON below, or the draft record file itself.
FORMATS = {"json": ("application/json",), "yaml": ("application/yaml", "application/x-yaml", "text/yaml")}
_UNREACHABLE = (GraphUnavailable, neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired)


class DraftRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The report: plain text or an HTML page.", min_length=1, max_length=MAX_BYTES)
    format: Literal["auto", "text", "html"] = Field(
        "auto", description="How to read `text`: auto (HTML when it looks like HTML), text or html.")
    language: Literal["auto", *LANGUAGES] = Field(  # type: ignore[valid-type]
        "auto", description="The report's language; auto detects it.")
    published: str | None = Field(
        None, description="Publication date (YYYY, YYYY-MM or YYYY-MM-DD) when the text does not give it; "
                          "relative dates (\"on Tuesday\") are resolved against it.", examples=["2024-10-08"])
    url: str | None = Field(None, description="Where the report was published; recorded in the source, never fetched.",
                            pattern=r"^https?://\S+$")
    title: str | None = Field(None, description="The report's title, when the text does not start with it.")
    publisher: str | None = Field(None, description="Who published the report.")
    link: bool = Field(True, description="Refer to organizations, people and instruments the graph already holds "
                                         "by their ids.")


class ReviewItem(BaseModel):
    where: str = Field(description="The drafted field, e.g. instruments[0].status.")
    reason: str


class ExplainItem(BaseModel):
    fact: str
    rule: str = Field(description="The rule or match that produced the fact.")


class DraftProblem(BaseModel):
    record: str
    field: str
    message: str
    line: int | None = None


class DraftValidation(BaseModel):
    validates: bool = Field(description="Whether the draft passes `hdkg validate` once the curator has settled "
                                        "what is left to them.")
    left_for_curator: list[DraftProblem] = Field(description="Problems the draft leaves on purpose (English "
                                                             "renderings of quotes, statuses it could not find).")
    other: list[DraftProblem] = Field(description="Any other problem: a fault of the draft.")


class DraftAnswer(BaseModel):
    source_id: str
    record: dict = Field(description="The draft in the record format (see /ontology/records.schema.json).")
    yaml: str = Field(description="The same draft as a record file, with review comments.")
    review: list[ReviewItem]
    explain: list[ExplainItem]
    validation: DraftValidation
    linked: bool = Field(description="Whether the draft was linked to what the graph holds.")
    notes: list[str] = Field(description="How the report was read, and why it was not linked if it was not.")


class _IndexByVersion:
    """The graph's index for linking, read again only when the graph version changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: str | None = None
        self._index: GraphIndex | None = None

    def get(self, driver: neo4j.Driver, settings: Settings) -> GraphIndex:
        version = read_graph_version(driver, settings.neo4j_database)
        with self._lock:
            if version == self._version and self._index is not None:
                return self._index
        index = read_index(driver, settings.neo4j_database)
        # Kept only if no load committed while it was read.
        if read_graph_version(driver, settings.neo4j_database) == version:
            with self._lock:
                self._version, self._index = version, index
        return index


def _indexes(request: Request) -> _IndexByVersion:
    state = request.app.state
    if getattr(state, "draft_index", None) is None:
        state.draft_index = _IndexByVersion()
    return state.draft_index


def _problems(problems) -> list[DraftProblem]:
    return [DraftProblem(record=p.record, field=p.field, message=p.message, line=p.line) for p in problems]


def _answer(result: DraftResult, linked: bool, notes: list[str]) -> DraftAnswer:
    left, other = check_draft(result.record, result.source_id)
    as_dict = result.as_dict()
    return DraftAnswer(source_id=result.source_id, record=result.record, yaml=result.yaml(),
                       review=as_dict["review"], explain=as_dict["explain"],
                       validation=DraftValidation(validates=not other, left_for_curator=_problems(left),
                                                  other=_problems(other)),
                       linked=linked, notes=notes)


@router.post("", response_model=DraftAnswer, responses={
    400: {"model": RESEARCH_ERRORS[400]["model"], "description": "An unknown `format` (unknown_format)."},
    406: RESEARCH_ERRORS[406],
    422: {"model": ERROR_RESPONSES[422]["model"], "description": "A body that is not a report request, or a "
          "report that cannot be read (unreadable_report); the message names the field."},
    200: {"content": {"application/yaml": {"schema": {"type": "string"}}},
          "description": "The draft (JSON), or the draft record file itself when `Accept: application/yaml`."}},
    summary="Draft a record from a news report (writes nothing to the graph)")
def post_draft(
    body: DraftRequest,
    request: Request,
    driver: DriverDep,
    settings: SettingsDep,
    format: Annotated[str | None, Query(description="json or yaml; overrides the Accept header.")] = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> DraftAnswer | PlainTextResponse:
    """Every drafted fact carries the sentence it came from; uncertain facts are marked for review with the
    reason. The draft is checked as `hdkg validate` checks a record file, and the answer separates what is left
    to the curator on purpose from any other problem."""
    answer_format = negotiate(format, accept, FORMATS, "json")
    html = {"auto": None, "text": False, "html": True}[body.format]
    try:
        article = read_text(body.text, "the posted report", html=html, url=body.url)
    except DraftInputError as error:
        raise ApiError(422, "unreadable_report", str(error), {"field": "text"}) from None
    article.title = body.title or article.title
    article.publisher = body.publisher or article.publisher
    notes = list(article.notes)
    linker, linked = None, False
    if body.link:
        try:
            linker, linked = GraphLinker(_indexes(request).get(driver, settings)), True
        except _UNREACHABLE as error:
            notes.append(f"not linked to the graph: {error}")
    try:
        result = make_draft("the posted report", lang=body.language, published=body.published, linker=linker,
                            article=article)
    except DraftInputError as error:
        raise ApiError(422, "invalid_draft_request", str(error), {"field": "published"}) from None
    answer = _answer(result, linked, notes)
    if answer_format == "yaml":
        return PlainTextResponse(answer.yaml, media_type="application/yaml; charset=utf-8")
    return answer
