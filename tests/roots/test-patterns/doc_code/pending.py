# __limit_start__
MAX_IN_FLIGHT = 4
pending = list(range(10))
while len(pending) > MAX_IN_FLIGHT:
    pending.pop()
# __limit_end__
