answer = 6 * 7
print(answer)
