"""Hostile input to `vnnews search | facets | show | export`: every one is answered with one line on
stderr and a documented exit code (never 1, the internal error), within a bounded time.

The inputs are generated here. Cases that need real process boundaries (bytes that are not UTF-8 in
argv, a full device, a pipe closed by its reader) run the command in a subprocess; the generated
query mix runs in-process through the dispatcher, against the real server."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch, helpers

from index import lifecycle
from index.config import IndexNames
from index.errors import BadInput, BadQuery, NotFound
from search_cli import main as dispatcher

ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT_S = 60  # a hang, not a slow answer: each command normally answers in about a second


@dataclass(frozen=True)
class Answer:
    code: int
    out: bytes
    err: str


@pytest.fixture(scope="module")
def archive(es: Elasticsearch) -> Iterator[IndexNames]:
    """Enough articles for an export to overflow a pipe's buffer (about 64 KiB)."""
    names = IndexNames(f"test-hostile-{uuid.uuid4().hex[:10]}")
    lifecycle.create(es, names)
    body = ["Kiểm toán nhà nước công bố kết quả kiểm toán ngân sách. " * 20]
    helpers.bulk(es, ({"_index": names.write_alias, "_id": str(number), "_source": {
        "url": f"https://baokiemtoan.vn/{number}.html", "canonical_url": f"https://baokiemtoan.vn/{number}.html",
        "site": "baokiemtoan.vn", "title": f"Kiểm toán {number}", "body": body,
        "published_at": "2023-04-30T23:30:00+07:00", "language": "vi"}} for number in range(200)),
        refresh=True)
    yield names
    es.indices.delete(index=list(lifecycle.physical_indices(es, names)))


@pytest.fixture
def environment(archive: IndexNames, es_url: str) -> dict[str, str]:
    return {**os.environ, "ES_URL": es_url, "VNNEWS_INDEX": archive.base, "PYTHONPATH": str(ROOT)}


def run(environment: dict[str, str], *argv: str | bytes, stdout: int | None = subprocess.PIPE) -> Answer:
    done = subprocess.run([sys.executable, "-m", "search_cli.main", *argv], stdout=stdout,
                          stderr=subprocess.PIPE, env=environment, timeout=RUN_TIMEOUT_S)
    return Answer(done.returncode, done.stdout or b"", done.stderr.decode(errors="replace"))


def assert_one_line(answer: Answer, code: int, *words: str) -> None:
    assert answer.code == code, answer.err
    assert answer.err.count("\n") == 1, answer.err
    assert all(word in answer.err for word in words), answer.err


def test_five_thousand_words_is_a_query_too_long(environment: dict[str, str]) -> None:
    words = " ".join(f"w{number}" for number in range(5000))
    assert_one_line(run(environment, "search", words), BadQuery.exit_code, "query too long", "clauses")
    assert_one_line(run(environment, "export", words, "--jsonl"), BadQuery.exit_code, "query too long")


def test_two_thousand_ors_is_a_query_too_long(environment: dict[str, str]) -> None:
    alternatives = " OR ".join(f'"w{number} x"' for number in range(2000))
    assert_one_line(run(environment, "search", alternatives), BadQuery.exit_code, "query too long")


@pytest.mark.parametrize("argv", [
    ["search", b"kiem \xff\xfe toan"],
    ["search", "kiem", "--site", b"\xc3"],
    ["facets", "--category", b"kinh t\xe9"],
    ["show", b"\xed\xa0\x80"],  # the UTF-8 form of a lone surrogate
    ["export", b"\x80", "--jsonl"],
])
def test_bytes_that_are_not_utf8_are_bad_input(environment: dict[str, str], argv: list[str | bytes]) -> None:
    assert_one_line(run(environment, *argv), BadInput.exit_code, "not valid UTF-8")


def test_two_centuries_of_days_suggest_a_coarser_facet(environment: dict[str, str]) -> None:
    answer = run(environment, "search", "kiem", "--from", "1900", "--to", "2100", "--facet", "day")
    assert_one_line(answer, BadInput.exit_code, "too many facet buckets", "week, month or year")


