# doccode: timeout=30
print("the file's own marker beats every rule")
