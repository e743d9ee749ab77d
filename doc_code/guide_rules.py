import os

# __env_from_rule_start__
# docs/conf.py gives this file DOCCODE_GUIDE_FLAVOUR (doccode_rules, "env")
flavour = os.environ["DOCCODE_GUIDE_FLAVOUR"]
print(f"flavour: {flavour}")
# __env_from_rule_end__
