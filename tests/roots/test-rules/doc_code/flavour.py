import os

assert os.environ["DOC_FLAVOUR"] == "rules"
