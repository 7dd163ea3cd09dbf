"""Errors every `vnnews` subcommand may raise, with their documented exit codes.

A subcommand raises one of these; the dispatcher (search_cli.main) prints its message as a single
line on stderr and exits with its code. The table is repeated for users in README.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


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


class NotAllowed(CliError):
    """The credentials are valid but their roles do not grant this action on this index (403)."""

    exit_code = 12


class Unhealthy(CliError):
    """`vnnews crawl status --check`: at least one site's crawls look broken (one line per site)."""

    exit_code = 13


class QueryTooLong(BadQuery):
    """More clauses than Elasticsearch accepts in one query (indices.query.bool.max_clause_count)."""


class TooManyBuckets(BadInput):
    """A facet asks for more buckets than Elasticsearch builds in one answer (search.max_buckets)."""


# Anything this long and unbroken in an error reason is an opaque id (point in time, scroll, search
# context): of no use to the user, and not to be echoed.
_OPAQUE_ID = re.compile(r"[A-Za-z0-9+/=_-]{40,}")
_REASON_CHARS = 200


def _causes(error: object) -> Iterator[dict]:
    """Every error object in an Elasticsearch error body: the error, its root causes, the shard
    failures and the chains of `caused_by` below each of them."""
    if not isinstance(error, dict):
        return
    yield error
    shard_failures = [failure.get("reason") for failure in error.get("failed_shards", [])]
    for nested in [*error.get("root_cause", []), *shard_failures]:
        yield from _causes(nested)
    yield from _causes(error.get("caused_by"))


def _short(reason: str) -> str:
    reason = _OPAQUE_ID.sub("…", " ".join(reason.split()))
    return reason if len(reason) <= _REASON_CHARS else reason[:_REASON_CHARS] + "…"


def elasticsearch_refusal(status: int, body: object) -> CliError:
    """The one-line error for a request Elasticsearch answered with an error `body` (its JSON answer).

    Limits the user can act on get their own advice; anything else names the error's type and reason,
    shortened and without opaque ids."""
    error = body.get("error") if isinstance(body, dict) else body
    causes = list(_causes(error)) or [{"type": "error", "reason": error if isinstance(error, str) else ""}]
    types = {str(cause.get("type")) for cause in causes}
    reasons = [str(cause.get("reason") or "") for cause in causes]
    clause_limit = any("maxClauseCount" in reason or "too many clauses" in reason.lower() for reason in reasons)
    if clause_limit or types & {"too_many_nested_clauses", "too_many_clauses"}:
        limit = next((m.group(1) for r in reasons if (m := re.search(r"maxClauseCount is set to (\d+)", r))), "?")
        return QueryTooLong(f"query too long: Elasticsearch accepts at most {limit} clauses in one query; "
                            "use fewer words and fewer OR alternatives")
    if buckets := next((cause for cause in causes if cause.get("type") == "too_many_buckets_exception"), None):
        limit = buckets.get("max_buckets", "?")
        return TooManyBuckets(f"too many facet buckets (Elasticsearch builds at most {limit}): "
                              "use a coarser --facet (week, month or year) or a shorter date range")
    if status == 403 and "security_exception" in types:
        denied = (re.search(r"action \[(.+?)\] is unauthorized", reason) for reason in reasons)
        action = next((match.group(1) for match in denied if match), "this action")
        return NotAllowed(f"not allowed: the credentials' roles do not permit {action} here (ask an operator "
                          "for the role: docs/security/roles.json)")
    deepest = next((cause for cause in reversed(causes) if cause.get("reason")), causes[0])
    line = f"Elasticsearch answered {status} {deepest.get('type', 'error')}: {_short(str(deepest.get('reason', '')))}"
    # overload, unavailable shards or cluster, refused credentials: the server cannot serve us now
    return EsUnreachable(line) if status in {401, 403, 429} or status >= 500 else CliError(line)
