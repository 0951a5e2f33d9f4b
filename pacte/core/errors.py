"""Errors raised by service functions; their message is shown to users, in French."""


class DomainError(Exception):
    """A precondition of a write does not hold; `field` names the argument at fault, if one is."""

    def __init__(self, message, *, code="invalid", field=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


class TransitionError(DomainError):
    """A state change that the transition table does not allow."""

    def __init__(self, message):
        super().__init__(message, code="transition")


class MissingPrerequisite(DomainError):
    """Something a command needs is not there yet (a département, a referential, the schema);
    the message says which command provides it."""

    def __init__(self, message):
        super().__init__(message, code="prerequisite")
