"""normalise_article: every text field of an Article cleaned, legacy text repaired, empties dropped."""

from crawler.normalise.article import normalise_article


def test_every_text_field_is_cleaned() -> None:
    fields = {
        "url": "https://baokiemtoan.vn/a-1.html",
        "title": "  Hoà\u00a0Bình &amp; thuỷ lợi ",
        "lead": "Kiểm\u200b toán",
        "author": "Ngọc  Hoà",
        "body": ["Đoạn một.", "  ", "Đoạn\u00adhai &quot;Hoà&quot;.", "Đoạn một.", ""],
        "category": ["Tin tức", "Tin tức", "Kiểm toán"],
        "tags": ["thuỷ lợi", "thủy lợi", " "],
        "images": [{"url": "https://x/1.jpg", "caption": " Ảnh  hoà bình ", "credit": ""}],
        "published_at": "2023-04-27T14:35:00+07:00",
    }
    assert normalise_article(fields) == {
        "url": "https://baokiemtoan.vn/a-1.html",
        "title": "Hòa Bình & thủy lợi",
        "lead": "Kiểm toán",
        "author": "Ngọc Hòa",
        "body": ["Đoạn một.", 'Đoạnhai "Hòa".', "Đoạn một."],
        "category": ["Tin tức", "Kiểm toán"],
        "tags": ["thủy lợi"],
        "images": [{"url": "https://x/1.jpg", "caption": "Ảnh hòa bình", "credit": None}],
        "published_at": "2023-04-27T14:35:00+07:00",
    }


def test_repeated_paragraphs_are_kept_repeated_labels_are_not() -> None:
    body = ["Phần 1.", "***", "Phần 2.", "***", "(Còn nữa)", "Tổng", "Tổng"]
    article = normalise_article({"body": body, "category": ["Kiểm toán", "Kiểm toán"], "tags": ["a", "a"]})
    assert article == {"body": body, "category": ["Kiểm toán"], "tags": ["a"]}


def test_input_is_not_modified() -> None:
    fields = {"title": "Hoà", "body": ["a", "a"], "images": [{"url": "u", "caption": "Hoà"}]}
    normalise_article(fields)
    assert fields == {"title": "Hoà", "body": ["a", "a"], "images": [{"url": "u", "caption": "Hoà"}]}


def test_legacy_text_is_repaired_before_cleaning() -> None:
    article = normalise_article({"title": "Céng hoµ x· héi chñ nghÜa ViÖt Nam", "body": ["§éc lËp - Tù do"]})
    assert article == {"title": "Cộng hòa xã hội chủ nghĩa Việt Nam", "body": ["Độc lập - Tự do"]}


def test_empty_and_missing_fields() -> None:
    article = normalise_article({"title": "Tin", "lead": "  ", "author": None, "body": None})
    assert article == {"title": "Tin", "lead": None, "author": None, "body": []}
