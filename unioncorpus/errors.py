"""One small exception hierarchy; every message says what to do next."""

from __future__ import annotations


class UnionCorpusError(Exception):
    """Base class of every error raised by unioncorpus."""


class InputError(UnionCorpusError, ValueError):
    """An input (path, file, text or parameter) cannot be used as given."""


class ResourceError(UnionCorpusError):
    """A lexicon, dictionary, font or other resource is missing or malformed."""


class LexiconError(ResourceError, ValueError):
    """A line in a lexicon file cannot be parsed; the message names the file and line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path = path
        self.line = line
        super().__init__(f"{path}, line {line}: {message}")


class DuplicateWarning(UserWarning):
    """The same page was loaded twice in one batch (an earlier run's ``documents.jsonl``
    together with the pages it came from); the second copy was dropped."""
