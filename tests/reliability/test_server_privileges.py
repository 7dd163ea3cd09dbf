"""`vnnews server start` as root gives the node's account (vnnews-es) no way into root.

Each attack is planted as that account (through runuser), then root starts the server: root must not
run the planted code, write through the planted links, nor change the owner of what they point to.
The targets are root-only files and a root-only directory whose content, owner and mode are compared
before and after."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from index import server
from index.errors import ServerSetupError

ROOT = Path(__file__).resolve().parents[2]
USER = server.SERVER_USER
PLANTED_PROGRAMS = ("elasticsearch-plugin", "elasticsearch-keystore", "elasticsearch")

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="what is tested is what root does")


def as_service_user(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["runuser", "-u", USER, "--", "sh", "-c", command], capture_output=True, text=True,
                          timeout=30)


def scratch_dir(prefix: str) -> Path:
    """A root-owned directory the service account can traverse (under /var/tmp: sticky, root's)."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir="/var/tmp"))
    path.chmod(0o755)
    return path


@dataclass(frozen=True)
class Secrets:
    """Root-only files and a root-only directory: what the planted links point at."""

    top: Path

    @property
    def directory(self) -> Path:
        return self.top / "root-only-dir"

    @property
    def files(self) -> list[Path]:
        return [self.directory / "secret", self.top / "config-target", self.top / "start-target",
                self.top / "log-target"]

    def create(self) -> None:
        self.directory.mkdir(mode=0o700)
        for path in self.files:
            path.write_text(f"root only: {path.name}\n")
            path.chmod(0o600)

    def state(self) -> list[tuple[str, int, int, int]]:
        entries = [self.directory, *self.files]
        return [(path.read_text() if path.is_file() else "", *(lambda i: (i.st_uid, i.st_gid, i.st_mode))(
            os.lstat(path))) for path in entries]


@pytest.fixture
def secrets() -> Iterator[Secrets]:
    server.ensure_server_user()
    found = Secrets(scratch_dir("vnnews-secrets-"))
    found.create()
    yield found
    shutil.rmtree(found.top)


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = scratch_dir("vnnews-cache-")
    monkeypatch.setenv("VNNEWS_CACHE", str(path))
    yield path
    shutil.rmtree(path)


def plant_programs(home: Path, record: Path) -> None:
    """The account's own code in place of Elasticsearch's programs: each records who ran it."""
    for name in PLANTED_PROGRAMS:
        program = home / "bin" / name
        done = as_service_user(f"printf '#!/bin/sh\\nid -u >> {record}\\n' > {program} && chmod 755 {program}")
        assert done.returncode == 0, done.stderr


def plant_links(cache: Path, home: Path, secrets: Secrets) -> None:
    plants = {
        home / "config" / "elasticsearch.yml": secrets.top / "config-target",
        cache / "run" / "start.out": secrets.top / "start-target",
        home / "logs": secrets.directory,
        cache / "data" / "logs": secrets.directory,
        cache / "logs" / "old": secrets.directory,
    }
    for link, target in plants.items():
        done = as_service_user(f"rm -rf {link} && ln -s {target} {link}")
        assert done.returncode == 0, done.stderr


def old_install(cache: Path) -> Path:
    """The layout an older vnnews left: the distribution and the node's directories handed over (chown -R)
    to the service account."""
    home = server.ensure_distribution(server.java_home())
    account = server.pwd.getpwnam(USER)
    for name in ("data", "logs", "run"):
        (cache / name).mkdir()
    for top in (home, *(cache / name for name in ("data", "logs", "run"))):
        for root, dirs, files in os.walk(top):
            os.chown(root, account.pw_uid, account.pw_gid)
            for name in dirs + files:
                os.lchown(os.path.join(root, name), account.pw_uid, account.pw_gid)
    return home


def vnnews(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "search_cli.main", *argv], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=server.READY_TIMEOUT_S + 120)


