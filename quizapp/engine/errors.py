"""Why a response cannot be graded. The web layer turns each into a message in the learner's language."""


class ResponseError(ValueError):
    """A response that cannot be graded as it stands."""


class AskAgain(ResponseError):
    """A response the learner can put right: they are asked again (422) and nothing is stored."""


class EmptyResponse(AskAgain):
    """Nothing was chosen or typed: the learner is asked again, nothing is graded."""


class InvalidResponse(ResponseError):
    """A value no form of this question can send: an unknown option id, the wrong kind of value."""


class AnswerTooLong(AskAgain):
    """The typed answer is longer than any answer could be; it is not read at all."""

    def __init__(self, length: int = 0, limit: int = 0):
        super().__init__(f"{length} characters, at most {limit} are read")
        self.length = length
        self.limit = limit


class NumberError(AskAgain):
    """A typed number that cannot be read, with what the message asking again needs.

    `text` is what the learner typed; `reason` says why in a word (see the subclasses); `unit` and
    `example` are the question's unit and an example input fitting the question, in the learner's
    language, as the caller passed them to `read_quantity` (empty when not given).
    """

    def __init__(
        self,
        text: str = "",
        *,
        reason: str = "",
        readings: tuple[float, ...] = (),
        unit: str = "",
        example: str = "",
    ):
        super().__init__(text)
        self.text = text
        self.reason = reason
        self.readings = readings
        self.unit = unit
        self.example = example


class UnreadableNumber(NumberError):
    """The text is not a number in any format the learner's language uses.

    `reason` is "no_number", "several_numbers", "too_many_words" or "" (a malformed number).
    """


class AmbiguousNumber(NumberError):
    """The text reads as two different numbers (e.g. "9,2" in English: 9.2 or 92?).

    `readings` holds the candidates when they are known, e.g. (9.2, 92.0).
    """


class IncompleteOrder(AskAgain):
    """An ordering answer that leaves some items without a position."""


class RepeatedPosition(AskAgain):
    """An ordering answer that gives two items the same position."""
