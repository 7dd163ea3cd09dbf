"""What the readable formats print, without Elasticsearch."""

from search_cli.output import Style, bucket_label, render_article


def test_show_prints_the_publication_time_in_vietnam() -> None:
    record = {"id": "x", "title": "Tin", "url": "https://baokiemtoan.vn/tin.html", "site": "baokiemtoan.vn",
              "published_at": "2023-04-30T17:30:00+00:00"}  # stored by another writer in UTC
    assert "01/05/2023 00:30 · baokiemtoan.vn" in render_article(record, Style(colour=False), 80)


def test_bucket_labels_read_as_vietnamese_dates() -> None:
    assert bucket_label("day", "2023-04-27") == "27/04/2023"
    assert bucket_label("week", "2023-04-24") == "week of 24/04/2023"
    assert bucket_label("month", "2023-04-01") == "04/2023"
    assert bucket_label("year", "2023-01-01") == "2023"
    assert bucket_label("site", "baokiemtoan.vn") == "baokiemtoan.vn"
