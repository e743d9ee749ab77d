extensions = ["sphinxext.doccode", "myst_parser"]
