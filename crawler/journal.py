"""What an unfinished crawl already handled, so that rerunning the same command after any stop (kill -9
included) fetches only the rest.

`CrawlState` is the whole interface the crawler uses; `Journal` keeps it in one small file per spider,
`data_dir()/crawl/<spider>.journal`: the URL of each article page durably handled (its article indexed,
spooled or dead-lettered, or dropped with a reason), one per line, appended as it happens and fsynced
every `SYNC_EVERY` lines and at close. A process killed in mid-append leaves a last line without its
newline: it is ignored and cut off before the next append, so a torn URL never counts as a handled one.
A lost tail (power cut before the fsync) only costs fetching those pages again, and so does a journal
that cannot be written any more (a full disk): it stops recording, with one warning.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from index import config

logger = logging.getLogger(__name__)

SYNC_EVERY = 100


class CrawlState(Protocol):
    def handled(self, url: str) -> bool:
        """True when an earlier, unfinished run of this crawl already dealt with this article page."""

    def record(self, urls: Iterable[str]) -> None:
        """Remember article pages dealt with for good; call only once their outcome is durable."""

    def close(self, finished: bool) -> None:
        """End of the run: a finished crawl forgets everything, the next run starts afresh."""


def journal_file(spider: str) -> Path:
    return config.data_dir() / "crawl" / f"{spider}.journal"


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.done = set(_complete_lines(path))
        self.descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self.unsynced = 0
        self.writable = True

    @classmethod
    def for_spider(cls, spider: str) -> Journal:
        return cls(journal_file(spider))

    def __len__(self) -> int:
        return len(self.done)

    def handled(self, url: str) -> bool:
        return url in self.done

    def record(self, urls: Iterable[str]) -> None:
        new = [url for url in dict.fromkeys(urls) if url not in self.done]
        if not new or not self.writable:
            return
        try:
            os.write(self.descriptor, "".join(url + "\n" for url in new).encode())
            self.done.update(new)
            self.unsynced += len(new)
            if self.unsynced >= SYNC_EVERY:
                self.sync()
        except OSError as error:
            self.stop_recording(error)

    def sync(self) -> None:
        os.fsync(self.descriptor)
        self.unsynced = 0

    def stop_recording(self, error: OSError) -> None:
        """A half-written line may end the file now: writing after it could glue two URLs into one."""
        self.writable = False
        logger.warning("The resume journal %s cannot be written (%s): a rerun will fetch again the pages "
                       "handled from now on", self.path, error.strerror)

    def close(self, finished: bool) -> None:
        try:
            if self.writable:
                self.sync()
        except OSError as error:
            self.stop_recording(error)
        os.close(self.descriptor)
        if finished:
            self.path.unlink(missing_ok=True)


def _complete_lines(path: Path) -> list[str]:
    """The journal's whole lines; a torn last line is cut off the file, so the next append starts clean."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    complete = data[: data.rfind(b"\n") + 1]
    if len(complete) < len(data):
        os.truncate(path, len(complete))
    return complete.decode("utf-8", errors="replace").splitlines()