@pytest.mark.parametrize(("key", "code"), [("", BadInput.exit_code), ("   ", BadInput.exit_code),
                                           ("a" * 100_000, NotFound.exit_code),
                                           ("https://baokiemtoan.vn/" + "đ" * 20_000, NotFound.exit_code)])
def test_show_of_empty_or_huge_keys(environment: dict[str, str], key: str, code: int) -> None:
    answer = run(environment, "show", key)
    assert_one_line(answer, code)
    assert len(answer.err) < 300


def test_output_to_a_full_device_is_one_line(environment: dict[str, str]) -> None:
    answer = run(environment, "export", "kiem", "--jsonl", "--output", "/dev/full")
    assert_one_line(answer, BadInput.exit_code, "cannot write /dev/full", "No space left")
    with open("/dev/full", "wb") as full:
        for argv in (["search", "kiem"], ["export", "kiem", "--csv"], ["facets"]):
            assert_one_line(run(environment, *argv, stdout=full), BadInput.exit_code, "standard output")


@pytest.mark.parametrize("argv", [["search", "kiem", "--size", "200", "--jsonl"], ["export", "kiem", "--jsonl"]])
def test_reader_closing_the_pipe_is_a_quiet_success(environment: dict[str, str], argv: list[str]) -> None:
    """Like `| head`: the reader goes away before the output is written."""
    process = subprocess.Popen([sys.executable, "-m", "search_cli.main", *argv], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=environment)
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=RUN_TIMEOUT_S)
    assert process.returncode == 0, err
    assert b"Error" not in err and b"Traceback" not in err, err


# --- a generated mix of hostile queries, run in-process ----------------------------------------------

PIECES = ['"', "“", "”", "-", "--", "OR", "*", "?", "kiểm", "toán", "ha", "noi", "\u0300" * 50, "\x00", "\t",
          "a" * 300, "(", ")", "[", "{", "}", ":", "\\", "/", "~", "^", "AND", "NOT", "&&", "||", "\ud800",
          "🙂", "\u200f", "\ufeff", "𝔘𝔅𝔑𝔇", "null", "\u0110", "x:y", "title:", "_id", "%s", "{{x}}", "'", "\n"]


def hostile_queries(count: int) -> Iterator[str]:
    generator = random.Random(12)
    for _ in range(count):
        pieces = generator.choices(PIECES, k=generator.randint(1, 30))
        yield "".join(piece + generator.choice(["", " ", "  "]) for piece in pieces)


def test_generated_hostile_queries_are_answered_in_one_line(
    archive: IndexNames, es_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("VNNEWS_INDEX", archive.base)
    answered: dict[int, int] = {}
    for query in hostile_queries(300):
        code = dispatcher.main(["search", "--json", "--", query])
        err = capsys.readouterr().err
        assert code in {0, BadQuery.exit_code, BadInput.exit_code}, (query, err)
        assert err.count("\n") == (code != 0), (query, err)
        answered[code] = answered.get(code, 0) + 1
    assert answered.get(0, 0) > 30, answered  # the mix is not refused wholesale


def test_generated_hostile_show_keys_are_answered_in_one_line(
    archive: IndexNames, es_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("VNNEWS_INDEX", archive.base)
    generator = random.Random(7)
    sizes = [0, 1, 511, 512, 513, 32_766, 32_767, 100_000]
    keys = [generator.choice(PIECES) * (size // 2 + 1) for size in sizes for _ in range(4)]
    for key in [*keys, "https://baokiemtoan.vn/1.html?" + "x" * 40_000, "\x00", "\ud800", " "]:
        code = dispatcher.main(["show", "--", key])
        err = capsys.readouterr().err
        assert code in {0, NotFound.exit_code, BadInput.exit_code}, (key[:40], err)
        assert err.count("\n") == (code != 0) and len(err) < 400, (key[:40], err)
