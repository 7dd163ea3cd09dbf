"""Hostile article pages, generated: what a broken or malicious site could send `extract_article`.

`hostile_pages()` yields each case once, deterministically (seeded), for the reliability tests and for
any benchmark or fuzz run. A page is bytes as fetched, with its URL and HTTP charset, and what must hold:
- KEEPS_TEXT: extracted, and `SENTINEL` (Vietnamese) is in the normalised body, exactly;
- SURVIVES: extracted or dropped over budget, in bounded time, never an exception;
- TOO_LARGE: dropped as `too_large` before any parsing;
- REFUSED: UnknownSite (the URL itself cannot be parsed).
"""

from __future__ import annotations

import gzip
import json
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

URL = "https://baokiemtoan.vn/kiem-toan-ngan-sach-tinh-son-la-24550.html"
SENTINEL = "Kiểm toán Nhà nước công bố kết quả kiểm toán ngân sách tỉnh Sơn La, quyết định ưu tiên đầu tư."
KEEPS_TEXT, SURVIVES, TOO_LARGE, REFUSED = "keeps_text", "survives", "too_large", "refused"
MB = 1024 * 1024


@dataclass(frozen=True)
class HostilePage:
    name: str
    body: bytes
    expect: str = KEEPS_TEXT
    url: str = URL
    declared: str | None = None


