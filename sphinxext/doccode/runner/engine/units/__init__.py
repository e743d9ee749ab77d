"""The unit of work: what one driver request runs, in two kinds.

A :class:`~.file_unit.FileUnit` is a doc_code file, run top to bottom; a
:class:`~.page_unit.PageUnit` is a page's inline blocks, run group by group.
Each kind knows its own content (what its cache key hashes), its driver
request, and its results when it does not run or never finishes, so no
module has to ask which kind it holds.
"""
