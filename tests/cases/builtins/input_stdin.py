# input() reading lines from stdin (the runner feeds input_stdin.in), prompts go to stdout, EOFError at end of input.
name = input()
print("hello,", name)
count = int(input("how many? "))
print()
total = 0
for _ in range(count):
    total += int(input())
print("total", total)
words = input().split()
print(sorted(words), len(words))
print(repr(input()))
try:
    input()
except EOFError:
    print("EOFError at end of input")
