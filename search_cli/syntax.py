"""The small query language of `vnnews search`, parsed into a tiny AST.

    thi đua ái quốc          words: most of them must appear (with or without diacritics)
    "kiểm toán nhà nước"     a phrase: these words, in this order
    -covid  -"hội nghị"      exclusion of a word or a phrase
    "hà nội" OR "đà nẵng"    at least one of them: OR joins the word or phrase on each side
                             (a chain a OR b OR c is one group)

Everything else is text: there is no field syntax, no grouping and no regular expressions, so user
input never reaches Elasticsearch's query parser. Wildcards `*` and `?` outside a phrase are rejected
with a message rather than silently dropped, because a user who types `kiem*` expects a prefix search
that this language does not offer; inside quotes they are ordinary punctuation.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.errors import BadQuery

QUOTES = '"“”'
OR = "OR"


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    any_of: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    def positive_text(self) -> str:
        """Every word the user wants to find, in one string (for ranking boosts)."""
        alternatives = [term.text for group in self.any_of for term in group]
        return " ".join([*self.words, *self.phrases, *alternatives])


@dataclass(frozen=True)
class _Token:
    term: Term | None  # None for the OR operator
    negated: bool = False


def _read_phrase(text: str, start: int) -> tuple[str, int]:
    """The phrase opening at text[start] (a quote) and the index after its closing quote."""
    end = next((i for i in range(start + 1, len(text)) if text[i] in QUOTES), -1)
    if end < 0:
        raise BadQuery(f"unbalanced quote: the phrase starting {text[start:start + 20]!r} is never closed")
    phrase = " ".join(text[start + 1 : end].split())
    if not phrase:
        raise BadQuery('empty phrase "": put words between the quotes')
    return phrase, end + 1


def _read_word(text: str, start: int) -> tuple[str, int]:
    end = start
    while end < len(text) and not text[end].isspace() and text[end] not in QUOTES:
        end += 1
    word = text[start:end]
    if wildcard := next((char for char in word if char in "*?"), None):
        raise BadQuery(
            f"wildcards are not supported: remove {wildcard!r} from {word!r} "
            "(words already match with or without diacritics)"
        )
    return word, end


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-"
        if negated:
            i += 1
            if i == len(text) or text[i].isspace():
                raise BadQuery("a lone '-': write -word or -\"a phrase\" with no space after the '-'")
        if text[i] in QUOTES:
            phrase, i = _read_phrase(text, i)
            tokens.append(_Token(Term(phrase, phrase=True), negated))
            continue
        word, i = _read_word(text, i)
        if word == OR and not negated:
            tokens.append(_Token(None))
        else:
            tokens.append(_Token(Term(word), negated))
    return tokens


def _or_groups(tokens: list[_Token]) -> list[list[_Token]]:
    """Join the operands of each OR chain into one group; every other token is its own group."""
    groups: list[list[_Token]] = []
    joining = False
    for position, token in enumerate(tokens):
        if token.term is None:
            if position == 0 or position == len(tokens) - 1 or joining:
                raise BadQuery("OR needs a word or phrase on both sides")
            if groups[-1][-1].negated:
                raise BadQuery("OR cannot join an exclusion: use -word on its own")
            joining = True
            continue
        if joining:
            if token.negated:
                raise BadQuery("OR cannot join an exclusion: use -word on its own")
            groups[-1].append(token)
        else:
            groups.append([token])
        joining = False
    return groups


def parse_query(text: str) -> ParsedQuery:
    """Parse normalised query text; BadQuery (exit 4) with a one-line reason when it is malformed."""
    if not text.strip():
        raise BadQuery("empty query: give at least one word")
    words: list[str] = []
    phrases: list[str] = []
    any_of: list[tuple[Term, ...]] = []
    excluded: list[Term] = []
    for group in _or_groups(_tokens(text)):
        if len(group) > 1:
            any_of.append(tuple(token.term for token in group))
        elif group[0].negated:
            excluded.append(group[0].term)
        elif group[0].term.phrase:
            phrases.append(group[0].term.text)
        else:
            words.append(group[0].term.text)
    parsed = ParsedQuery(tuple(words), tuple(phrases), tuple(any_of), tuple(excluded))
    if not any(char.isalnum() for char in parsed.positive_text()):
        raise BadQuery("the query has no word to search for (exclusions alone do not make a query)")
    return parsed
