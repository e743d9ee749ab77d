extensions = ["sphinx.ext.doctest", "sphinxext.doccode"]
