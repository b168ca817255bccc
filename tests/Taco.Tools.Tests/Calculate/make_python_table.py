#!/usr/bin/env python3
"""Writes python-expected.tsv: expressions and what CPython prints for them.

Build-time only (the tests read the committed table). Run from this folder:
    python3 make_python_table.py > python-expected.tsv
The calculator's extras that Python lacks ("^" as power, "ln") are mapped onto Python
before evaluating; "$" and "15%" are tested relationally in C#, not here.
"""
import math
import random
import sys

NAMESPACE = {
    "__builtins__": {},
    "sqrt": math.sqrt, "abs": abs, "round": round, "floor": math.floor, "ceil": math.ceil,
    "min": min, "max": max, "log": math.log, "ln": math.log, "log10": math.log10, "exp": math.exp,
    "sin": math.sin, "cos": math.cos, "tan": math.tan, "asin": math.asin, "acos": math.acos,
    "atan": math.atan, "pi": math.pi, "e": math.e,
}

HAND = """
2+2
5-4/2
50/3.65
50 / 3.65
7//2
-7//2
7%-3
-7%3
7.5%-2
-7.5//2
1e16
1e15
123456789012345678.0
0.1+0.2
1/3
2/3
1e-5
0.0001
0.00001234
1e22
1e23
5e-324
2.5e-308
1.7976931348623157e308
1e308*10
-1e308*10
1e400
-1e400
1e400-1e400
0.0
-0.0
-0.0*1
0*-1.0
3.65
.5
1.
1.e3
1e3
1E3
1_000_000
1_000.5
2**10
2**-1
2^10
2^-2
-2**2
(-2)**2
-2^2
2**3**2
2^3^2
(2**3)**2
2**0.5
4**0.5
(-8)**2
(-8)**3
0**0
0.0**0
0**5
0**-1
0.0**-1
(-1)**1000001
1**100000000000
2.0**10000
2**1023*2.0
2**1024*1.0
10**400*1.0
10**400/3
10**400/10**399
10**400//10**399
10**30/7
2**53+1
(2**53+1)/1
(2**53+1)*1.0
(2**64+1)/3
123456789123456789123456789/987654321987654321
-(10**20)/3
10**-400
(10**400)**-1
1/0
1//0
1%0
1.0/0
1.0//0
1.0%0
0/0
1/0.0
7/7
4/2
-4/2
6//4
6.0//4
-6.0//4
6%4
6.0%4
-6%4
6%-4
5.5%0.5
1e300*1e300
2**100
-2**100
3**200
999999999999*999999999999
(12.5 + 7.25) * 3
100*1.07
19.99*3
3*19.99
0.1*3
1.1*1.1
1.15*100
2.675*100
sqrt(2)
sqrt(16)
sqrt(-1)
sqrt(2**1100)
sqrt(1e400)
abs(-5)
abs(-5.5)
abs(-0.0)
round(2.5)
round(3.5)
round(-0.5)
round(2.675, 2)
round(0.125, 2)
round(0.375, 2)
round(1234.5678, 1)
round(1234.5678, -2)
round(1234, -2)
round(1250, -2)
round(1350, -2)
round(-1250, -2)
round(5, 2)
round(13.698630136986301, 2)
round(1e300, -299)
round(1.7976931348623157e308, -308)
round(1e400)
round(1e-320, 322)
round(2.5, 0)
round(5, 1.5)
round()
round(1, 2, 3)
floor(3.7)
floor(-3.7)
floor(5)
floor(1e20)
floor(1e400)
ceil(3.2)
ceil(-3.2)
ceil(-0.5)
min(3, 1, 2)
min(2, 2.0)
min(2.0, 2)
max(1, 2.5)
max(1e400, 10**400)
max(10**400, 1e400)
min(5)
max(5.5)
min()
log(100)
log(100, 10)
log(8, 2)
log(1, 1)
log(0)
log(-1)
log(10**400)
log(2**1100, 2)
log(10**400, 10)
ln(e)
ln(1)
log10(1000)
log10(0.001)
log10(10**400)
log10(2)
exp(1)
exp(0)
exp(709)
exp(710)
exp(-1000)
exp(10**400)
sin(pi/6)
cos(pi)
tan(pi/4)
sin(1e400)
asin(1)
asin(2)
acos(0.5)
acos(-1.5)
atan(1)
atan(1e400)
sin()
sin(1, 2)
log()
log(1, 2, 3)
pi
e
2*pi
e**2
pi**2
foo
foo(1)
pi(2)
3.65*13.698630136986301
15/100*200
1+2*3-4/5
(1+2)*(3-4)/5
((((1))))
1 + (2 * (3 + (4 * (5 + 6))))
-(-(-(1)))
--1
+-+-1
-+5
1+
(1+2
1+2)
2e
1..2
1 2
1.2.3
2x
*3
3*
()
sqrt(,)
max(1,2,)
2**-3**2
-3**-2
10**-2
10.0**-2
5e-1**2
8**(1/3)
(-8)**(1/3)
1e15+0.3
1e16+1
0.1+0.7
4.35*100
1.005*1000
3*1.1
123.456-123
9007199254740993
9007199254740993.0
10**17
10.0**17
1e17
12345678901234567890.0
0.000123
1/7*7
""".strip().splitlines()


