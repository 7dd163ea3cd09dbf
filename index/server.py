"""The managed local Elasticsearch: `vnnews server start | stop | status`.

One node of the Elasticsearch integ-test distribution from Maven Central, unpacked into the cache
directory, with our Vietnamese analysis plugin installed, listening on 127.0.0.1 only (so security
is off). Elasticsearch refuses to run as root, so a root caller starts it as a system user.
Users of an existing cluster set ES_URL and never need this module, Java or Maven.

Started by root, the node's account must not be a way into root: root never executes, writes through
or changes the owner of anything that account can change. So the cache directory and the distribution
in it (programs, libraries, plugins, configuration, keystore) are root's and only readable by the
account; the account owns just the directories the node writes (data, logs, run, tmp), which root
creates without following links and never descends into. A distribution left writable by the account
(by an older vnnews) is not trusted: it is deleted and unpacked again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from index.config import DEFAULT_PORT, cache_dir, server_state_file
from index.errors import EsUnreachable, ServerSetupError

ES_VERSION = "9.5.4"
ES_ARTIFACT = f"org.elasticsearch.distribution.integ-test-zip:elasticsearch:{ES_VERSION}:zip"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.11.0"
DEFAULT_JAVA_HOME = "/usr/lib/jvm/temurin-25-jdk-amd64"
MIN_JAVA = 21
SERVER_USER = "vnnews-es"
PLUGIN_NAME = "vnnews-analysis"
PLUGIN_DIR = Path(__file__).resolve().parent / "analysis-plugin"
PLUGIN_ZIP = PLUGIN_DIR / "target" / f"{PLUGIN_NAME}-0.1.0.zip"
READY_TIMEOUT_S = 180
# Directories the node writes to: the only ones its account owns.
SERVICE_DIRS = ("data", "logs", "run", "tmp")
LOG_TAIL_BYTES = 64 * 1024


@dataclass(frozen=True)
class ServerInfo:
    pid: int
    url: str
    port: int
    version: str
    home: str


def es_home() -> Path:
    return cache_dir() / f"elasticsearch-{ES_VERSION}"


def java_home() -> Path:
    """ES_JAVA_HOME, else the Temurin JDK this project is built with, else the JDK on PATH."""
    if env := os.environ.get("ES_JAVA_HOME"):
        return Path(env)
    if Path(DEFAULT_JAVA_HOME, "bin", "java").exists():
        return Path(DEFAULT_JAVA_HOME)
    java = shutil.which("java")
    if java is None:
        raise ServerSetupError(f"no Java found: install a JDK {MIN_JAVA}+ and set ES_JAVA_HOME (or set ES_URL)")
    return Path(java).resolve().parent.parent


def check_java(home: Path) -> None:
    java = home / "bin" / "java"
    if not java.exists():
        raise ServerSetupError(f"no Java at {java}: set ES_JAVA_HOME to a JDK {MIN_JAVA}+ (or set ES_URL)")
    out = subprocess.run([str(java), "-version"], capture_output=True, text=True).stderr
    match = re.search(r'version "(\d+)', out)
    if not match or int(match.group(1)) < MIN_JAVA:
        raise ServerSetupError(f"Elasticsearch {ES_VERSION} needs Java {MIN_JAVA}+, {java} is: {out.splitlines()[:1]}")


def maven() -> str:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerSetupError("Maven (mvn) not found: install it to fetch Elasticsearch, or set ES_URL")
    return mvn


def run_maven(args: list[str], what: str, java: Path, cwd: Path | None = None) -> None:
    env = {**os.environ, "JAVA_HOME": str(java)}
    done = subprocess.run([maven(), "-B", "-q", *args], capture_output=True, text=True, env=env, cwd=cwd)
    if done.returncode != 0:
        lines = [line for line in (done.stdout + done.stderr).splitlines() if "ERROR" in line] or ["(no output)"]
        raise ServerSetupError(f"{what} failed: {lines[0].strip()}")


def unzip_readable(archive: Path, target: Path) -> None:
    """Unpack with the archive's executable bits; everything readable by all, writable by the owner only."""
    with zipfile.ZipFile(archive) as zipped:
        for member in zipped.infolist():
            path = Path(zipped.extract(member, target))
            if not member.is_dir():
                path.chmod(0o755 if (member.external_attr >> 16) & 0o111 else 0o644)
    make_readable(target)


