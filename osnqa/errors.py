"""Domain errors. The core raises these; only the CLI turns them into exit codes."""


class OsnqaError(Exception):
    """An error the user can act on; the message is Swedish and names the next step."""


class ExtractionError(OsnqaError):
    """A document could not be read into text."""

    def __init__(self, file: str, reason: str):
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


class IndexMissingError(OsnqaError):
    """No index has been built yet."""


class IndexCorruptError(OsnqaError):
    """An index file is truncated, unreadable or inconsistent."""


class IndexVersionError(IndexCorruptError):
    """The index was written by a version of osnqa that lays it out differently."""


class IndexReadOnlyError(OsnqaError):
    """The index directory cannot be written (a read-only share, another user's checkout)."""


class ModelMismatchError(OsnqaError):
    """The index was built with another embedding model than the one requested."""


class ModelUnavailableError(OsnqaError):
    """The embedding model cannot be loaded offline."""
