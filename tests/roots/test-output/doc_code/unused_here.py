# Runs because doccode_dirs lists this folder, though no page shows it.
print("ran")
