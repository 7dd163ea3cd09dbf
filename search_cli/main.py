"""The `vnnews` console command: dispatches to the subcommand's module.

Each subcommand lives with the part of the project it drives and exposes `main(argv) -> int`.
Modules are imported only when their subcommand runs, so `vnnews search` never imports Scrapy.
"""

from __future__ import annotations

import importlib
import os
import sys

from index.errors import CliError

COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("crawler.demo", "offline demo: managed server, crawl of the bundled archive, a search"),
    "server": ("index.server", "start | stop | status of the managed local Elasticsearch"),
    "index": ("index.cli", "create | status | migrate | drop-old | replay-spool the article index"),
    "crawl": ("crawler.cli", "crawl sites (SITE..., --all), pages (--url) or an unknown site (--start)"),
    "sites": ("crawler.sites_cli", "the known sites: hosts, templates, discovery entry points, evidence"),
    "extract": ("crawler.extract.cli", "print the Article extracted from one saved HTML page"),
    "search": ("search_cli.cli", "full-text search with date filters and facets"),
    "facets": ("search_cli.cli", "distribution of the whole index (dates, sites, categories)"),
    "show": ("search_cli.cli", "print one article by id or URL"),
    "export": ("search_cli.cli", "stream every match as JSON lines or CSV"),
    "similar": ("search_cli.similar", "articles most like one article (by id or URL)"),
    "watch": ("search_cli.watch", "add | list | remove | run saved searches that report what is new"),
}


def usage() -> str:
    width = max(map(len, COMMANDS))
    lines = ["usage: vnnews COMMAND [options]   (vnnews COMMAND --help for details)", "", "commands:"]
    lines += [f"  {name.ljust(width)}  {summary}" for name, (_, summary) in COMMANDS.items()]
    return "\n".join(lines)


def shown(error: BaseException) -> str:
    """The error's text without credentials; the configuration is imported only when there is an error,
    so that `--help` loads nothing but the command's options."""
    from index.config import redact

    return redact(str(error))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help", "help"}:
        print(usage())
        return 0
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"vnnews: unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    try:
        return module.main([name, *rest])
    except CliError as error:
        print(f"vnnews {name}: error: {shown(error)}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(f"vnnews {name}: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # the contract is one line, never a traceback (and never a credential)
        if os.environ.get("VNNEWS_DEBUG"):
            raise
        print(f"vnnews {name}: internal error: {type(error).__name__}: {shown(error)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
