"""Cluster configuration without a server: several nodes in ES_URL, credentials in any of them kept
out of messages, and the one-line refusal of a role that does not grant an action."""

from __future__ import annotations

import pytest

from index import config
from index.errors import EsUnreachable, NotAllowed, elasticsearch_refusal

NODES = "http://es1:9200, http://u:secret1@es2:9200,https://es3:9243"


@pytest.fixture(autouse=True)
def fresh_client_cache():
    config.es_client.cache_clear()
    yield
    config.es_client.cache_clear()


def test_es_url_lists_several_nodes_and_the_client_knows_each(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ES_URL", NODES)
    assert config.es_hosts() == ["http://es1:9200", "http://u:secret1@es2:9200", "https://es3:9243"]
    assert len(config.es_client().transport.node_pool.all()) == 3


def test_no_credential_of_any_node_is_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ES_URL", NODES)
    assert config.shown_url(NODES) == "http://es1:9200, http://es2:9200,https://es3:9243"
    assert "secret1" not in config.redact("refused: secret1 and u:secret1")


def test_a_role_without_the_privilege_is_not_allowed_in_one_line() -> None:
    reason = ("action [indices:data/write/bulk[s]] is unauthorized for user [analyst] with effective roles "
              "[vnnews_analyst] on indices [vnnews-articles-v1], this action is granted by the index "
              "privileges [create_doc,create,index,write,all]")
    error = elasticsearch_refusal(403, {"error": {"type": "security_exception", "reason": reason}})
    assert isinstance(error, NotAllowed) and error.exit_code == 12
    assert str(error).startswith("not allowed:") and "indices:data/write/bulk[s]" in str(error)
    assert "\n" not in str(error)


def test_a_read_only_index_block_is_not_a_missing_privilege() -> None:
    body = {"error": {"type": "cluster_block_exception", "reason": "index [x] blocked by: [FORBIDDEN/8/index write]"}}
    assert isinstance(elasticsearch_refusal(403, body), EsUnreachable)