def make_readable(top: Path) -> None:
    """Directories 0755 and files 0644 (0755 when executable) under `top`, a tree only we can change."""
    for root, _dirs, files in os.walk(top):
        os.chmod(root, 0o755)
        for name in files:
            path = os.path.join(root, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISREG(mode):
                os.chmod(path, 0o755 if mode & 0o111 else 0o644)


def writable_by_others(info: os.stat_result) -> bool:
    """Whether someone other than root can change this entry (a link's own mode means nothing; a sticky
    directory such as /tmp only lets others change their own entries)."""
    if info.st_uid != 0:
        return True
    if stat.S_ISLNK(info.st_mode) or (stat.S_ISDIR(info.st_mode) and info.st_mode & stat.S_ISVTX):
        return False
    return bool(info.st_mode & 0o022)


def trusted_tree(top: Path) -> bool:
    """Whether nobody but root can have changed anything under `top`."""
    if writable_by_others(os.lstat(top)):
        return False
    for root, dirs, files in os.walk(top):
        if any(writable_by_others(os.lstat(os.path.join(root, name))) for name in dirs + files):
            return False
    return True


def check_cache_owned_by_root(cache: Path) -> None:
    """Root only works in a cache that no other account can change, up to the file system's root: in
    any other, the account could swap a file root is about to run or write for its own."""
    for path in [cache, *cache.parents]:
        if writable_by_others(os.lstat(path)):
            raise ServerSetupError(
                f"{path} can be changed by an account other than root: as root, keep the managed server in "
                "a directory only root can write (VNNEWS_CACHE; default /var/cache/vnnews)")


def discard_untrusted(path: Path) -> None:
    """A download or distribution that the node's account could change (an older vnnews handed the
    distribution over) may hide that account's code: delete it, without following its links, so that
    it is fetched and unpacked afresh."""
    if os.geteuid() != 0 or not os.path.lexists(path) or trusted_tree(path):
        return
    print(f"vnnews server: {path} could be changed by {SERVER_USER}: deleting it, to fetch it again", flush=True)
    quarantine = path.with_name(f"{path.name}.untrusted")
    shutil.rmtree(quarantine, ignore_errors=True)
    os.rename(path, quarantine)
    shutil.rmtree(quarantine)


def ensure_distribution(java: Path) -> Path:
    home = es_home()
    download = cache_dir() / "download"
    for path in (download, home):
        discard_untrusted(path)
    if (home / "bin" / "elasticsearch").exists():
        return home
    download.mkdir(parents=True, exist_ok=True)
    print(f"vnnews server: fetching Elasticsearch {ES_VERSION} from Maven Central …", flush=True)
    run_maven([f"{DEPENDENCY_PLUGIN}:copy", f"-Dartifact={ES_ARTIFACT}", f"-DoutputDirectory={download}"],
              f"download of {ES_ARTIFACT}", java)
    # unpacked aside, then renamed: an interrupted unpack never looks like a distribution
    partial = cache_dir() / f"{home.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    unzip_readable(download / f"elasticsearch-{ES_VERSION}.zip", partial)
    os.rename(partial / home.name, home)
    partial.rmdir()
    return home


def tool_environment(java: Path) -> dict[str, str]:
    """The environment of Elasticsearch's programs: only what they need, none of the caller's secrets."""
    return {"PATH": os.environ.get("PATH", os.defpath), "LANG": "C.UTF-8", "ES_JAVA_HOME": str(java)}


def ensure_plugin(home: Path, java: Path) -> None:
    """Build the analysis plugin if needed and (re)install it when the built zip changed."""
    if not PLUGIN_ZIP.exists():
        print("vnnews server: building the Vietnamese analysis plugin with Maven …", flush=True)
        run_maven(["package", "-DskipTests"], "build of the analysis plugin", java, cwd=PLUGIN_DIR)
    digest = hashlib.sha256(PLUGIN_ZIP.read_bytes()).hexdigest()
    marker = home / "plugins" / PLUGIN_NAME / ".vnnews-sha256"
    if marker.exists() and marker.read_text() == digest:
        return
    plugin_cli = [str(home / "bin" / "elasticsearch-plugin")]
    env = tool_environment(java)
    if (home / "plugins" / PLUGIN_NAME).exists():
        subprocess.run([*plugin_cli, "remove", PLUGIN_NAME], capture_output=True, env=env)
    done = subprocess.run([*plugin_cli, "install", "--batch", PLUGIN_ZIP.as_uri()],
                          capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise ServerSetupError(f"installing the analysis plugin failed: {(done.stderr or done.stdout).strip()[-300:]}")
    marker.write_text(digest)
    make_readable(home / "plugins")


def ensure_keystore(home: Path, java: Path, user: str | None) -> None:
    """The node creates its (empty) keystore at first start unless one exists: made here, so that the
    configuration directory stays read-only for the node. Readable by the node's group only, for the
    secrets it may come to hold."""
    keystore = home / "config" / "elasticsearch.keystore"
    if keystore.exists():
        return
    done = subprocess.run([str(home / "bin" / "elasticsearch-keystore"), "create"], capture_output=True,
                          text=True, env=tool_environment(java))
    if done.returncode != 0:
        raise ServerSetupError(f"creating the keystore failed: {(done.stderr or done.stdout).strip()[-300:]}")
    if user:
        os.chown(keystore, 0, pwd.getpwnam(user).pw_gid, follow_symlinks=False)
    keystore.chmod(0o640)


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        # like the server itself: a port left in TIME_WAIT by a killed node is free to listen on
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def choose_ports(requested: int | None) -> tuple[int, int]:
    if requested is not None:
        if not port_is_free(requested):
            raise ServerSetupError(f"port {requested} on 127.0.0.1 is busy: choose another with --port")
        http = requested
    else:
        http = DEFAULT_PORT if port_is_free(DEFAULT_PORT) else free_port()
    transport = http + 100 if port_is_free(http + 100) else free_port()
    return http, transport


def write_config(home: Path, http_port: int, transport_port: int) -> None:
    settings = {
        "cluster.name": "vnnews-local",
        "node.name": "vnnews-1",
        "discovery.type": "single-node",
        "network.host": "127.0.0.1",
        "http.port": http_port,
        "transport.port": transport_port,
        "path.data": str(cache_dir() / "data"),
        "path.logs": str(cache_dir() / "logs"),
        "xpack.security.enabled": False,
        "cluster.routing.allocation.disk.threshold_enabled": False,
    }
    lines = [f"{key}: {json.dumps(value)}" for key, value in settings.items()]
    replace_file(home / "config" / "elasticsearch.yml", "\n".join(lines) + "\n")


def replace_file(path: Path, text: str) -> None:
    """Write `path` as a new file renamed over the old one: whatever `path` was (a link included) is
    replaced, never written through."""
    draft = path.with_name(f".{path.name}.new")
    draft.unlink(missing_ok=True)
    with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644), "w") as out:
        out.write(text)
    os.chmod(draft, 0o644)
    os.replace(draft, path)


