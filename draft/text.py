"""Tokens and phrase matching in any of the sources' languages.

Tokens are compared in a normalised form: case folded, accents folded except in Vietnamese
(where the marks are letters), Russian and Ukrainian words reduced to their dictionary form by
pymorphy3, so "Министерства здравоохранения Беларуси" meets "министерство здравоохранение
беларусь". A pattern token ending in '*' matches any token that starts with the rest.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

T = TypeVar("T")

# An apostrophe joins letters ("здоров'я", "d'accord") but not an English possessive 's.
_TOKEN = re.compile(r"[^\W_]+(?:['’ʼ](?!s\b)[^\W_]+)*|[;:,()«»“”\"]", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LEMMA_LANGUAGES = ("ru", "uk")


@dataclass(frozen=True)
class Token:
    text: str
    norm: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()


def fold(text: str, lang: str) -> str:
    text = unicodedata.normalize("NFC", text.casefold().replace("’", "'").replace("ʼ", "'"))
    if lang == "vi":
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    # й and ё keep their marks: without them they are other letters.
    kept = []
    for ch in decomposed:
        if unicodedata.combining(ch) and kept and kept[-1] in "иеіу" and ch in "\u0306\u0308":
            kept[-1] = unicodedata.normalize("NFC", kept[-1] + ch)
        elif not unicodedata.combining(ch):
            kept.append(ch)
    return "".join(kept)


@lru_cache(maxsize=2)
def _morph(lang: str):
    # Imported on first use: the API and the CLI import this module at start-up but seldom draft, and
    # the library is slow to import.
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    if lang in LEMMA_LANGUAGES and _CYRILLIC.search(word):
        # "здоровʼя" and "здоров’я" are "здоров'я": the analyser knows only the plain apostrophe
        word = word.replace("ʼ", "'").replace("’", "'")
        return fold(_morph(lang).parse(word)[0].normal_form, lang)
    return fold(word, lang)


def nominative(name: str, lang: str) -> str:
    """A name of a body as a name is written, in the nominative: "Министерством здравоохранения
    России" is "Министерство здравоохранения России", "Государственным комитетом ..." is
    "Государственный комитет ...". Only the words up to the first noun change; the words after
    it depend on it and keep their case."""
    if lang not in LEMMA_LANGUAGES:
        return name
    out, pos = [], 0
    for m in re.finditer(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*", name):
        if not _CYRILLIC.search(m.group()):
            break
        parsed = _morph(lang).parse(m.group().replace("’", "'").replace("ʼ", "'"))[0]
        pos_tag = parsed.tag.POS
        if pos_tag not in ("NOUN", "ADJF", "PRTF"):
            break
        form = parsed.inflect({"nomn"})
        word = form.word if form else m.group()
        if m.group()[0].isupper():
            word = word[0].upper() + word[1:]
        out.append(name[pos:m.start()] + word)
        pos = m.end()
        if pos_tag == "NOUN":
            break
    return "".join(out) + name[pos:]


_ELISION = re.compile(r"^(?:[ldjmnstc]|qu)['’]", re.I)


def tokens(text: str, lang: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        word, start = m.group(), m.start()
        if lang == "fr" and (elided := _ELISION.match(word)) and len(word) > elided.end():
            # "l'Algérie" is the article and the name
            cut = elided.end()
            out.append(Token(word[:cut], fold(word[:cut], lang), start, start + cut))
            word, start = word[cut:], start + cut
        out.append(Token(word, lemma(word, lang), start, start + len(word)))
    return out


def pattern(phrase: str, lang: str) -> tuple[str, ...]:
    """A lexicon phrase as normalised tokens (wildcards kept)."""
    out = []
    for m in _TOKEN.finditer(phrase):
        word = m.group()
        if lang == "fr" and (elided := _ELISION.match(word)) and len(word) > elided.end():
            # split as tokens() splits the text: "l'accord" is "l'" and "accord"
            out.append(fold(word[:elided.end()], lang))
            word = word[elided.end():]
        if phrase[m.end():m.end() + 1] == "*":
            out.append(fold(word, lang) + "*")
        else:
            out.append(lemma(word, lang))
    return tuple(out)


def surface_pattern(phrase: str, lang: str) -> tuple[str, ...]:
    """A lexicon phrase as folded tokens, not reduced to lemmas: for cues that tell one form of a
    word from another ("подписание", "подписать" from "подписали"), matched against `surface()`."""
    return tuple(fold(m.group(), lang) + ("*" if phrase[m.end():m.end() + 1] == "*" else "")
                 for m in _TOKEN.finditer(phrase))


def surface(toks: list[Token], lang: str) -> list[str]:
    """The tokens as written, folded: the norms `surface_pattern` phrases are matched against."""
    return [fold(t.text, lang) for t in toks]


def _token_matches(token: str, want: str) -> bool:
    if want.endswith("*"):
        return token.startswith(want[:-1])
    return token == want


@dataclass(frozen=True)
class Match(Generic[T]):
    value: T
    first: int  # token index
    last: int  # token index, inclusive
    start: int  # character offsets in the sentence
    end: int
    phrase: str


class PhraseTable(Generic[T]):
    """Longest-first matching of many phrases over a token list."""

    def __init__(self) -> None:
        self._exact: dict[str, list[tuple[tuple[str, ...], T, str]]] = {}
        # Phrases that begin with a wildcard, by the first letter of that token: a token is
        # tried only against those it can match.
        self._wild: dict[str, list[tuple[tuple[str, ...], T, str]]] = {}

    def add(self, phrase: str, lang: str, value: T) -> None:
        self.add_pattern(pattern(phrase, lang), value, phrase)

    def add_pattern(self, pat: tuple[str, ...], value: T, phrase: str) -> None:
        """A phrase already normalised into pattern tokens (a token ending in '*' is a stem)."""
        if not pat:
            return
        entry = (pat, value, phrase)
        if pat[0].endswith("*"):
            self._wild.setdefault(pat[0][:1], []).append(entry)
        else:
            self._exact.setdefault(pat[0], []).append(entry)

    def find(self, toks: list[Token], *, overlap: bool = False, norms: list[str] | None = None) -> list[Match[T]]:
        found: list[Match[T]] = []
        norms = norms if norms is not None else [t.norm for t in toks]
        size = len(norms)
        exact, wild = self._exact, self._wild
        # Only positions where some phrase can start are tried.
        starts = [i for i, n in enumerate(norms) if n in exact or n[:1] in wild]
        taken = -1
        for i in starts:
            if i <= taken:
                continue
            best = None
            stems = wild.get(norms[i][:1], ())
            for candidates in (exact.get(norms[i], ()), stems):
                for pat, value, phrase in candidates:
                    n = len(pat)
                    if i + n > size or (best is not None and n <= best[0]):
                        continue
                    if n == 1 and candidates is not stems:
                        best = (1, value, phrase)
                    elif all(_token_matches(norms[i + k], pat[k]) for k in range(n)):
                        best = (n, value, phrase)
            if best:
                n, value, phrase = best
                found.append(Match(value, i, i + n - 1, toks[i].start, toks[i + n - 1].end, phrase))
                if not overlap:
                    taken = i + n - 1
        return found


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»’)]*\s+(?=[\"“«(]?[A-ZÀ-ÝА-ЯЁІЇЄЎĐ0-9])")


def abbreviations(words: list[str] | tuple[str, ...]) -> re.Pattern:
    """What ends with a dot but not a sentence: an initial ("A."), or one of `words` ("Mr", "Mme",
    "H.E"; the lexicon's `abbreviations`), in any case."""
    listed = "|".join(re.escape(w.rstrip(".")) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(r"(?:\b[A-ZА-Я]\." + (rf"|\b(?i:{listed})\." if listed else "") + r")$")


_INITIALS = abbreviations(())


#: A text whose lines all stop at or before this width, most near it, was wrapped by hand (a
#: PDF's lines): its line breaks inside a paragraph are spaces.
WRAP_WIDTH = 120
_LINE_END = re.compile(r"[.!?…:;\"”»]\s*$")


def unwrap(text: str) -> str:
    """The text with the line breaks of a hand-wrapped paragraph read as spaces (same length, so
    offsets hold): a line that runs near the text's width and ends without a sentence's end goes on."""
    lines = text.split("\n")
    width = max((len(line.rstrip()) for line in lines), default=0)
    if not 40 <= width <= WRAP_WIDTH:
        return text
    long_open = [line for line in lines if len(line.rstrip()) >= 0.75 * width and not _LINE_END.search(line)]
    if len(long_open) < 3:
        return text
    out = []
    for line in lines[:-1]:
        joins = len(line.rstrip()) >= 0.75 * width and not _LINE_END.search(line)
        out.append(line + (" " if joins else "\n"))
    out.append(lines[-1])
    return "".join(out)


def sentences(text: str, abbreviated: re.Pattern = _INITIALS) -> list[tuple[str, int]]:
    """Sentences with their offsets: split at line breaks (but those of a hand-wrapped paragraph)
    and at sentence-final punctuation, but after an abbreviation (`abbreviations()`)."""
    text = unwrap(text)
    out = []
    for line in re.finditer(r"[^\n]+", text):
        chunk, base = line.group(), line.start()
        pos = 0
        for m in _SENTENCE_END.finditer(chunk):
            if abbreviated.search(chunk[:m.start()]):
                continue
            piece = chunk[pos:m.start()].strip()
            if piece:
                out.append((piece, base + pos + (len(chunk[pos:m.start()]) - len(chunk[pos:m.start()].lstrip()))))
            pos = m.end()
        piece = chunk[pos:].strip()
        if piece:
            out.append((piece, base + pos + (len(chunk[pos:]) - len(chunk[pos:].lstrip()))))
    return out
