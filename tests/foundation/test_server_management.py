"""Server management without starting a server: the decisions and the one-line failures."""

import json
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import server
from index.errors import EsUnreachable, ServerSetupError
from search_cli.main import main as vnnews


@pytest.fixture
def cache(monkeypatch, tmp_path):
    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path))
    return tmp_path


def test_requested_busy_port_is_refused():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServerSetupError, match=f"port {port} .* busy"):
            server.choose_ports(port)


def test_free_ports_are_chosen_when_none_is_requested():
    http, transport = server.choose_ports(None)
    assert http != transport
    assert server.port_is_free(http) and server.port_is_free(transport)


def test_missing_java_is_one_clear_error(tmp_path):
    with pytest.raises(ServerSetupError, match="no Java at"):
        server.check_java(tmp_path)


def test_old_java_is_refused(tmp_path):
    java = tmp_path / "bin" / "java"
    java.parent.mkdir()
    java.write_text('#!/bin/sh\necho \'openjdk version "17.0.15" 2025-04-15\' >&2\n')
    java.chmod(0o755)
    with pytest.raises(ServerSetupError, match="needs Java 21"):
        server.check_java(tmp_path)


def test_missing_maven_is_one_clear_error(monkeypatch):
    monkeypatch.setattr(server.shutil, "which", lambda name: None)
    with pytest.raises(ServerSetupError, match="Maven"):
        server.maven()


def test_download_failure_names_the_artifact(cache, monkeypatch, tmp_path):
    fake_mvn = tmp_path / "mvn"
    fake_mvn.write_text("#!/bin/sh\necho '[ERROR] Could not resolve artifact' ; exit 1\n")
    fake_mvn.chmod(0o755)
    monkeypatch.setattr(server.shutil, "which", lambda name: str(fake_mvn))
    with pytest.raises(ServerSetupError, match=r"download of .*elasticsearch.*Could not resolve"):
        server.ensure_distribution(tmp_path)


def test_untraversable_parent_is_reported(tmp_path):
    locked = tmp_path / "locked"
    (locked / "cache").mkdir(parents=True)
    locked.chmod(stat.S_IRWXU)
    with pytest.raises(ServerSetupError, match="not traversable"):
        server.check_traversable(locked / "cache")


def test_config_listens_on_loopback_with_security_off(tmp_path):
    (tmp_path / "config").mkdir()
    server.write_config(tmp_path, 9311, 9411)
    text = (tmp_path / "config" / "elasticsearch.yml").read_text()
    assert "network.host: \"127.0.0.1\"" in text
    assert "xpack.security.enabled: false" in text
    assert "cluster.routing.allocation.disk.threshold_enabled: false" in text
    assert "http.port: 9311" in text


def test_stop_when_stopped_is_fine(cache, capsys):
    assert server.stop() is False
    assert vnnews(["server", "stop"]) == 0
    assert "not running" in capsys.readouterr().out


def test_stale_state_is_not_a_running_server(cache):
    (cache / "server.json").write_text(json.dumps(
        {"pid": 2**22 + 12345, "url": "http://127.0.0.1:1", "port": 1, "version": "9", "home": "/x"}))
    assert server.running() is None


def test_status_when_stopped_exits_with_unreachable_code(cache, capsys):
    assert vnnews(["server", "status"]) == EsUnreachable.exit_code
    assert capsys.readouterr().err.count("\n") == 1


def started(command: list[str]) -> subprocess.Popen:
    """The process, once its command line is readable (it is empty for a moment while exec completes)."""
    process = subprocess.Popen(command)
    deadline = time.monotonic() + 10
    while not Path(f"/proc/{process.pid}/cmdline").read_bytes() and time.monotonic() < deadline:
        time.sleep(0.01)
    return process


def record_server(cache, pid: int, port: int) -> None:
    (cache / "server.json").write_text(json.dumps({"pid": pid, "url": f"http://127.0.0.1:{port}", "port": port,
                                                   "version": server.ES_VERSION, "home": str(server.es_home())}))


def test_stop_never_signals_a_recorded_pid_that_is_not_our_node(cache, closed_port):
    """After a reboot the pid in server.json may be any program's."""
    foreign = started(["sleep", "60"])
    try:
        record_server(cache, foreign.pid, closed_port)
        assert not server.is_our_node(foreign.pid)
        assert server.stop() is False
        assert foreign.poll() is None, "stop() signalled a process that is not the node"
        assert not (cache / "server.json").exists()
    finally:
        foreign.kill()
        foreign.wait()


def test_start_waits_for_our_live_but_unhealthy_node_instead_of_killing_it(cache, closed_port, monkeypatch):
    monkeypatch.setattr(server, "READY_TIMEOUT_S", 2)
    # a stand-in with the command line of this cache's node (it only sleeps, and never answers)
    node = started([sys.executable, "-c", "import time; time.sleep(60)", "-m",
                    "org.elasticsearch.server/org.elasticsearch.bootstrap.Elasticsearch",
                    f"-Des.path.home={server.es_home()}"])
    try:
        record_server(cache, node.pid, closed_port)
        assert server.is_our_node(node.pid)
        with pytest.raises(ServerSetupError, match="not healthy after 2s"):
            server.start()
        assert node.poll() is None, "start() killed a node that was only slow"
        assert server.read_state().pid == node.pid
    finally:
        node.kill()
        node.wait()
