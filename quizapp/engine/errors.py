"""Why a response cannot be graded. The web layer turns each into a message in the learner's language."""


class ResponseError(ValueError):
    """A response that cannot be graded as it stands."""


class AskAgain(ResponseError):
    """A response the learner can put right: they are asked again (422) and nothing is stored."""


class EmptyResponse(AskAgain):
    """Nothing was chosen or typed: the learner is asked again, nothing is graded."""


class InvalidResponse(ResponseError):
    """A value no form of this question can send: an unknown option id, the wrong kind of value."""


class UnreadableNumber(AskAgain):
    """The text is not a number in any format the learner's language uses."""


class AmbiguousNumber(AskAgain):
    """The text reads as two different numbers (e.g. "9,2" in English: 9.2 or 92?)."""


class IncompleteOrder(AskAgain):
    """An ordering answer that leaves some items without a position."""


class RepeatedPosition(AskAgain):
    """An ordering answer that gives two items the same position."""
