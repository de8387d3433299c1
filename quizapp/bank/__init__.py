"""The question bank: loading, validating and exporting packs (quote verification lives here)."""

from .export import pack_to_dict, question_to_dict
from .loader import PackError, check_packs, load_packs, read_pack
from .pack import Pack, Paragraph, Rendering, Source, quote_span, rendered_quote_span

__all__ = [
    "Pack",
    "PackError",
    "Paragraph",
    "Rendering",
    "Source",
    "check_packs",
    "load_packs",
    "pack_to_dict",
    "question_to_dict",
    "quote_span",
    "read_pack",
    "rendered_quote_span",
]
