"""`vnnews index create | status | migrate | drop-old | replay-spool | replay-dead-letters`: the article
index's lifecycle, and the way back for what the writer could not write.

Every command is safe to run twice. Exit codes: 5 Elasticsearch unreachable, 6 no index (status,
migrate), 10 documents still wait in the spool or the dead-letter file (replay-spool,
replay-dead-letters), 11 the spool, dead-letter or quarantine file cannot be written, 12 the
credentials' roles do not allow the command (docs/security/roles.json).
"""

from __future__ import annotations

import argparse
import json

from elasticsearch import Elasticsearch

from index import config, lifecycle, schema
from index.errors import Spooled
from index.writer import BulkWriter, dead_letter_file, quarantine_file, spool_dir


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="vnnews index", description="Manage the article index and its aliases.")
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    create = commands.add_parser("create", help="create the current index version and both aliases if absent")
    status = commands.add_parser("status", help="aliases, indices, document counts, schema versions, cluster "
                                 "health, nodes and shard allocation")
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    migrate = commands.add_parser("migrate", help="copy into the current schema version and move both aliases")
    for command in (create, migrate):
        add_layout_options(command)
    commands.add_parser("drop-old", help="delete the physical indices no alias points to")
    commands.add_parser("replay-spool", help="re-send the articles spooled while Elasticsearch was unavailable")
    commands.add_parser("replay-dead-letters",
                        help="re-send the dead letters once their cause is fixed (the rejected stay)")
    return root


def add_layout_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--shards", type=positive, default=schema.DEFAULT_SHARDS,
                         help=f"primary shards of a new index (default {schema.DEFAULT_SHARDS}: one per 10-50 GB "
                         "of expected index size, docs/scaling.md)")
    command.add_argument("--replicas", type=non_negative, default=schema.DEFAULT_REPLICAS,
                         help=f"copies of each shard on other nodes (default {schema.DEFAULT_REPLICAS}, right for "
                         "one node; 1 on a cluster of three or more nodes)")


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return int(text)


def non_negative(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a whole number >= 0: {text!r}")
    return int(text)


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv[1:])
    client, names = config.es_client(), config.index_names()
    with config.elasticsearch_errors():
        # reachable is all this asks: a role without cluster health (the crawler's) meets its own
        # refusal, if any, in the command itself
        client.options(ignore_status=403).cluster.health()
        if args.command == "status":
            print_status(lifecycle.status(client, names), as_json=args.json)
        elif args.command == "replay-spool":
            replay(client)
        elif args.command == "replay-dead-letters":
            replay_dead_letters(client)
        elif args.command == "drop-old":
            print("\n".join(lifecycle.drop_old(client, names)))
        else:
            action = {"create": lifecycle.create, "migrate": lifecycle.migrate}[args.command]
            print("\n".join(action(client, names, lifecycle.Layout(args.shards, args.replicas))))
    return 0


def replay(client: Elasticsearch) -> None:
    report = BulkWriter(client).replay_spool()
    print(f"replayed {report.replayed}, dead-lettered {report.dead_lettered}, "
          f"quarantined {report.quarantined}, still spooled {report.spooled}")
    if report.quarantined:
        print(f"unreadable spool lines were moved to {quarantine_file()}")
    if report.spooled:
        raise Spooled(f"{report.spooled} documents remain in {spool_dir()}")
    if report.dead_lettered:
        raise Spooled(f"{report.dead_lettered} documents were rejected: see {dead_letter_file()}, "
                      "then `vnnews index replay-dead-letters` once fixed")


def replay_dead_letters(client: Elasticsearch) -> None:
    report = BulkWriter(client).replay_dead_letters()
    print(f"replayed {report.replayed}, rejected again {report.dead_lettered}, left as they were {report.spooled}")
    if report.dead_lettered or report.spooled:
        raise Spooled(f"{report.dead_lettered + report.spooled} documents remain in {dead_letter_file()}")


def print_status(state: dict, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(state, indent=2))
        return
    versions = state["schema_version"]
    print(f"read alias   {state['read_alias']['name']} -> {', '.join(state['read_alias']['indices']) or '-'}")
    print(f"write alias  {state['write_alias']['name']} -> {', '.join(state['write_alias']['indices'])}")
    for index in state["indices"]:
        aliases = ", ".join(index["aliases"]) or "no alias"
        print(f"index        {index['name']}  {index['docs']} docs  schema v{index['schema_version']}  ({aliases})")
    due = "migration due: run `vnnews index migrate`" if state["migration_due"] else "up to date"
    print(f"schema       index v{versions['index']}, code v{versions['code']}: {due}")
    print_cluster(state["cluster"])


def print_cluster(cluster: dict) -> None:
    print(f"cluster      {cluster['name']}  health {cluster['status']}  {len(cluster['nodes'])} nodes  "
          f"{cluster['unassigned_shards']} unassigned shards (all indices)")
    for node in cluster["nodes"]:
        master = "  master" if node["master"] else ""
        print(f"node         {node['name']}  roles {node['roles']}  heap {node['heap_percent']}%  "
              f"disk {node['disk_percent']}%{master}")
    for shard in cluster["shards"]:
        copy = "primary" if shard["primary"] else "replica"
        where = shard["node"] or f"unassigned ({shard['unassigned_reason']})"
        print(f"shard        {shard['index']}/{shard['shard']} {copy:7}  {shard['state']:12} {where}  "
              f"{shard['docs'] or 0} docs  {shard['store'] or '-'}")
