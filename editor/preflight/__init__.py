"""Preflight (检查): what a print shop or a reader would send back, found before the file leaves.

Pure Python over the model and its layout, no Qt, shaped like ``editor.proof``:
``findings`` holds the ``Finding`` value and the settings, one module per
group of checks (``overset``, ``photos``, ``fonts``, ``geometry``,
``stacked``, ``black_text``, ``placeholders``, ``empty``) turns a document
and its layout into findings, ``check`` runs them all, ``fixes`` turns a
fixable finding into model changes (never applied here: the caller pushes
them as one undo step) and ``report`` is what ``banmian preflight`` prints.
"""
