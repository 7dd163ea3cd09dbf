"""Spool, dead-letter, quarantine and lock files are private whatever the umask (issue 12, item 9): created
0600 in 0700 directories; an existing one others may write is tightened, or refused in one line when it is
not ours; a symlink planted in their place is refused."""

from __future__ import annotations

import json
import os
import pwd
import stat
from pathlib import Path

import pytest
from writer_support import article

from index import config
from index.errors import SpoolUnwritable
from index.writer import BulkWriter, dead_letter_file, quarantine_file, spool_dir


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VNNEWS_DATA", str(tmp_path / "deep" / "data"))
    return config.data_dir()


@pytest.fixture
def open_umask() -> object:
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_every_file_and_directory_is_private_under_umask_000(data, open_umask, closed_port):
    from elasticsearch import Elasticsearch

    unreachable = Elasticsearch(f"http://127.0.0.1:{closed_port}", max_retries=0, request_timeout=2)
    with BulkWriter(unreachable, batch_size=2, max_retries=0) as bulk:
        for number in range(3):
            bulk.add(article(number))
        bulk.add(article(9, canonical_url=None))  # a dead letter
    (spool_dir() / "0-earlier.jsonl").write_bytes(b"\xff\n")
    os.chmod(spool_dir() / "0-earlier.jsonl", 0o600)
    BulkWriter(unreachable, max_retries=0).replay_spool()  # quarantines the line, keeps the rest
    made = [data.parent, data, spool_dir(), *spool_dir().iterdir(), *data.iterdir()]
    assert quarantine_file().exists() and dead_letter_file().exists()
    assert any(path.name.endswith(".lock") for path in made)
    for path in made:
        expected = 0o700 if path.is_dir() else 0o600
        assert mode(path) == expected, f"{path} is {oct(mode(path))}"


def test_an_existing_world_writable_file_or_directory_of_ours_is_tightened(data):
    spool_dir().mkdir(parents=True)
    os.chmod(data, 0o777)
    os.chmod(spool_dir(), 0o777)
    dead_letter_file().write_text("")
    os.chmod(dead_letter_file(), 0o666)
    with BulkWriter(None, batch_size=1) as bulk:
        bulk.add(article(1, canonical_url=None))
    assert (mode(data), mode(spool_dir()), mode(dead_letter_file())) == (0o700, 0o700, 0o600)
    assert json.loads(dead_letter_file().read_text())["reason"].startswith("no canonical_url")


def test_a_world_writable_file_of_another_user_is_refused_in_one_line(data):
    data.mkdir(parents=True, mode=0o700)
    dead_letter_file().write_text("")
    os.chmod(dead_letter_file(), 0o666)
    os.chown(dead_letter_file(), pwd.getpwnam("nobody").pw_uid, -1)
    bulk = BulkWriter(None, batch_size=1)
    with pytest.raises(SpoolUnwritable, match=r"dead-letter.jsonl is writable by other users .*: refusing it") as error:
        bulk.add(article(1, canonical_url=None))
    assert "\n" not in str(error.value)
    assert dead_letter_file().read_text() == ""


def test_a_symlink_planted_as_the_dead_letter_file_is_refused(data, tmp_path):
    data.mkdir(parents=True, mode=0o700)
    target = tmp_path / "root-only"
    target.write_text("secret\n")
    dead_letter_file().symlink_to(target)
    with pytest.raises(SpoolUnwritable, match=r"dead-letter\.jsonl"), BulkWriter(None, batch_size=1) as bulk:
        bulk.add(article(1, canonical_url=None))
    assert target.read_text() == "secret\n"