def ensure_server_user() -> str | None:
    """The account the server runs as: a system user when we are root, else ourselves."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        done = subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                               SERVER_USER], capture_output=True, text=True)
        if done.returncode != 0:
            raise ServerSetupError(f"could not create system user {SERVER_USER}: {done.stderr.strip()}") from None
    return SERVER_USER


def check_traversable(path: Path) -> None:
    for parent in [path, *path.parents]:
        if parent.exists() and not parent.stat().st_mode & 0o001:
            raise ServerSetupError(
                f"{parent} is not traversable by the server user {SERVER_USER}: set VNNEWS_CACHE to a directory "
                "outside root's home (default /var/cache/vnnews)")


def prepare_cache(user: str | None) -> None:
    cache = cache_dir()
    if not cache.exists():
        cache.mkdir(parents=True)
        cache.chmod(0o755)
    if user:
        check_cache_owned_by_root(cache.resolve())
        check_traversable(cache)


def make_service_dirs(user: str | None, node_dir: Path | None = None) -> None:
    """The directories the node writes to, owned by its account. They sit in the node's directory (the
    cache directory, or a node directory in it), which only root can change, so none can have been
    swapped for a link once checked; only the directory itself changes owner, never anything inside it."""
    account = pwd.getpwnam(user) if user else None
    for name in SERVICE_DIRS:
        path = (node_dir or cache_dir()) / name
        if not os.path.lexists(path):
            os.mkdir(path)
            os.chmod(path, 0o750)
        info = os.lstat(path)
        if not stat.S_ISDIR(info.st_mode):
            raise ServerSetupError(f"{path} is not a directory (a link or a file): remove it, the node writes there")
        if account and (info.st_uid, info.st_gid) != (account.pw_uid, account.pw_gid):
            os.chown(path, account.pw_uid, account.pw_gid, follow_symlinks=False)


def cluster_health(url: str) -> str | None:
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health?wait_for_status=yellow&timeout=1s", timeout=5) as answer:
            return json.load(answer).get("status")
    except (urllib.error.URLError, OSError, ValueError):
        return None


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_our_node(pid: int) -> bool:
    """Whether `pid` is the Elasticsearch node of this cache directory: after a reboot the recorded pid
    may belong to any other program, which must never be signalled."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False
    return "org.elasticsearch" in command and str(es_home()) in command


