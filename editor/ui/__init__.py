"""The PySide6 editor. Everything here may import Qt; nothing below it does."""
