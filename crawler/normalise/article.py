"""Normalisation of every text field of an Article (see docs/architecture.md), shared by the crawl
pipeline and `vnnews extract`."""

import hashlib
from typing import Any

from crawler.normalise.legacy import repair_legacy_text
from index.vietnamese import clean_text

_SCALAR_TEXT_FIELDS = ("title", "lead", "author")
# Labels are a set in all but name; body paragraphs may repeat ("***", "(Còn nữa)", table rows).
_LABEL_FIELDS = ("category", "tags")
_IMAGE_TEXT_FIELDS = ("caption", "credit")


def normalise_article(fields: dict[str, Any]) -> dict[str, Any]:
    """A copy of the article fields with legacy encodings repaired and text cleaned. A text field left
    empty becomes None; list fields lose empty entries, category and tags their repeats too (first
    occurrence kept). Fields that are absent stay absent; other fields are copied as they are."""
    article = dict(fields)
    for name in _SCALAR_TEXT_FIELDS:
        if name in article:
            article[name] = _clean_or_none(article[name])
    if "body" in article:
        article["body"] = _clean_list(article["body"])
    for name in _LABEL_FIELDS:
        if name in article:
            article[name] = list(dict.fromkeys(_clean_list(article[name])))
    if "images" in article:
        article["images"] = [_clean_image(image) for image in article["images"] or []]
    return article


def _clean(text: str) -> str:
    return clean_text(repair_legacy_text(text))


def _clean_or_none(text: str | None) -> str | None:
    return (_clean(text) or None) if text is not None else None


def _clean_list(texts: list[str] | None) -> list[str]:
    cleaned = (_clean(text) for text in texts or [] if text is not None)
    return [text for text in cleaned if text]


def _clean_image(image: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(image)
    for name in _IMAGE_TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = _clean_or_none(cleaned[name])
    return cleaned


def content_hash(article: dict[str, Any]) -> str:
    """sha256 of the normalised title, lead and body paragraphs, one per line."""
    parts = [article.get("title") or "", article.get("lead") or "", *article.get("body", [])]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
