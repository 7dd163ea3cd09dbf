from pathlib import Path

import pytest

from index import config
from index.errors import EsUnreachable
from search_cli.main import main as vnnews


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


def test_es_url_falls_back_to_the_managed_server(monkeypatch, tmp_path):
    monkeypatch.delenv("ES_URL", raising=False)
    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path))
    (tmp_path / "server.json").write_text('{"url": "http://127.0.0.1:9333"}')
    assert config.es_url() == "http://127.0.0.1:9333"


def test_no_es_url_and_no_managed_server_is_an_error_not_a_guess(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("ES_URL", raising=False)
    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path))
    with pytest.raises(EsUnreachable, match="ES_URL is not set and no managed server"):
        config.es_url()
    for command in (["search", "kiem toan"], ["index", "status"], ["crawl", "bkto", "--max-pages", "1"]):
        assert vnnews(command) == EsUnreachable.exit_code, command
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "ES_URL is not set" in err, err


@pytest.mark.parametrize(("url", "shown"), [
    ("http://user:secret@127.0.0.1:9200", "http://127.0.0.1:9200"),
    ("https://u%40x:p%3Aw@es.example.org/prefix", "https://es.example.org/prefix"),
    ("user:secret@es.example.org:9200", "es.example.org:9200"),
    ("http://127.0.0.1:9200/a@b", "http://127.0.0.1:9200/a@b"),
])
def test_shown_url_drops_user_and_password(url, shown):
    assert config.shown_url(url) == shown


def test_redact_removes_every_credential(monkeypatch):
    monkeypatch.setenv("ES_URL", "https://analyst:p%40ss@es.example.org:9243")
    monkeypatch.setenv("ES_PASSWORD", "hunter2")
    monkeypatch.setenv("ES_API_KEY", "a2V5c2VjcmV0")
    text = config.redact("GET https://analyst:p%40ss@es.example.org:9243/x failed; pw=p@ss hunter2 key a2V5c2VjcmV0")
    assert not any(secret in text for secret in ("p%40ss", "p@ss", "hunter2", "a2V5c2VjcmV0", "analyst:"))
    assert "https://es.example.org:9243/x" in text


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