def py_text(expr):
    src = expr.replace("^", "**")
    try:
        value = eval(src, NAMESPACE)  # noqa: S307 - build-time table of our own expressions
    except SyntaxError as err:
        return "SyntaxError: " + err.msg
    except Exception as err:  # noqa: BLE001
        return type(err).__name__ + ": " + str(err)
    if not isinstance(value, (int, float)):
        return None  # complex, tuple: the calculator deliberately returns numbers only
    try:
        return repr(value)
    except ValueError as err:
        return "ValueError: " + str(err)


def random_expr(rng, depth=0):
    if depth > 3 or rng.random() < 0.3:
        kind = rng.random()
        if kind < 0.45:
            return str(rng.choice([0, 1, 2, 3, 5, 7, 10, 12, 100, 365, 1000, 65536, 10**20]))
        if kind < 0.85:
            return rng.choice(["0.5", ".25", "3.65", "1.1", "2.5", "0.1", "1e3", "2.5e-3", "99.99", "1e-7", "7.0", "1e20", "0.0"])
        return rng.choice(["pi", "e"])
    kind = rng.random()
    if kind < 0.55:
        op = rng.choice(["+", "-", "*", "/", "//", "%", "+", "-", "*", "/"])
        return f"{random_expr(rng, depth + 1)} {op} {random_expr(rng, depth + 1)}"
    if kind < 0.65:
        exp = rng.choice(["2", "3", "-1", "-2", "0.5", "0", "5"])
        return f"({random_expr(rng, depth + 1)})**{exp}"
    if kind < 0.75:
        return f"-({random_expr(rng, depth + 1)})"
    if kind < 0.9:
        fn = rng.choice(["sqrt", "abs", "round", "floor", "ceil", "log", "log10", "exp", "sin", "cos", "atan", "asin"])
        return f"{fn}({random_expr(rng, depth + 1)})"
    fn = rng.choice(["min", "max", "round", "log"])
    if fn == "round":
        return f"round({random_expr(rng, depth + 1)}, {rng.choice([0, 1, 2, 3, -1, -2])})"
    return f"{fn}({random_expr(rng, depth + 1)}, {random_expr(rng, depth + 1)})"


def main():
    rng = random.Random(20261122)
    rows = [e for e in HAND if e]
    seen = set(rows)
    while len(rows) < len(HAND) + 600:
        expr = random_expr(rng)
        if expr not in seen:
            seen.add(expr)
            rows.append(expr)
    out = sys.stdout
    out.write(f"# expression\tCPython {sys.version.split()[0]} result (repr) or 'ErrorType: message'\n")
    for expr in rows:
        text = py_text(expr)
        if text is None:
            continue
        out.write(f"{expr}\t{text}\n")


if __name__ == "__main__":
    main()
