"""Why a response cannot be graded. The web layer turns each into a message in the learner's language."""


class ResponseError(ValueError):
    """A response that cannot be graded as it stands."""


class EmptyResponse(ResponseError):
    """Nothing was chosen or typed: the learner is asked again, nothing is graded."""


class InvalidResponse(ResponseError):
    """A value no form of this question can send: an unknown option id, the wrong kind of value."""


class UnreadableNumber(ResponseError):
    """The text is not a number in any format the learner's language uses."""


class AmbiguousNumber(ResponseError):
    """The text reads as two different numbers (e.g. "9,2" in English: 9.2 or 92?)."""