def test_start_over_a_planted_old_install_runs_nothing_and_writes_through_nothing(
    cache: Path, secrets: Secrets
) -> None:
    """The real node: an install handed over by an older vnnews, then planted by the service account."""
    home = old_install(cache)
    record = cache / "data" / "planted-programs-ran"
    plant_programs(home, record)
    plant_links(cache, home, secrets)
    before = secrets.state()
    try:
        started = vnnews("server", "start", "--port", str(server.free_port()))
        assert started.returncode == 0, started.stdout + started.stderr
        assert f"{home} could be changed by {USER}" in started.stdout
        assert server.running() is not None
        assert not record.exists(), f"planted programs ran, as uids {record.read_text().split()}"
        assert secrets.state() == before
        assert server.trusted_tree(home), "the distribution is the service account's to change"
        keystore = os.stat(home / "config" / "elasticsearch.keystore")
        assert (keystore.st_uid, keystore.st_gid, stat.S_IMODE(keystore.st_mode)) == (
            0, server.pwd.getpwnam(USER).pw_gid, 0o640)
        # and the account cannot plant anything again, nor take the place of root's start output
        for target in (home / "bin" / "elasticsearch-plugin", home / "config" / "elasticsearch.yml",
                       home / "plugins" / server.PLUGIN_NAME / "planted", cache / "start.out"):
            assert as_service_user(f"echo planted >> {target}").returncode != 0, target
        assert as_service_user(f"ln -s {secrets.directory} {cache / 'new-logs'}").returncode != 0
    finally:
        stopped = vnnews("server", "stop")
        assert stopped.returncode == 0, stopped.stderr


def test_cache_the_service_account_can_change_is_refused(cache: Path, secrets: Secrets) -> None:
    """A cache that is the account's (or writable by it) lets it put links where root works: refused
    before anything runs or changes owner."""
    os.chown(cache, *(lambda a: (a.pw_uid, a.pw_gid))(server.pwd.getpwnam(USER)))
    home = cache / f"elasticsearch-{server.ES_VERSION}"
    record = cache / "planted-programs-ran"
    assert as_service_user(f"mkdir -p {home}/bin {home}/config && touch {home}/bin/elasticsearch").returncode == 0
    plant_programs(home, record)
    assert as_service_user(f"ln -s {secrets.directory} {cache / 'logs'}").returncode == 0
    before = secrets.state()
    with pytest.raises(ServerSetupError, match="can be changed by an account other than root"):
        server.start(server.free_port())
    assert not record.exists()
    assert secrets.state() == before


def test_group_writable_cache_is_refused(cache: Path) -> None:
    cache.chmod(0o775)
    with pytest.raises(ServerSetupError, match="can be changed by an account other than root"):
        server.prepare_cache(USER)


def test_node_directories_that_are_links_are_refused_not_followed(cache: Path, secrets: Secrets) -> None:
    (cache / "logs").symlink_to(secrets.directory)
    before = secrets.state()
    with pytest.raises(ServerSetupError, match="logs is not a directory"):
        server.make_service_dirs(USER)
    assert secrets.state() == before


def test_node_directories_change_owner_but_never_their_content(cache: Path, secrets: Secrets) -> None:
    (cache / "data").mkdir()
    (cache / "data" / "root-file").write_text("root's")
    (cache / "data" / "link").symlink_to(secrets.directory)
    before = secrets.state()
    server.make_service_dirs(USER)
    account = server.pwd.getpwnam(USER)
    for name in server.SERVICE_DIRS:
        info = os.lstat(cache / name)
        assert stat.S_ISDIR(info.st_mode) and info.st_uid == account.pw_uid
    assert os.lstat(cache / "data" / "root-file").st_uid == 0
    assert os.lstat(cache / "data" / "link").st_uid == 0
    assert secrets.state() == before


def test_log_tail_reads_no_link_fifo_or_hard_link(cache: Path, secrets: Secrets) -> None:
    server.make_service_dirs(USER)
    log = cache / "logs" / "vnnews-local.log"
    assert as_service_user(f"ln -s {secrets.top / 'log-target'} {log}").returncode == 0
    assert "root only" not in server.log_tail()
    assert as_service_user(f"rm {log} && mkfifo {log}").returncode == 0
    assert server.log_tail() == ""  # and it returned: a FIFO is not opened for a blocking read
    assert as_service_user(f"rm {log} && echo started > {log}").returncode == 0
    assert "started" in server.log_tail()


def test_config_is_replaced_never_written_through(tmp_path: Path, secrets: Secrets) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "elasticsearch.yml").symlink_to(secrets.top / "config-target")
    before = secrets.state()
    server.write_config(tmp_path, 9311, 9411)
    assert secrets.state() == before
    assert not (tmp_path / "config" / "elasticsearch.yml").is_symlink()


def test_programs_get_no_secret_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ES_PASSWORD", "secret")
    monkeypatch.setenv("ES_API_KEY", "secret")
    assert "secret" not in server.tool_environment(Path("/usr")).values()
