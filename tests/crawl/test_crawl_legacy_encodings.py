"""Pages in pre-Unicode encodings crawled end to end: a declared Windows-1258 page (combining tones),
and TCVN3 (.VnTime) and VNI-Windows text sent as single-byte Latin pages. Each must yield the same
title, lead and body as the UTF-8 original."""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

import bkto_sitegen as sitegen
import pytest
from crawl_runner import Crawl
from viparse.normalize.tcvn3 import TCVN3
from viparse.normalize.vni import VNI

from crawler.extract import extract_article
from crawler.normalise.article import normalise_article
from crawler.replay.archive import write_archive

TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese keyboards type it: a precomposed base letter plus a combining tone."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
            out += (base + "".join(c for c in decomposed if c in TONES)).encode("cp1258")
    return bytes(out)


def to_legacy_font(text: str, pairs: tuple[tuple[str, str], ...]) -> bytes:
    """Text typed in a legacy font, as the Latin-1 bytes a browser of the time received. Capitals the
    font lacks are written lowercase, as its heading variant (.VnTimeH) drew them."""
    table = {unicode: legacy for legacy, unicode in sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)}
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            out.append(char)
        else:
            legacy = table.get(char) or table[char.lower()]
            out.append(legacy)
    return "".join(out).encode("cp1252")


def html_of(charset: str, page: str) -> str:
    return page.replace('<meta charset="utf-8">', f'<meta charset="{charset}">')


ENCODINGS = {
    "windows-1258": lambda page: to_cp1258(html_of("windows-1258", page)),
    "tcvn3": lambda page: to_legacy_font(html_of("iso-8859-1", page), TCVN3.pairs),
    "vni": lambda page: to_legacy_font(html_of("windows-1252", page), VNI.pairs),
}
DECLARED = {"windows-1258": "windows-1258", "tcvn3": "iso-8859-1", "vni": "windows-1252"}


@pytest.fixture(scope="module")
def legacy_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, sitegen.SiteArticle]]:
    """Three old-template articles, one per legacy encoding, in an otherwise ordinary UTF-8 site."""
    articles = dict(zip(ENCODINGS, (sitegen.generated_article(n) for n in (0, 3, 6)), strict=True))
    by_url = {article.url: name for name, article in articles.items()}
    exchanges = []
    for exchange in sitegen.site_exchanges(list(articles.values())):
        if name := by_url.get(exchange.url):
            headers = (("Content-Type", f"text/html; charset={DECLARED[name]}"),)
            exchange = dataclasses.replace(exchange, headers=headers,
                                           body=ENCODINGS[name](articles[name].html))
        exchanges.append(exchange)
    path = tmp_path_factory.mktemp("warc") / "legacy.warc.gz"
    write_archive(path, exchanges)
    return path, articles


def text_fields(article: dict) -> dict:
    return {name: article[name] for name in ("title", "lead", "body")}


def test_legacy_encodings_become_the_same_unicode_text(crawl: Crawl, legacy_site) -> None:
    path, articles = legacy_site
    result = crawl("--replay", str(path), "--no-index")
    assert result.returncode == 0, result.stderr[-2000:]
    items = {item["url"]: item for item in result.items}
    for name, article in articles.items():
        expected = normalise_article(dataclasses.asdict(extract_article(article.html, article.url)))
        crawled = items[article.url]
        assert all(unicodedata.is_normalized("NFC", text) for text in [crawled["title"], *crawled["body"]])
        if name == "windows-1258":
            assert text_fields(crawled) == text_fields(expected), name
        else:  # the legacy fonts had no toned capitals: compare regardless of case
            assert str(text_fields(crawled)).casefold() == str(text_fields(expected)).casefold(), name


def test_encoders_really_produce_legacy_bytes() -> None:
    page = "Kiểm toán ngân sách tỉnh Hòa Bình"
    assert to_cp1258(page).decode("cp1258") != page  # combining tones, not precomposed letters
    assert unicodedata.normalize("NFC", to_cp1258(page).decode("cp1258")) == page
    assert to_legacy_font("Cộng hoà xã hội chủ nghĩa Việt Nam", TCVN3.pairs).decode("cp1252") == (
        "Céng hoµ x· héi chñ nghÜa ViÖt Nam")
    assert to_legacy_font("Cộng hòa xã hội chủ nghĩa Việt Nam", VNI.pairs).decode("cp1252") == (
        "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")
