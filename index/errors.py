"""Errors every `vnnews` subcommand may raise, with their documented exit codes.

A subcommand raises one of these; the dispatcher (search_cli.main) prints its message as a single
line on stderr and exits with its code. The table is repeated for users in README.md.
"""


class CliError(Exception):
    """An expected failure: one line for the user, a distinct exit code for scripts."""

    exit_code = 1


class BadDate(CliError):
    exit_code = 3


class BadQuery(CliError):
    exit_code = 4


class EsUnreachable(CliError):
    exit_code = 5


class IndexMissing(CliError):
    exit_code = 6


class ServerSetupError(CliError):
    """The managed Elasticsearch could not be obtained, configured or started."""

    exit_code = 7


class NotFound(CliError):
    exit_code = 8


class BadInput(CliError):
    """An input file or argument that cannot be read or understood (not a date, not a query)."""

    exit_code = 9


class Spooled(CliError):
    """Work finished, but some documents wait in the spool or the dead-letter file."""

    exit_code = 10


class SpoolUnwritable(CliError):
    """The spool, dead-letter or quarantine file cannot be written (disk full, read-only, permissions,
    quota) or is not private: nothing more is accepted, nothing accepted is lost."""

    exit_code = 11
