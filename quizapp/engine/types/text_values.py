"""Reading the one text value most form fields send."""

from typing import Any

from ..errors import EmptyResponse, InvalidResponse


def one_text(value: Any) -> str:
    """The single string a field sent; a list of one is unwrapped, anything else is refused."""
    if isinstance(value, list | tuple):
        if not value:
            raise EmptyResponse
        if len(value) != 1:
            raise InvalidResponse("one value expected")
        value = value[0]
    if not isinstance(value, str):
        raise InvalidResponse(f"text expected, got {type(value).__name__}")
    return value
