"""Peak memory of the dynamic-provider process tree, sampled from /proc while a command runs.

The engine starts one ``python -m pulumi.dynamic`` process for every dynamic resource of a run;
its resident set (plus any children) is what a CI runner must have spare. Only descendants of
the command we started are counted: colleagues' runs on the same machine are ignored.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

__all__ = ["ProviderMemorySampler"]

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
MARKER = "pulumi.dynamic"
"""What the provider's command line contains (``python -u -m pulumi.dynamic ...``)."""


def _process_table() -> dict[int, tuple[int, str, int]]:
    """pid → (ppid, command line, RSS bytes) for every process we can read."""
    table: dict[int, tuple[int, str, int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            statm = (entry / "statm").read_text().split()
        except OSError:
            continue
        # stat's 2nd field (comm) may hold spaces; fields after the closing paren are safe.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        table[int(entry.name)] = (ppid, cmdline, int(statm[1]) * PAGE_SIZE)
    return table


def provider_tree_rss(root: int) -> int:
    """Summed RSS of every dynamic-provider process (and its children) under `root`."""
    table = _process_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total = 0
    stack, inside = [root], {root: False}
    while stack:
        pid = stack.pop()
        is_provider = inside[pid] or MARKER in table.get(pid, (0, "", 0))[1]
        if is_provider:
            total += table.get(pid, (0, "", 0))[2]
        for child in children.get(pid, []):
            inside[child] = is_provider
            stack.append(child)
    return total


class ProviderMemorySampler:
    """Samples `provider_tree_rss(root)` every `interval` seconds in a thread; keeps the max."""

    def __init__(self, root: int, interval: float = 0.05) -> None:
        self.root = root
        self.interval = interval
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, provider_tree_rss(self.root))
            self._stop.wait(self.interval)

    def __enter__(self) -> ProviderMemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
