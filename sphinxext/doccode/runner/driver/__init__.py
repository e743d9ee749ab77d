"""Code that runs inside a warm driver process, beside user code. No Sphinx.

The engine starts it as ``python -m sphinxext.doccode.runner.driver.main``; what
crosses between the two is in :mod:`sphinxext.doccode.runner.protocol`.
"""
