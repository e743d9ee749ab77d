print("the whole file")
