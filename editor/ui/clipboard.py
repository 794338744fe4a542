"""复制, 剪切, 粘贴 and 直接复制 of frames through the system clipboard.

The clipboard holds a *snippet* (``editor.model.snippets``): the frames with
their stories, styles and photos as a small project — ``document.json``'s
JSON with the photos base64-encoded beside it — under the MIME type
``application/x-banmian-frames``. So frames copied in one editor window
paste into another, even another issue, and a pasted snippet is decoded
with the same strict checks as a project file (a foreign or damaged
clipboard can never put a broken frame into the document).

The plain text of the copied stories goes along as ``text/plain``, so
copying a text frame and pasting into Word or WeChat gives its words.
"""

from __future__ import annotations

import base64
import binascii
import json

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from editor.errors import ProjectFileError
from editor.model.codec import decode_document, encode_document
from editor.model.document import Document
from editor.model.document_edits import plain_story_text
from editor.model.edits import delete_frames
from editor.model.snippets import extract_snippet, paste_snippet
from editor.ui.controller import DocumentController

MIME_TYPE = "application/x-banmian-frames"
#: Where a paste lands relative to the copy when pasted on the same page, in points (about 5 mm).
PASTE_OFFSET_PT = 14.17
#: A clipboard payload larger than this is refused rather than parsed.
MAX_PAYLOAD_BYTES = 512 * 1024 * 1024


def snippet_to_bytes(snippet: Document) -> bytes:
    """The clipboard payload of a snippet."""
    payload = {
        "snippet": encode_document(snippet),
        "assets": {name: base64.b64encode(data).decode("ascii") for name, data in snippet.assets.items()},
    }
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def snippet_from_bytes(raw: bytes) -> Document:
    """A snippet from a clipboard payload; ``ProjectFileError`` if it is not a valid one."""
    if len(raw) > MAX_PAYLOAD_BYTES:
        raise ProjectFileError("剪贴板中的内容过大，无法粘贴。")
    try:
        payload = json.loads(raw.decode("utf-8"))
        assets = {str(name): base64.b64decode(data, validate=True) for name, data in payload["assets"].items()}
        snippet = payload["snippet"]
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, binascii.Error) as problem:
        raise ProjectFileError("剪贴板中的内容已损坏，无法粘贴。") from problem
    return decode_document(snippet, assets)


def mime_for(snippet: Document) -> QMimeData:
    """Clipboard data: the snippet, plus its text for other programs."""
    mime = QMimeData()
    mime.setData(MIME_TYPE, snippet_to_bytes(snippet))
    text = "\n\n".join(plain_story_text(story) for story in snippet.stories.values())
    if text.strip():
        mime.setText(text)
    return mime


class FrameClipboard:
    """The clipboard commands for one controller; ``page_index`` says where pastes go."""

    def __init__(self, controller: DocumentController) -> None:
        self._controller = controller
        #: Page the last paste went to and how many times in a row, to step successive pastes.
        self._last_paste: tuple[int, int] | None = None

    def can_paste(self) -> bool:
        mime = QGuiApplication.clipboard().mimeData()
        return mime is not None and mime.hasFormat(MIME_TYPE)

    def copy(self) -> bool:
        """复制: the selected frames to the clipboard."""
        snippet = extract_snippet(self._controller.doc, self._controller.selection)
        if snippet is None:
            return False
        QGuiApplication.clipboard().setMimeData(mime_for(snippet))
        self._last_paste = None
        return True

    def cut(self) -> bool:
        """剪切: copy, then delete the selection (one undo step brings it back) — but not a locked
        frame, which 删除 keeps too: it is copied and stays."""
        from editor.ui.canvas.master_mode import locked_among  # the one rule of which frames are locked

        if self._controller.read_only or not self.copy():
            return False
        selection = list(self._controller.selection)
        locked = locked_among(self._controller, selection)
        unlocked = [frame_id for frame_id in selection if frame_id not in locked]
        return self._controller.edit("剪切", delete_frames(self._controller.doc, unlocked)) if unlocked else False

    def paste(self, page_index: int) -> bool:
        """粘贴 onto a page: at the copied place on another page, offset on the same one."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not mime.hasFormat(MIME_TYPE):
            return False
        snippet = snippet_from_bytes(bytes(mime.data(MIME_TYPE).data()))
        return self.place(snippet, page_index, "粘贴")

    def duplicate(self, page_index: int) -> bool:
        """直接复制: a copy of the selection beside it, without touching the clipboard."""
        snippet = extract_snippet(self._controller.doc, self._controller.selection)
        if snippet is None:
            return False
        return self.place(snippet, page_index, "直接复制", steps=1)

    def place(self, snippet: Document, page_index: int, text: str, steps: int | None = None) -> bool:
        """Put a snippet on a page as one edit and select what was placed."""
        doc = self._controller.doc
        if not doc.pages or self._controller.read_only:
            return False
        page_index = max(0, min(page_index, len(doc.pages) - 1))
        if steps is None:
            steps = self._paste_steps(snippet, page_index)
        offset = PASTE_OFFSET_PT * steps
        changes, new_ids = paste_snippet(doc, page_index, snippet, (offset, offset))
        if not self._controller.edit(text, changes):
            return False
        self._controller.select(new_ids)
        return True

    def _paste_steps(self, snippet: Document, page_index: int) -> int:
        """How many offsets to step: 0 on a page without the originals, then 1, 2, 3 …
        for repeated pastes, so copies never hide exactly under each other."""
        originals = {f.id for f in snippet.pages[0].frames} if snippet.pages else set()
        originals_here = bool(originals & {f.id for f in self._controller.doc.pages[page_index].frames})
        if self._last_paste is not None and self._last_paste[0] == page_index:
            count = self._last_paste[1] + 1
        else:
            count = 1 if originals_here else 0
        self._last_paste = (page_index, count)
        return count
