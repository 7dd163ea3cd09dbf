from pathlib import Path

import pytest

from index import config


@pytest.fixture(autouse=True)
def fresh_client_cache():
    config.es_client.cache_clear()
    yield
    config.es_client.cache_clear()


def test_es_url_prefers_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path))
    (tmp_path / "server.json").write_text('{"url": "http://127.0.0.1:9333"}')
    monkeypatch.setenv("ES_URL", "https://es.example.org:9243")
    assert config.es_url() == "https://es.example.org:9243"


def test_es_url_falls_back_to_managed_server_then_default(monkeypatch, tmp_path):
    monkeypatch.delenv("ES_URL", raising=False)
    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path))
    assert config.es_url() == "http://127.0.0.1:9200"
    (tmp_path / "server.json").write_text('{"url": "http://127.0.0.1:9333"}')
    assert config.es_url() == "http://127.0.0.1:9333"


def test_cache_dir_for_root_is_outside_home(monkeypatch):
    monkeypatch.delenv("VNNEWS_CACHE", raising=False)
    monkeypatch.setattr(config.os, "geteuid", lambda: 0)
    assert config.cache_dir() == Path("/var/cache/vnnews")


def test_cache_and_data_dirs_are_overridable(monkeypatch, tmp_path):
    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path / "c"))
    monkeypatch.setenv("VNNEWS_DATA", str(tmp_path / "d"))
    assert config.cache_dir() == tmp_path / "c"
    assert config.data_dir() == tmp_path / "d"


def test_index_names_follow_the_base(monkeypatch):
    monkeypatch.setenv("VNNEWS_INDEX", "news")
    names = config.index_names()
    assert (names.read_alias, names.write_alias, names.physical(3)) == ("news", "news-write", "news-v3")


def test_client_carries_credentials(monkeypatch):
    monkeypatch.setenv("ES_URL", "https://es.example.org:9243")
    monkeypatch.setenv("ES_USER", "analyst")
    monkeypatch.setenv("ES_PASSWORD", "secret")
    client = config.es_client()
    assert client._headers["authorization"].startswith("Basic ")
    assert config.es_client() is client


def test_client_prefers_api_key(monkeypatch):
    monkeypatch.setenv("ES_URL", "https://es.example.org:9243")
    monkeypatch.setenv("ES_API_KEY", "a2V5")
    monkeypatch.setenv("ES_USER", "ignored")
    assert config.es_client()._headers["authorization"] == "ApiKey a2V5"
