"""Progress on standard error: articles/s, ETA (when the total is known), skips; silent with --quiet
or when standard error is not a terminal."""
from __future__ import annotations

import sys
from typing import Optional


class Progress:
    def __init__(self, total: Optional[int], desc: str, enabled: bool):
        self.skipped = 0
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=desc, unit=" articles", file=sys.stderr, dynamic_ncols=True,
                            smoothing=0.1)

    def done(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def skip(self) -> None:
        self.skipped += 1
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.skipped} skipped", refresh=False)
            self.bar.update(1)

    def write(self, msg: str) -> None:
        """A message line that does not break the bar."""
        if self.bar is not None:
            self.bar.write(msg, file=sys.stderr)
        else:
            print(msg, file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
