"""No credential in any output, error or file: a password in ES_URL, ES_PASSWORD and ES_API_KEY never
appear, whether Elasticsearch is unreachable or answers (and refuses) the request.

The server under test has security off, so it ignores the credentials; what is checked is that vnnews
never repeats them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.config import IndexNames

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cr3t-Pa55"
RUN_TIMEOUT_S = 120
DEMO_ARCHIVE = ROOT / "crawler" / "replay" / "bkto-demo.warc.gz"
LONG_QUERY = " ".join(f"w{number}" for number in range(5000))

COMMANDS = [  # the index first, so that the searches reach Elasticsearch's own refusals
    ["index", "create"],
    ["search", "kiem toan"],
    ["search", "kiem", "--from", "1900", "--to", "2100", "--facet", "day"],
    ["search", LONG_QUERY],
    ["facets"],
    ["show", "https://baokiemtoan.vn/khong-co.html"],
    ["export", "kiem toan", "--jsonl"],
    ["export", LONG_QUERY, "--jsonl"],
    ["index", "status"],
    ["index", "status", "--json"],
    ["index", "migrate"],
    ["index", "replay-spool"],
    ["index", "drop-old"],
    ["crawl", "bkto", "--replay", str(DEMO_ARCHIVE)],
    ["crawl", "bkto", "--replay", str(DEMO_ARCHIVE), "-s", "LOG_LEVEL=DEBUG"],
]


def with_password(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://analyst:{SECRET}@{rest}"


def run_everything(url: str, index: str, data: Path) -> list[tuple[list[str], int, str]]:
    """Each command's exit code and everything it wrote (stdout, stderr, and the files in `data`)."""
    environment = {**os.environ, "ES_URL": url, "ES_USER": "analyst", "ES_PASSWORD": f"pw-{SECRET}",
                   "ES_API_KEY": f"key-{SECRET}", "VNNEWS_INDEX": index, "VNNEWS_DATA": str(data),
                   "PYTHONPATH": str(ROOT)}
    answers = []
    for argv in COMMANDS:
        done = subprocess.run([sys.executable, "-m", "search_cli.main", *argv], capture_output=True,
                              env=environment, timeout=RUN_TIMEOUT_S)
        files = b"".join(path.read_bytes() for path in data.rglob("*") if path.is_file())
        answers.append((argv, done.returncode, (done.stdout + done.stderr + files).decode(errors="replace")))
    return answers


def assert_no_secret(answers: list[tuple[list[str], int, str]]) -> None:
    leaks = [(argv[:3], code, text[text.find(SECRET) - 200:][:400]) for argv, code, text in answers if SECRET in text]
    assert not leaks, leaks


def test_no_credential_when_elasticsearch_is_unreachable(closed_port: int, tmp_path: Path) -> None:
    answers = run_everything(with_password(f"http://127.0.0.1:{closed_port}"), "test-credentials", tmp_path)
    assert_no_secret(answers)
    searches = [(argv, code, text) for argv, code, text in answers if argv[0] in {"search", "show", "export"}]
    assert all(code == 5 and "cannot reach Elasticsearch at http://127.0.0.1:" in text for _, code, text in searches)


def test_no_credential_when_elasticsearch_answers(es_url: str, index_names: IndexNames, tmp_path: Path) -> None:
    answers = run_everything(with_password(es_url), index_names.base, tmp_path)
    assert_no_secret(answers)
    codes = [(argv[:2], code) for argv, code, _ in answers]
    assert all(code in {0, 4, 9} for argv, code in codes if argv[0] in {"index", "search", "facets", "export"}), codes
    assert (["search", LONG_QUERY], 4) in codes


@pytest.mark.parametrize("url", [f"analyst:{SECRET}@127.0.0.1:9", f"http://analyst:{SECRET}@[::1"])
def test_no_credential_in_the_error_of_a_malformed_url(url: str, tmp_path: Path) -> None:
    environment = {**os.environ, "ES_URL": url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "search_cli.main", "search", "kiem"], capture_output=True,
                          env=environment, timeout=RUN_TIMEOUT_S)
    assert done.returncode != 0
    assert done.stderr.decode().count("\n") == 1, done.stderr
    assert SECRET.encode() not in done.stdout + done.stderr
