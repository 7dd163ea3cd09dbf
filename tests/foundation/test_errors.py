"""Elasticsearch's refusals as one line each (bodies as Elasticsearch 9.5 sends them)."""

import pytest

from index.errors import CliError, EsUnreachable, QueryTooLong, TooManyBuckets, elasticsearch_refusal

PIT_ID = "2KLBBAENaHMtc2NyYXRjaC12MRZZcGdERDkxUlJ1MkFMQVlnWXFJSldnABZkUFJKa1U2QVR0LW51WDQ2VWc0LTVB"

CLAUSES = {"error": {
    "root_cause": [{"type": "query_shard_exception", "reason": "failed to create query: Query contains too many "
                    "nested clauses; maxClauseCount is set to 16384", "index": "a-v1"}],
    "type": "search_phase_execution_exception", "reason": "all shards failed", "phase": "query",
    "failed_shards": [{"shard": 0, "index": "a-v1", "reason": {
        "type": "query_shard_exception", "reason": "failed to create query",
        "caused_by": {"type": "too_many_nested_clauses",
                      "reason": "Query contains too many nested clauses; maxClauseCount is set to 16384"}}}]},
    "status": 400}

BUCKETS = {"error": {
    "root_cause": [], "type": "search_phase_execution_exception", "reason": "", "phase": "fetch",
    "failed_shards": [], "caused_by": {
        "type": "too_many_buckets_exception", "max_buckets": 65536,
        "reason": "Trying to create too many buckets. Must be less than or equal to: [65536] but this number of "
                  "buckets was exceeded. This limit can be set by changing the [search.max_buckets] setting."}},
    "status": 400}


def test_clause_limit_is_a_query_too_long() -> None:
    error = elasticsearch_refusal(400, CLAUSES)
    assert isinstance(error, QueryTooLong) and error.exit_code == 4
    assert str(error).startswith("query too long:") and "16384" in str(error)


def test_bucket_limit_suggests_a_coarser_interval() -> None:
    error = elasticsearch_refusal(400, BUCKETS)
    assert isinstance(error, TooManyBuckets) and error.exit_code == 9
    assert "65536" in str(error) and "week, month or year" in str(error)


def test_other_refusals_name_type_and_reason_without_opaque_ids() -> None:
    body = {"error": {"root_cause": [{"type": "search_context_missing_exception",
                                      "reason": f"No search context found for point in time [{PIT_ID}]"}],
                      "type": "search_phase_execution_exception", "reason": "all shards failed"}, "status": 404}
    error = elasticsearch_refusal(404, body)
    assert type(error) is CliError
    assert PIT_ID not in str(error)
    assert str(error).startswith("Elasticsearch answered 404 search_context_missing_exception: No search context")
    assert "\n" not in str(error)


@pytest.mark.parametrize("status", [401, 403, 429, 503])
def test_overload_unavailability_and_credentials_are_transient(status: int) -> None:
    body = {"error": {"type": "es_rejected_execution_exception", "reason": "rejected " + "x" * 1000}}
    error = elasticsearch_refusal(status, body)
    assert isinstance(error, EsUnreachable)
    assert len(str(error)) < 300


@pytest.mark.parametrize("body", [None, "Bad Gateway", {}, {"error": "plain text"}])
def test_bodies_that_are_not_json_objects_still_give_one_line(body: object) -> None:
    assert str(elasticsearch_refusal(502, body)).startswith("Elasticsearch answered 502")


def test_a_plain_text_error_is_quoted() -> None:
    assert str(elasticsearch_refusal(405, {"error": "Incorrect HTTP method"})).endswith("error: Incorrect HTTP method")
