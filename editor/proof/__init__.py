"""Proofing (校对): checks a printed issue must pass, and their fixes.

Pure Python over the model, no Qt: ``rules`` finds problems in one
paragraph's text, ``house_list`` holds the preferred forms (a built-in list,
overridable by a JSON file in the user's config folder), ``check`` walks a
document's articles and turns hits into ``Finding`` values, ``fixes`` turns
a finding into model changes (never applied here: the caller pushes them
as one undo step), ``report`` is what ``banmian proof`` prints. A finding
never changes text by itself.
"""
