"""Every generated damaged archive (tests/reliability/damaged_warcs.py) is refused with the byte offset of
the damage, in bounded time, never replayed silently in part; `--allow-partial` replays what precedes
the damage and says how much it skipped."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from damaged_warcs import PAGES, damaged_warcs, hostile_but_whole, without_target_uri

from crawler.replay.archive import ArchiveReader, DamagedArchive

BOUND_SECONDS = 5.0  # a hang (the reported /dev/zero one ran 14 minutes) is far beyond it


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("damaged")


def damaged(corpus: Path) -> list[tuple[str, Path, int | None]]:
    return list(damaged_warcs(corpus))


def test_the_corpus_covers_every_reported_case(corpus: Path) -> None:
    names = [name for name, _, _ in damaged(corpus)]
    assert len(names) + len(list(without_target_uri(corpus))) + len(NOT_FILES) >= 36
    assert {"empty", "plain-text", "plain-length-999999999999", "gzip-length-999999999999"} <= set(names)
    assert sum(name.startswith("truncated-") for name in names) >= 6


def test_each_damaged_archive_is_refused_with_its_offset(corpus: Path) -> None:
    for name, path, _ in damaged(corpus):
        started = time.monotonic()
        with pytest.raises(DamagedArchive) as refused:
            ArchiveReader(path)
        assert time.monotonic() - started < BOUND_SECONDS, name
        assert 0 <= refused.value.offset <= path.stat().st_size, name
        assert f"at byte {refused.value.offset:,}" in str(refused.value)
        assert "\n" not in str(refused.value), name


def test_allow_partial_serves_what_precedes_the_damage(corpus: Path) -> None:
    for name, path, readable in damaged(corpus):
        try:
            reader = ArchiveReader(path, allow_partial=True)
        except DamagedArchive:
            assert not readable, f"{name}: {readable} readable URLs were refused"
            continue
        assert reader.skipped_bytes > 0, name
        assert readable is None or len(reader) >= readable, name
        assert all(reader.get(url).status == 200 for url in reader._offsets), name
        reader.close()


def test_odd_but_whole_archives_are_read_in_bounded_time(corpus: Path) -> None:
    for name, path in hostile_but_whole(corpus):
        started = time.monotonic()
        reader = ArchiveReader(path)
        assert time.monotonic() - started < BOUND_SECONDS, name
        assert len(reader) == PAGES
        reader.close()


def test_a_record_without_target_uri_is_skipped_and_counted(corpus: Path) -> None:
    for name, path in without_target_uri(corpus):
        reader = ArchiveReader(path)
        assert (len(reader), reader.without_uri) == (PAGES - 1, 1), name
        reader.close()


NOT_FILES = ("/dev/zero", "fifo", "directory")


@pytest.mark.parametrize("kind", NOT_FILES)
def test_only_regular_files_are_read(kind: str, tmp_path: Path) -> None:
    path = Path(kind) if kind.startswith("/") else tmp_path / kind
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    with pytest.raises(OSError, match="not a regular file"):
        ArchiveReader(path)


def crawl(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "search_cli.main", "crawl", "bkto", "--no-index", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("name", ["empty", "truncated-middle", "plain-length-999999999999", "/dev/zero"])
def test_vnnews_crawl_refuses_a_damaged_replay_in_one_line(name: str, corpus: Path) -> None:
    path = name if name.startswith("/") else next(path for case, path, _ in damaged(corpus) if case == name)
    result = crawl("--replay", str(path))
    assert result.returncode == 9, result.stderr[-2000:]
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_vnnews_crawl_allow_partial_says_what_it_skipped(corpus: Path) -> None:
    path = next(path for case, path, _ in damaged(corpus) if case == "truncated-middle")
    result = crawl("--replay", str(path), "--allow-partial")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "replaying 2 archived URLs" in result.stderr and "skipped the damaged last" in result.stderr
