# exec, eval and compile: expression vs statements, explicit globals/locals dicts, compile modes, SyntaxError from eval.
print(eval("1 + 2 * 3"), eval("[x * x for x in range(4)]"), eval("'abc'.upper()"))
x = 10
print(eval("x + 1"), eval("x + y", {"x": 1, "y": 2}), eval("x", {"x": "g"}, {"x": "l"}))
ns = {}
exec("a = 5\ndef f(n):\n    return n * a\nb = f(3)", ns)
print(ns["a"], ns["b"], ns["f"](2), sorted(k for k in ns if k != "__builtins__"))
exec("z_created = 99")
print(z_created)
code = compile("print('compiled', 6 * 7)", "<string>", "exec")
print(type(code).__name__)
exec(code)
expr = compile("40 + 2", "<expr>", "eval")
print(eval(expr), eval(expr))
single = compile("q = 3", "<single>", "single")
exec(single)
print(q)
try:
    eval("1 +")
except SyntaxError as e:
    print("SyntaxError", type(e).__name__, e.lineno)
try:
    exec("def broken(:\n    pass")
except SyntaxError as e:
    print("SyntaxError in exec, line", e.lineno)
try:
    eval("undefined_name_xyz")
except NameError as e:
    print("NameError:", e)
def scoped():
    local_v = "in function"
    return eval("local_v"), eval("local_v + '!'", globals(), {"local_v": "explicit"})
print(scoped())
g = {"__builtins__": __builtins__}
exec("import sys as _s\nresult = len('four')", g)
print(g["result"], "_s" in g)
src = """
total = 0
for i in range(5):
    total += i
"""
env = {}
exec(src, env)
print(env["total"])
print(eval("lambda v: v * 2")(21), eval("(1, 2) + (3,)"), eval(" 7 "))
out = exec("1 + 1")
print(out)
counter = {"n": 0}
exec("n += 1", counter)
exec("n += 1", counter)
print(counter["n"])
