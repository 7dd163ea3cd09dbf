"""The real managed node: idempotent start, and Vietnamese documents indexed and found."""

from elasticsearch import helpers

from index import server

DOCS = [
    {"title": "Kiểm toán Nhà nước công bố kết quả kiểm toán ngân sách năm 2023"},
    {"title": "Hà Nội phát động thi đua ái quốc"},
    {"title": "Hội đồng nhân dân tỉnh Hòa Bình họp kỳ thứ mười"},
]


def test_start_twice_is_one_server():
    """Needs the managed node itself (tests/run starts it; with ES_URL elsewhere this starts one)."""
    first = server.start()
    assert server.is_our_node(first.pid)
    assert server.running() == first
    assert server.start() == first


def test_vietnamese_documents_are_indexed_and_found(es, index_names):
    index = index_names.physical(1)
    es.indices.create(index=index, mappings={"properties": {"title": {"type": "text"}}})
    ok, errors = helpers.bulk(es, ({"_index": index, "_id": str(i), **doc} for i, doc in enumerate(DOCS)),
                              refresh=True)
    assert (ok, errors) == (3, [])
    hits = es.search(index=index, query={"match": {"title": "thi đua"}})["hits"]["hits"]
    assert [hit["_id"] for hit in hits] == ["1"]
    assert es.count(index=index)["count"] == 3
