# A program containing invalid UTF-8 under an explicit utf-8 coding cookie is a SyntaxError (unicode error).
# -*- coding: utf-8 -*-
print("before")
s = "cafÿ"
print(s)