def read_state() -> ServerInfo | None:
    try:
        return ServerInfo(**json.loads(server_state_file().read_text()))
    except (OSError, ValueError, TypeError):
        return None


def running() -> ServerInfo | None:
    """The recorded server, if its process is our node and it answers."""
    info = read_state()
    if info and is_our_node(info.pid) and cluster_health(info.url) in {"yellow", "green"}:
        return info
    return None


def start_output_file(node_dir: Path) -> Path:
    """What the start command printed: in the node's directory itself, which only root can change."""
    return node_dir / "start.out"


def read_end(path: Path, size: int = LOG_TAIL_BYTES) -> str:
    """The last `size` bytes of a file the node's account may have replaced: not through a link, not a
    FIFO or a device, not a second name of some other file (a hard link); else ""."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return ""
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            return ""
        file.seek(max(0, info.st_size - size))
        return file.read(size).decode(errors="replace")


def log_tail(lines: int = 20, node_dir: Path | None = None, cluster_name: str = "vnnews-local") -> str:
    node_dir = node_dir or cache_dir()
    texts = [read_end(start_output_file(node_dir)), read_end(node_dir / "logs" / f"{cluster_name}.log")]
    return "\n".join("\n".join(texts).splitlines()[-lines:])


def launch(home: Path, java: Path, user: str | None, node_dir: Path | None = None,
           node_env: dict[str, str] | None = None) -> int:
    """Start the node whose service directories are in `node_dir` (default: the cache directory) and
    return its pid; `node_env` adds to or overrides its environment (another ES_PATH_CONF, heap)."""
    node_dir = node_dir or cache_dir()
    pid_file = node_dir / "run" / "es.pid"
    pid_file.unlink(missing_ok=True)
    env = {**tool_environment(java), "ES_JAVA_OPTS": os.environ.get("VNNEWS_ES_JAVA_OPTS", "-Xms1g -Xmx1g"),
           "ES_TMPDIR": str(node_dir / "tmp"), **(node_env or {})}
    command = [str(home / "bin" / "elasticsearch"), "-d", "-p", str(pid_file)]
    if user:
        command = ["runuser", "-u", user, "--", *command]
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
    with os.fdopen(os.open(start_output_file(node_dir), flags, 0o644), "wb") as out:
        # working directory: the logs, where a crash report or heap dump written to it belongs
        done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=node_dir / "logs")
    pid = read_end(pid_file, 32).strip()
    if done.returncode != 0 or not pid.isdigit():
        raise ServerSetupError(f"Elasticsearch exited during start-up (code {done.returncode}); log tail:\n"
                               f"{log_tail(node_dir=node_dir)}")
    return int(pid)


def wait_until_ready(url: str, pid: int) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if cluster_health(url) in {"yellow", "green"}:
            return
        if not pid_alive(pid):
            raise ServerSetupError(f"Elasticsearch exited during start-up; log tail:\n{log_tail()}")
        time.sleep(1)
    raise ServerSetupError(f"Elasticsearch not healthy after {READY_TIMEOUT_S}s; log tail:\n{log_tail()}")


def start(port: int | None = None) -> ServerInfo:
    """Start the managed node (idempotent: an already running one is returned as it is, once healthy).

    A node of ours that is alive but not answering (starting, or busy) is waited for, never killed;
    ServerSetupError if it stays unhealthy. A recorded pid that is not our node is a stale record."""
    info = read_state()
    if info and is_our_node(info.pid):
        wait_until_ready(info.url, info.pid)
        return info
    server_state_file().unlink(missing_ok=True)
    java = java_home()
    check_java(java)
    user = ensure_server_user()
    prepare_cache(user)
    # everything run or written as root happens on root's files, before the node's account runs anything
    home = ensure_distribution(java)
    ensure_plugin(home, java)
    ensure_keystore(home, java, user)
    http_port, transport_port = choose_ports(port)
    write_config(home, http_port, transport_port)
    make_service_dirs(user)
    pid = launch(home, java, user)
    url = f"http://127.0.0.1:{http_port}"
    info = ServerInfo(pid=pid, url=url, port=http_port, version=ES_VERSION, home=str(home))
    server_state_file().write_text(json.dumps(asdict(info)))
    wait_until_ready(url, pid)
    return info


def stop(timeout_s: float = 60) -> bool:
    """Stop the managed node; returns whether one was running. Stopping a stopped server is fine."""
    info = read_state()
    server_state_file().unlink(missing_ok=True)
    if info is None or not is_our_node(info.pid):
        return False
    os.kill(info.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while pid_alive(info.pid) and time.monotonic() < deadline:
        time.sleep(0.5)
    if pid_alive(info.pid):
        os.kill(info.pid, signal.SIGKILL)
    return True


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="vnnews server",
        description=f"Manage a local Elasticsearch {ES_VERSION} (127.0.0.1 only, security off) with the "
        f"vnnews analysis plugin. Files live in {cache_dir()} (VNNEWS_CACHE). Needs Java {MIN_JAVA}+ "
        "(ES_JAVA_HOME) and Maven; not needed when ES_URL points at your own cluster.")
    actions = parser.add_subparsers(dest="action", required=True)
    start_parser = actions.add_parser("start", help="start the node (no-op if it runs) and wait until healthy")
    start_parser.add_argument("--port", type=int, help="HTTP port (default 9200, or a free one if busy)")
    actions.add_parser("stop", help="stop the node (no-op if stopped)")
    actions.add_parser("status", help="print whether the node runs; exit 5 when it does not")
    args = parser.parse_args(argv[1:])
    if args.action == "start":
        info = start(args.port)
        print(f"Elasticsearch {info.version} running at {info.url} (pid {info.pid})")
    elif args.action == "stop":
        print("stopped" if stop() else "not running")
    else:
        info = running()
        if info is None:
            raise EsUnreachable("the managed Elasticsearch is not running (vnnews server start)")
        print(f"running: Elasticsearch {info.version} at {info.url} (pid {info.pid}, health "
              f"{cluster_health(info.url)})")
    return 0
