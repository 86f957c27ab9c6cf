# A plain syntax error (two operators in a row) is reported before anything runs: no stdout, exit status 1.
print("never printed")
total = 1 +* 2
print(total)
