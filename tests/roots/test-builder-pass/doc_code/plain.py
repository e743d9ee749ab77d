total = sum(range(5))
assert total == 10
