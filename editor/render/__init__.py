"""Backends that draw a ``DocumentLayout``: PDF (ReportLab), Qt, DOCX.

A backend never breaks a line or moves an item: it draws the display list.
"""
