# A program containing invalid UTF-8 (byte 0xff) with no coding cookie is a SyntaxError.
print("before")
s = "cafÿ"
print(s)
