"""Several managed nodes on loopback forming one cluster: what the cluster tests run against.

Every node runs the one distribution of the managed server (index.server: root-owned, the analysis
plugin installed, started as the service account); what differs per node is its directory under
`<cache>/cluster/<node>`: a configuration directory (ES_PATH_CONF) that root writes afresh before each
start and the account can only read, and the service directories (data, logs, run, tmp), the only
things the account owns. So the guarantee of index.server holds for every node: root never executes or
writes through anything the account can change.

A cluster on one machine survives no machine failure: it is for tests and for rehearsing operations
(node loss, rolling changes), not for production, where each node has its own machine. With users,
security is switched on (file-realm users and roles written by root before the start; HTTP without TLS
on loopback), which Elasticsearch allows for a single node only.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from base64 import b64encode
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from index import server
from index.config import cache_dir
from index.errors import ServerSetupError

NODE_HEAP = "-Xms512m -Xmx512m"
STOP_TIMEOUT_S = 60
# What the node reads from its configuration directory besides elasticsearch.yml (written per node).
CONFIG_FILES = ("jvm.options", "log4j2.properties", "roles.yml", "role_mapping.yml", "users", "users_roles")


@dataclass(frozen=True)
class Node:
    name: str
    http_port: int
    transport_port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def directory(self) -> Path:
        return cache_dir() / "cluster" / self.name

    @property
    def config_dir(self) -> Path:
        return self.directory / "config"


@dataclass(frozen=True)
class FileUser:
    """A user of the file realm, created by root before the start (the integ-test distribution has no
    analysis-common module, which the native realm's .security index needs)."""

    name: str
    password: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Cluster:
    name: str
    nodes: tuple[Node, ...]
    # with users, security is on (single node only): file-realm users and roles (role name -> the body of
    # Elasticsearch's role API, as docs/security/roles.json); the first user must be allowed cluster health
    users: tuple[FileUser, ...] = ()
    roles: dict = field(default_factory=dict)

    @property
    def urls(self) -> str:
        """The nodes as ES_URL takes them."""
        return ",".join(node.url for node in self.nodes)


def plan(name: str, count: int, first_http_port: int, first_transport_port: int,
         users: tuple[FileUser, ...] = (), roles: dict | None = None) -> Cluster:
    """Cluster `name` of `count` nodes named `<name>-1` … on consecutive ports."""
    if users and count != 1:
        raise ServerSetupError("security without transport TLS is only possible on a single node")
    nodes = tuple(Node(f"{name}-{n + 1}", first_http_port + n, first_transport_port + n) for n in range(count))
    return Cluster(name, nodes, users, roles or {})


def node_settings(cluster: Cluster, node: Node) -> dict:
    settings: dict = {
        "cluster.name": cluster.name,
        "node.name": node.name,
        "network.host": "127.0.0.1",
        "http.port": node.http_port,
        "transport.port": node.transport_port,
        "path.data": str(node.directory / "data"),
        "path.logs": str(node.directory / "logs"),
        "cluster.routing.allocation.disk.threshold_enabled": False,
        "xpack.security.enabled": bool(cluster.users),
    }
    if len(cluster.nodes) == 1:
        settings["discovery.type"] = "single-node"
    else:
        settings["discovery.seed_hosts"] = [f"127.0.0.1:{other.transport_port}" for other in cluster.nodes]
        # read only when the cluster forms for the first time; a restarted node finds it in its data
        settings["cluster.initial_master_nodes"] = [other.name for other in cluster.nodes]
    if cluster.users:
        settings["xpack.security.http.ssl.enabled"] = False
        settings["xpack.security.transport.ssl.enabled"] = False
    return settings


def write_node_config(home: Path, cluster: Cluster, node: Node, java: Path, user: str | None) -> None:
    """The node's configuration directory, made afresh by root from the distribution's (which only root
    can change): readable by the account, the keystore and user files by its group only."""
    for path in (node.directory.parent, node.directory):
        if not os.path.lexists(path):
            os.mkdir(path, 0o755)
    shutil.rmtree(node.config_dir, ignore_errors=True)
    node.config_dir.mkdir(mode=0o755)
    shutil.copytree(home / "config" / "jvm.options.d", node.config_dir / "jvm.options.d")
    for name in (*CONFIG_FILES, "elasticsearch.keystore"):
        shutil.copyfile(home / "config" / name, node.config_dir / name, follow_symlinks=False)
    settings = node_settings(cluster, node)
    server.replace_file(node.config_dir / "elasticsearch.yml",
                        "".join(f"{key}: {json.dumps(value)}\n" for key, value in settings.items()))
    if cluster.users:
        # a role per line, its API body as a YAML flow mapping (JSON is YAML): the roles file is read
        # one top-level entry at a time
        server.replace_file(node.config_dir / "roles.yml", "".join(
            f"{name}: {json.dumps(body, ensure_ascii=False)}\n" for name, body in cluster.roles.items()))
    for file_user in cluster.users:
        add_file_user(home, node, java, file_user)
    server.make_readable(node.config_dir)
    for secret in ("elasticsearch.keystore", "users", "users_roles"):
        path = node.config_dir / secret
        if user:
            os.chown(path, 0, pwd.getpwnam(user).pw_gid, follow_symlinks=False)
        path.chmod(0o640)


def add_file_user(home: Path, node: Node, java: Path, user: FileUser) -> None:
    env = {**server.tool_environment(java), "ES_PATH_CONF": str(node.config_dir)}
    done = subprocess.run([str(home / "bin" / "elasticsearch-users"), "useradd", user.name, "-p", user.password,
                           "-r", ",".join(user.roles)], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise ServerSetupError(f"creating user {user.name} failed: {(done.stderr or done.stdout).strip()[-300:]}")


def health(cluster: Cluster, node: Node) -> dict | None:
    """The cluster's health as `node` sees it once every node of `cluster` joined, else None."""
    request = urllib.request.Request(f"{node.url}/_cluster/health?wait_for_nodes={len(cluster.nodes)}&timeout=1s")
    if cluster.users:
        login = f"{cluster.users[0].name}:{cluster.users[0].password}"
        request.add_header("Authorization", "Basic " + b64encode(login.encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            found = json.load(answer)
    except (urllib.error.URLError, OSError, ValueError):
        return None
    return None if found.get("timed_out") else found


def pid(node: Node) -> int | None:
    """The running process of `node`, if any: a recorded pid is trusted only when it is that node."""
    recorded = server.read_end(node.directory / "run" / "es.pid", 32).strip()
    if not recorded.isdigit():
        return None
    try:
        command = Path(f"/proc/{recorded}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return None
    # the configuration directory is not on the node's command line, its temporary directory is
    ours = "org.elasticsearch" in command and f"-Djava.io.tmpdir={node.directory / 'tmp'}\0" in command
    return int(recorded) if ours else None


def launch_node(home: Path, java: Path, user: str | None, node: Node) -> int:
    env = {"ES_PATH_CONF": str(node.config_dir), "ES_JAVA_OPTS": NODE_HEAP}
    return server.launch(home, java, user, node.directory, env)


def wait_until_joined(cluster: Cluster, node: Node) -> None:
    deadline = time.monotonic() + server.READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if health(cluster, node):
            return
        if pid(node) is None:
            break
        time.sleep(1)
    tail = server.log_tail(node_dir=node.directory, cluster_name=cluster.name)
    raise ServerSetupError(f"{node.name} did not join {len(cluster.nodes)} nodes; log tail:\n{tail}")


def start(cluster: Cluster) -> None:
    """Start every node of `cluster` (one distribution, one directory per node) and wait until all
    joined. Nodes already running are left as they are."""
    java = server.java_home()
    server.check_java(java)
    user = server.ensure_server_user()
    server.prepare_cache(user)
    home = server.ensure_distribution(java)
    server.ensure_plugin(home, java)
    server.ensure_keystore(home, java, user)
    stopped = [node for node in cluster.nodes if pid(node) is None]
    for node in stopped:
        for port in (node.http_port, node.transport_port):
            if not server.port_is_free(port):
                raise ServerSetupError(f"port {port} on 127.0.0.1 is busy: plan the cluster on other ports")
        write_node_config(home, cluster, node, java, user)
        server.make_service_dirs(user, node.directory)
    # together: a node waits for the others to elect a master before its start-up completes
    with ThreadPoolExecutor(len(stopped) or 1) as pool:
        list(pool.map(lambda node: launch_node(home, java, user, node), stopped))
    for node in cluster.nodes:
        wait_until_joined(cluster, node)


def restart_node(cluster: Cluster, node: Node) -> None:
    """Start one stopped (or killed) node of `cluster` again with its data, and wait until it joined."""
    java = server.java_home()
    user = server.ensure_server_user()
    launch_node(server.es_home(), java, user, node)
    wait_until_joined(cluster, node)


def kill(node: Node, how: signal.Signals = signal.SIGKILL) -> None:
    if (running := pid(node)) is not None:
        os.kill(running, how)


def stop(cluster: Cluster) -> None:
    """Stop every node (SIGTERM, SIGKILL after STOP_TIMEOUT_S); stopped nodes are fine."""
    running = [found for node in cluster.nodes if (found := pid(node)) is not None]
    for process in running:
        os.kill(process, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while any(server.pid_alive(process) for process in running) and time.monotonic() < deadline:
        time.sleep(0.5)
    for process in running:
        if server.pid_alive(process):
            os.kill(process, signal.SIGKILL)


def remove(cluster: Cluster) -> None:
    """Delete the directories (configuration, data, logs) of the stopped nodes of `cluster`."""
    for node in cluster.nodes:
        if pid(node) is None:
            shutil.rmtree(node.directory, ignore_errors=True)
