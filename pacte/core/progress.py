"""Progress reporting shared by the CLI (a bar on standard error) and background tasks (a row)."""

import sys

from tqdm import tqdm


class NullProgress:
    def start(self, total, label="", unit=" éléments"):
        pass

    def advance(self, step=1):
        pass

    def finish(self):
        pass


class BarProgress(NullProgress):
    """A tqdm bar on standard error, so that standard output keeps only the command's result."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.bar = None

    def start(self, total, label="", unit=" éléments"):
        scale = unit == "o"  # bytes: shown as ko, Mo
        self.bar = tqdm(total=total, desc=label, file=self.stream, unit=unit, unit_scale=scale, leave=False)

    def advance(self, step=1):
        if self.bar is not None:
            self.bar.update(step)

    def finish(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None
