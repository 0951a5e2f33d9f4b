"""The one error a CAF file can raise: the file is rejected whole, with one French line."""


class CafFileError(Exception):
    """A CAF file that cannot be imported whole.

    `message` is a single French sentence meant for the person running the import; `line` is the
    line of the file where the problem was found, when known.
    """

    def __init__(self, message: str, *, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line:
            return f"{self.message} (ligne {self.line})"
        return self.message