def article_html(
    head: str = "",
    before: str = "",
    after: str = "",
    title: str = "Kiểm toán ngân sách",
    lead: str = "(BKTO) - Kiểm toán nhà nước khu vực VII.",
    time: str = "27/04/2023 14:35",
) -> str:
    """A page of the old BKTO template with `SENTINEL` as a body paragraph, hostile parts spliced in."""
    return (
        f"<html><head><meta charset='utf-8'>{head}</head><body>"
        f"<h1 class='c-detail-head__title'>{title}</h1><span class='c-detail-head__time'>{time}</span>"
        f"<p class='desc'>{lead}</p><div class='content-main-normal'>{before}<p>{SENTINEL}</p>{after}"
        "<p>Đoạn cuối của bài.</p></div></body></html>"
    )


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese keyboards write it: base letter (with hat) + combining tone."""
    letters = []
    for letter in text:
        decomposed = unicodedata.normalize("NFD", letter)
        tone = "".join(char for char in decomposed if char in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(char for char in decomposed if char not in tone))
        letters.append(base + tone)
    return "".join(letters).encode("cp1258")


def hostile_pages() -> Iterator[HostilePage]:
    yield from _nesting()
    yield from _charset_labels()
    yield from _json_ld()
    yield from _urls()
    yield from _backtracking()
    yield from _floods()
    yield from _sizes()
    yield from _encodings()
    yield from _garbage()


def _utf8(name: str, html: str, expect: str = KEEPS_TEXT, **kwargs: str | None) -> HostilePage:
    return HostilePage(name, html.encode("utf-8", "surrogatepass"), expect, **kwargs)


def _nesting() -> Iterator[HostilePage]:
    for depth in (1000, 2000, 5000, 100_000):
        # libxml2 stops parsing past 2,048 levels: the rest of such a page is lost, in bounded time.
        expect = KEEPS_TEXT if depth < 2048 else SURVIVES
        for tag in ("div", "span", "blockquote", "section", "b", "em"):
            nested = f"<{tag}>" * depth + "chữ sâu" + f"</{tag}>" * depth
            yield _utf8(f"nested-{tag}-{depth}", article_html(before=nested), expect)
        nested_list = "<ul><li>" * depth + "mục" + "</li></ul>" * depth
        yield _utf8(f"nested-list-{depth}", article_html(before=nested_list), expect if depth < 1024 else SURVIVES)
        yield _utf8(f"nested-table-{depth}", article_html(before="<table><tr><td>" * depth + "ô"), SURVIVES)
        yield _utf8(f"nested-figure-{depth}", article_html(before="<figure>" * depth + "<img src='/a.jpg'>"), SURVIVES)


HOSTILE_LABELS = (
    "rot13", "rot_13", "base64", "base64_codec", "zlib", "zlib_codec", "hex", "hex_codec", "bz2", "uu",
    "quopri", "undefined", "idna", "punycode", "unicode_escape", "raw_unicode_escape", "utf-7", "utf-32",
    "mbcs", "x-user-defined", "utf-16", "utf-16le", "no-such-charset", "utf\x00-8", "a" * 300, "'utf-8'",
)  # fmt: skip


def _charset_labels() -> Iterator[HostilePage]:
    for label in HOSTILE_LABELS:
        short = label[:20].replace("\x00", "NUL")
        yield _utf8(f"label-http-{short}", article_html(), declared=label)
        meta = label.replace("\x00", "")
        yield _utf8(
            f"label-meta-{short}",
            article_html(head=f"<meta charset='{meta}'>").replace("<meta charset='utf-8'>", "", 1),
        )
        yield _utf8(
            f"label-http-equiv-{short}",
            article_html(head=f"<meta http-equiv='Content-Type' content='text/html; charset={meta}'>").replace(
                "<meta charset='utf-8'>", "", 1
            ),
        )


JSON_LD_BLOCKS = (
    '{"@type": 5, "headline": "x"}',
    '{"@type": [5, null, {}, "NewsArticle"], "author": 7, "keywords": 3}',
    '{"@type": null}',
    '{"@type": "NewsArticle", "author": [{"@type": "Person", "name": {"a": 1}}, 5, null]}',
    '{"@type": "NewsArticle", "author": {"@type": ["Person"], "name": "Minh"}}',
    '{"@type": "NewsArticle", "keywords": {"a": 1}, "datePublished": 20230427}',
    '{"@type": "NewsArticle", "datePublished": "9999999-99-99T99:99", "dateModified": ["x"]}',
    '{"@type": "NewsArticle", "headline": ["a"], "description": {"x": 1}}',
    '{"@type": "BreadcrumbList", "itemListElement": [{"position": "abc", "name": "A"}, {"position": "2"}]}',
    '{"@type": "BreadcrumbList", "itemListElement": [{"position": null, "name": 5}, {"position": [], "name": "C"}]}',
    '{"@type": "BreadcrumbList", "itemListElement": [{"position": "1e999", "name": "D"}, {"position": NaN}]}',
    '{"@type": "BreadcrumbList", "itemListElement": [{"position": true, "name": "E"}, {"position": {}}]}',
    '{"@type": "BreadcrumbList", "itemListElement": "not a list"}',
    '{"@type": "BreadcrumbList", "itemListElement": 5}',
    '{"@type": "BreadcrumbList", "itemListElement": [{"item": {"name": 5}}, {"item": "x"}]}',
    '{"@graph": "string"}',
    '{"@graph": 5}',
    '{"@graph": {"@type": "NewsArticle"}}',
    '[[[[[[[[[[{"@type": "NewsArticle", "headline": "sâu"}]]]]]]]]]]',
    "[" * 1000 + "]" * 1000,
    "[" * 200_000,
    '{"a":' * 5000 + "1" + "}" * 5000,
    '{"@type": "NewsArticle", "position": ' + "9" * 5000 + ', "headline": "số"}',
    '{"@type": "BreadcrumbList", "itemListElement": [{"position": ' + "9" * 5000 + ', "name": "F"}]}',
    '{"@type": "NewsArticle", "headline": "\\ud800\\udfff\\ud800"}',
    '{"@type": "NewsArticle", "headline": Infinity, "description": -Infinity}',
    "<![CDATA[" + " " * 100_000 + "]]>",
    "//<![CDATA[\n" + "]]>" * 50_000 + " " * 50_000,
    '{"@type": "NewsArticle"' + ', "a": 1' * 100_000 + "}",
    '{"broken": ',
    "",
    '"just a string"',
    "null",
)


def _json_ld() -> Iterator[HostilePage]:
    for number, block in enumerate(JSON_LD_BLOCKS):
        script = f"<script type='application/ld+json'>{block}</script>"
        yield _utf8(f"json-ld-{number}", article_html(head=script))
    many = "".join(f"<script type='application/ld+json'>{{\"@type\": {n}}}</script>" for n in range(10_000))
    yield _utf8("json-ld-10000-blocks", article_html(head=many))


BAD_URLS = (
    "http://[::1", "http://[zz]/a", "https://[::1]]/x", "http://[::1]:abc/", "http://a:99999999/", "//[",
    "javascript:alert(1)", "data:text/html,<p>x</p>", "   ", "http://", "http:///x", "http://\x00/",
    "http://" + "a" * 100_000, "https://baokiemtoan.vn/%ZZ%", "http://user@[::1/", "ftp://baokiemtoan.vn/a",
    "http://例え.テスト/ảnh", "\\\\server\\share",
)  # fmt: skip


def _urls() -> Iterator[HostilePage]:
    for number, bad in enumerate(BAD_URLS):
        quoted = bad.replace("'", "%27")
        yield _utf8(f"url-canonical-{number}", article_html(head=f"<link rel='canonical' href='{quoted}'>"))
        yield _utf8(f"url-og-{number}", article_html(head=f"<meta property='og:url' content='{quoted}'>"))
        yield _utf8(f"url-img-src-{number}", article_html(after=f"<p><img src='{quoted}'></p><p><em>Ảnh: A</em></p>"))
        yield _utf8(
            f"url-img-data-src-{number}",
            article_html(after=f"<figure><img data-src='{quoted}'><figcaption>Chú thích. Ảnh: B</figcaption></figure>"),
        )
    for number, bad in enumerate(BAD_URLS[:6]):
        yield _utf8(f"url-page-{number}", article_html(), REFUSED, url=bad)


BACKTRACKING_TEXTS = (
    "(" * 20_000, "[" * 200_000, ")" * 100_000, "]" * 100_000, "(Ảnh: " * 20_000, "Ảnh:" * 50_000,
    "Nguồn: (" * 10_000, "Ảnh" + " " * 100_000 + "x", " ( " * 30_000 + "Ảnh: X", "-icon" * 50_000,
    "1/" * 50_000, "(gmt+" * 20_000, "ngay 1 thang " * 10_000, "14:35 " * 20_000, "(BKTO" * 20_000,
)  # fmt: skip


def _backtracking() -> Iterator[HostilePage]:
    for number, text in enumerate(BACKTRACKING_TEXTS):
        yield _utf8(
            f"regex-figcaption-{number}",
            article_html(after=f"<figure><img src='/a.jpg'><figcaption>{text}</figcaption></figure>"),
        )
        yield _utf8(
            f"regex-image-table-{number}",
            article_html(
                after=f"<table><tr><td><img src='/b.jpg'></td></tr><tr><td class='image_desc'>{text}</td></tr></table>"
            ),
        )
        yield _utf8(
            f"regex-italic-caption-{number}", article_html(after=f"<p><img src='/c.jpg'></p><p><em>{text}</em></p>")
        )
        yield _utf8(f"regex-lead-{number}", article_html(lead=text))
        yield _utf8(f"regex-time-{number}", article_html(time=text))
        yield _utf8(f"regex-img-url-{number}", article_html(after=f"<p><img src='/{text[:60_000]}/x.jpg'></p>"))


def _floods() -> Iterator[HostilePage]:
    """Floods of 20,000 to 1,000,000 things: extracted within the budget on an idle machine, but a loaded
    one may drop them as `too_slow`, which is the budget working."""
    marks = "a" + "\u0301\u0323" * 50_000
    yield _utf8("comments-100k-body", article_html(after="x<!-- c -->" * 100_000), SURVIVES)
    yield _utf8("comments-100k-head", article_html(head="<!-- c -->" * 100_000), SURVIVES)
    yield _utf8("comment-unclosed", article_html(after="<!-- never closed"), SURVIVES)
    yield _utf8("combining-100k-title", article_html(title=marks))
    yield _utf8("combining-100k-body", article_html(after=f"<p>{marks}</p>"))
    yield _utf8(
        "combining-100k-caption",
        article_html(after=f"<figure><img src='/a.jpg'><figcaption>{marks}</figcaption></figure>"),
    )
    yield _utf8("combining-100k-same", article_html(after="<p>a" + "\u0301" * 100_000 + "</p>"))
    yield _utf8("combining-100k-hebrew", article_html(after="<p>a" + "\u05b0\u0591" * 50_000 + "</p>"))
    yield _utf8(
        "combining-zalgo-words", article_html(after="<p>" + ("chữ" + "\u0300\u0316\u0301" * 20 + " ") * 5_000 + "</p>")
    )
    for count in (200_000, 50_000):
        attributes = " ".join(f"a{n}=x" for n in range(count))
        yield _utf8(f"attributes-{count}-div", article_html(after=f"<div {attributes}>x</div>"))
        yield _utf8(f"attributes-{count}-img", article_html(after=f"<p><img src='/a.jpg' {attributes}></p>"))
        yield _utf8(f"attributes-{count}-body", article_html().replace("<body>", f"<body {attributes}>"))
    yield _utf8(
        "attributes-quoted-gt", article_html(after="<div " + " ".join(f'a{n}=">"' for n in range(100_000)) + ">x</div>")
    )
    yield _utf8(
        "attributes-slash", article_html(after="<div " + "/".join(f"a{n}" for n in range(100_000)) + ">x</div>")
    )
    yield _utf8("attributes-duplicate", article_html(after="<div " + "a=x " * 200_000 + ">x</div>"))
    yield _utf8(
        "attributes-no-values", article_html(after="<div " + " ".join(f"a{n}" for n in range(100_000)) + ">x</div>")
    )
    yield _utf8("br-100k", article_html(after="<p>" + "x<br>" * 100_000 + "</p>"), SURVIVES)
    yield _utf8("empty-p-100k", article_html(after="<p></p>" * 100_000), SURVIVES)
    yield _utf8("images-20k", article_html(after="<p><img src='/a.jpg'>x</p>" * 20_000), SURVIVES)
    yield _utf8(
        "figures-20k",
        article_html(after="<figure><img src='/a.jpg'><figcaption>Ảnh: A</figcaption></figure>y" * 20_000),
        SURVIVES,
    )
    yield _utf8("scripts-100k", article_html(after="<script>1</script>x" * 100_000), SURVIVES)
    yield _utf8(
        "related-headings-20k",
        article_html(after="<div><h3>Tin liên quan</h3><a href='/a'>a</a></div>" * 20_000),
        SURVIVES,
    )
    yield _utf8(
        "related-wrapper-20k", article_html(after="<div>" + "<h3>Tin liên quan</h3>chữ" * 20_000 + "</div>"), SURVIVES
    )
    yield _utf8("links-100k", article_html(after="<p>" + "<a href='/x'>x</a>" * 100_000 + "</p>"), SURVIVES)
    yield _utf8("meta-100k", article_html(head="<meta name='description' content='x'>" * 100_000), SURVIVES)
    yield _utf8("entities-1m", article_html(after="<p>" + "&amp;" * 1_000_000 + "</p>"), SURVIVES)
    yield _utf8("entities-bad", article_html(after="<p>&#99999999999; &#xD800; &#0; &#x110000; &bogus;</p>"))
    yield _utf8("unclosed-b-100k", article_html(after="<b>" * 100_000), SURVIVES)
    yield _utf8("paragraphs-100k", article_html(after="<p>Đoạn văn.</p>" * 100_000), SURVIVES)
    yield _utf8(
        "table-300x100",
        article_html(after="<table>" + ("<tr>" + "<td>ô</td>" * 100 + "</tr>") * 300 + "</table>"),
        SURVIVES,
    )
    yield _utf8("title-1m", article_html(title="Tiêu đề " * 125_000), SURVIVES)
    yield _utf8("canonical-100k", article_html(head="<link rel='canonical' href='/a-1.html'>" * 100_000), SURVIVES)


def _sizes() -> Iterator[HostilePage]:
    yield HostilePage("size-50mb", article_html(after="<p>" + "x" * (50 * MB) + "</p>").encode(), TOO_LARGE)
    yield HostilePage("size-10mb-plus-1", article_html().encode().ljust(10 * MB + 1, b" "), TOO_LARGE)
    yield _utf8("size-8mb-one-paragraph", article_html(after="<p>" + "chữ " * (MB // 2) + "</p>"), SURVIVES)
    yield _utf8("size-5mb-spaces", article_html(after=" " * (5 * MB)))


def _encodings() -> Iterator[HostilePage]:
    page = article_html().replace("<meta charset='utf-8'>", "")
    windows_1258 = cp1258(page)
    yield HostilePage("cp1258-declared-utf8-http", windows_1258, declared="utf-8")
    yield HostilePage("cp1258-declared-utf8-meta", cp1258(article_html()))
    yield HostilePage("cp1258-undeclared", windows_1258)
    yield HostilePage("cp1258-meta-after-4kb", cp1258(article_html(head=" " * 5000 + "<meta charset='windows-1258'>")))
    yield HostilePage("cp1258-declared-windows-1252-http", windows_1258, declared="windows-1252")
    yield HostilePage("cp1258-declared-windows-1252-meta", cp1258(article_html(head="<meta charset='windows-1252'>")))
    yield HostilePage("cp1258-declared-latin1", windows_1258, declared="iso-8859-1")
    yield HostilePage("cp1258-declared-shift-jis", windows_1258, declared="shift_jis")
    yield HostilePage("cp1258-declared-cp1258", windows_1258, declared="windows-1258")
    yield HostilePage("cp1258-one-bad-tone-run", cp1258(page).replace(b"</p>", b"\xcc" * 10_000 + b"</p>", 1))
    yield HostilePage("utf8-declared-cp1258", page.encode(), declared="windows-1258")
    yield HostilePage("utf8-declared-windows-1252", page.encode(), declared="windows-1252")
    yield HostilePage("utf8-one-bad-byte", page.encode().replace(b"</h1>", b"\xff</h1>"))
    yield HostilePage("utf8-truncated-char", page.encode().replace(b"</h1>", b"\xe1\xbb</h1>"))
    for codec in ("utf-16-le", "utf-16-be"):
        yield HostilePage(f"{codec}-no-bom", page.encode(codec))
        yield HostilePage(f"{codec}-no-bom-meta", article_html(head="<meta charset='utf-16'>").encode(codec))
        yield HostilePage(f"{codec}-no-bom-declared-utf8", page.encode(codec), declared="utf-8")
    yield HostilePage("utf-16-bom", page.encode("utf-16"))
    yield HostilePage("utf8-bom-declared-cp1258", b"\xef\xbb\xbf" + page.encode(), declared="windows-1258")
    yield HostilePage("nfd-page", unicodedata.normalize("NFD", page).encode())


def _garbage() -> Iterator[HostilePage]:
    rng = random.Random(12)
    for number in range(5):
        yield HostilePage(f"random-bytes-{number}", rng.randbytes(200_000), SURVIVES)
    yield HostilePage("gzip-bytes", gzip.compress(article_html().encode()), SURVIVES)
    yield HostilePage("png-bytes", b"\x89PNG\r\n\x1a\n" + rng.randbytes(10_000), SURVIVES)
    yield HostilePage("pdf-bytes", b"%PDF-1.4\n" + rng.randbytes(10_000), SURVIVES)
    yield HostilePage("empty", b"", SURVIVES)
    yield HostilePage("nul-bytes", b"\x00" * 100_000, SURVIVES)
    yield HostilePage("nuls-in-page", article_html().encode().replace(b"<p>", b"<p>\x00"))
    yield HostilePage("less-than-1m", b"<" * MB, SURVIVES)
    yield HostilePage("open-tags-1m", b"<a" * (MB // 2), SURVIVES)
    yield _utf8("script-unclosed", article_html(before="<script>var a = 1;"), SURVIVES)
    yield _utf8("cdata-section", article_html(before="<![CDATA[ x ]]>"))
    yield _utf8("xml-declaration-rot13", "<?xml version='1.0' encoding='rot13'?>" + article_html())
    yield _utf8(
        "doctype-entities",
        "<!DOCTYPE html [<!ENTITY a '"
        + "x" * 1000
        + "'><!ENTITY b '&a;&a;&a;&a;'>]>"
        + article_html(after="<p>&b;&b;&b;</p>"),
    )
    yield _utf8("lone-surrogate-text", article_html(after="<p>\ud800</p>"))
    yield _utf8("json-in-body", article_html(after="<p>" + json.dumps({"a": [1] * 1000}) + "</p>"))
    yield _utf8("only-text", SENTINEL * 1000, SURVIVES)
