"""Errors the user may see.

Every error that can reach a user carries a message in Simplified Chinese,
written for a newsletter editor rather than a programmer. The command line
prints ``message`` on one line; the editor shows it in a dialog. Code that
catches library exceptions re-raises one of these with ``from`` so the
technical cause stays available in logs.
"""


class BanmianError(Exception):
    """Base class: ``message`` is the Chinese sentence shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ProjectFileError(BanmianError):
    """A project file is damaged, foreign, too new or unsafe to open."""


class PhotoError(BanmianError):
    """A photo cannot be read or is unreasonably large."""


class FontError(BanmianError):
    """A font cannot be found, read or embedded."""


class ExportError(BanmianError):
    """Writing a PDF or DOCX failed."""


class RecoveryError(BanmianError):
    """Recovery data cannot be written, read or restored."""
