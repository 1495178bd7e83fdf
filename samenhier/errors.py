"""The one application error of the services: a message for the person, a code for the program.

Views show `str(error)`; tests and callers that must tell errors apart read `error.code`,
never the Dutch sentence. `TransitionError` is the error of a lifecycle arrow that is not
allowed (see docs/architecture.md, "Lifecycles").
"""


class ApplicationError(Exception):
    """A request the rules refuse; the message is meant for the person who made it."""

    def __init__(self, message, *, code: str):
        super().__init__(message)
        self.code = code


class TransitionError(ApplicationError):
    """A status change outside the lifecycle's arrows, or one whose guard refuses it."""

    def __init__(self, message, *, code: str = "transition_not_allowed"):
        super().__init__(message, code=code)
