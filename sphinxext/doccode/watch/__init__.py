"""``python -m sphinxext.doccode.watch``: rebuild a doc set on every save, on warm Ray.

See ``docs/guide/authoring.rst``. The loop is in :mod:`.loop`; what changed is
found by :mod:`.changes`.
"""
