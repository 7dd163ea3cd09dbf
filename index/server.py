"""The managed local Elasticsearch: `vnnews server start | stop | status`.

One node of the Elasticsearch integ-test distribution from Maven Central, unpacked into the cache
directory, with our Vietnamese analysis plugin installed, listening on 127.0.0.1 only (so security
is off). Elasticsearch refuses to run as root, so a root caller starts it as a system user.
Users of an existing cluster set ES_URL and never need this module, Java or Maven.
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


def unzip_preserving_modes(archive: Path, target: Path) -> None:
    with zipfile.ZipFile(archive) as zipped:
        for member in zipped.infolist():
            path = Path(zipped.extract(member, target))
            mode = member.external_attr >> 16
            if mode and not member.is_dir():
                path.chmod(mode & 0o777)


def ensure_distribution(java: Path) -> Path:
    home = es_home()
    if (home / "bin" / "elasticsearch").exists():
        return home
    download = cache_dir() / "download"
    download.mkdir(parents=True, exist_ok=True)
    print(f"vnnews server: fetching Elasticsearch {ES_VERSION} from Maven Central …", flush=True)
    run_maven([f"{DEPENDENCY_PLUGIN}:copy", f"-Dartifact={ES_ARTIFACT}", f"-DoutputDirectory={download}"],
              f"download of {ES_ARTIFACT}", java)
    unzip_preserving_modes(download / f"elasticsearch-{ES_VERSION}.zip", cache_dir())
    return home


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
    env = {**os.environ, "ES_JAVA_HOME": str(java)}
    if (home / "plugins" / PLUGIN_NAME).exists():
        subprocess.run([*plugin_cli, "remove", PLUGIN_NAME], capture_output=True, env=env)
    done = subprocess.run([*plugin_cli, "install", "--batch", PLUGIN_ZIP.as_uri()],
                          capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise ServerSetupError(f"installing the analysis plugin failed: {(done.stderr or done.stdout).strip()[-300:]}")
    marker.write_text(digest)


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
    (home / "config" / "elasticsearch.yml").write_text("\n".join(lines) + "\n")


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


def hand_over(user: str, paths: list[Path]) -> None:
    account = pwd.getpwnam(user)
    for top in paths:
        for root, dirs, files in os.walk(top):
            os.chown(root, account.pw_uid, account.pw_gid)
            for name in dirs + files:
                os.lchown(os.path.join(root, name), account.pw_uid, account.pw_gid)


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


def log_tail(lines: int = 20) -> str:
    log = cache_dir() / "logs" / "vnnews-local.log"
    start_out = cache_dir() / "run" / "start.out"
    texts = [path.read_text(errors="replace") for path in (start_out, log) if path.exists()]
    return "\n".join("\n".join(texts).splitlines()[-lines:])


def launch(home: Path, java: Path, user: str | None) -> int:
    run_dir = cache_dir() / "run"
    pid_file = run_dir / "es.pid"
    pid_file.unlink(missing_ok=True)
    env = {**os.environ, "ES_JAVA_HOME": str(java),
           "ES_JAVA_OPTS": os.environ.get("VNNEWS_ES_JAVA_OPTS", "-Xms1g -Xmx1g")}
    command = [str(home / "bin" / "elasticsearch"), "-d", "-p", str(pid_file)]
    if user:
        command = ["runuser", "-u", user, "--", *command]
    with open(run_dir / "start.out", "w") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=home)
    if done.returncode != 0 or not pid_file.exists():
        raise ServerSetupError(f"Elasticsearch exited during start-up (code {done.returncode}); log tail:\n"
                               f"{log_tail()}")
    return int(pid_file.read_text().strip())


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
    cache_dir().mkdir(parents=True, exist_ok=True)
    home = ensure_distribution(java)
    ensure_plugin(home, java)
    http_port, transport_port = choose_ports(port)
    write_config(home, http_port, transport_port)
    for name in ("data", "logs", "run"):
        (cache_dir() / name).mkdir(exist_ok=True)
    user = ensure_server_user()
    if user:
        check_traversable(cache_dir())
        hand_over(user, [home, *(cache_dir() / name for name in ("data", "logs", "run"))])
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
