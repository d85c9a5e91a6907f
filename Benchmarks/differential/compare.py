#!/usr/bin/env python3
"""Differential testing of Tandem's CEL against an independent implementation.

    python3 Benchmarks/differential/compare.py [--count N] [--seed S] [--tandem PATH]

Generates N random well-typed CEL expressions (ints, uints, doubles, strings, bytes, bools,
lists, maps, timestamps, durations; operators, conversions, macros, edge values), evaluates
each as `[type(E), E]` in Tandem (`tandem eval --format json`) and in the PyPI package
`common-expression-language` (cel-rust through PyO3), and compares type and value; both
failing counts as agreement (CEL leaves error messages to implementations).

Every disagreement must be classified in known.tsv (a regular expression searched in
"EXPRESSION\nTANDEM\nPEER", the class, and the spec text that decides it): `peer-bug` (the peer departs from the spec),
`spec-allowed` (the spec leaves it open) or `tandem-fixed` (a Tandem bug this found, fixed;
kept so a regression is reported). An unclassified disagreement, or a `tandem-fixed` one that
reappears, exits 1. Prints the agreement rate.
"""
import argparse
import base64
import datetime
import json
import math
import os
import random
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

INT_EDGES = ["0", "1", "-1", "7", "42", "-13", "9223372036854775807", "-9223372036854775807 - 1", "1000000"]
UINT_EDGES = ["0u", "1u", "7u", "42u", "18446744073709551615u", "1000u"]
DOUBLE_EDGES = ["0.0", "1.5", "-2.25", "0.1", "1e10", "-0.0", "3.0", "2.5e-3", "1e308"]
STRING_EDGES = ["''", "'a'", "'abc'", "'Hello, World'", "'héllo'", "'日本'", "'a b c'", "'🙂x'", "'ABC'"]
BYTES_EDGES = ["b''", "b'a'", "b'abc'", "b'\\xff\\x00'"]
TIMESTAMPS = ["timestamp('2026-01-01T00:00:00Z')", "timestamp('1970-01-01T00:00:00Z')", "timestamp('2024-02-29T12:30:45.5Z')"]
INT_TEXTS = ['"12"', '"-7"', '"x"', '"9223372036854775808"']
DOUBLE_TEXTS = ['"1.5"', '"-0"', '"1e3"', '"abc"', '"NaN"', '"inf"']
PATTERNS = ['"^a"', '"b+"', '"^$"', '"[0-9]"', '"é"']
TIMESTAMP_TEXTS = ['"2026-03-01T10:00:00+02:00"', '"0001-01-01T00:00:00Z"', '"2026-13-01T00:00:00Z"']
DURATION_TEXTS = ['"1m"', '"-2h"', '"1.5h"', '"100ms"', '"3us"', '"1x"']
DURATIONS = ["duration('1h')", "duration('90s')", "duration('-1.5s')", "duration('0s')", "duration('1h30m')"]


class Generator:
    """Random well-typed expressions: gen(type, depth) returns text of that CEL type."""

    def __init__(self, rng):
        self.rng = rng

    def pick(self, options):
        return self.rng.choice(options)

    def gen(self, kind, depth):
        if depth <= 0 or self.rng.random() < 0.25:
            return self.leaf(kind)
        return getattr(self, "gen_" + kind)(depth - 1)

    def leaf(self, kind):
        return {
            "int": lambda: self.pick(INT_EDGES),
            "uint": lambda: self.pick(UINT_EDGES),
            "double": lambda: self.pick(DOUBLE_EDGES),
            "string": lambda: self.pick(STRING_EDGES),
            "bytes": lambda: self.pick(BYTES_EDGES),
            "bool": lambda: self.pick(["true", "false"]),
            "list_int": lambda: self.pick(["[]", "[1, 2, 3]", "[5]", "[-1, 0, 1, 2]"]),
            "list_string": lambda: self.pick(["['a', 'b']", "['x']", "['b', 'a', 'b']"]),
            "map_string_int": lambda: self.pick(["{}", "{'a': 1}", "{'a': 1, 'b': 2}", "{'z': -3}"]),
            "timestamp": lambda: self.pick(TIMESTAMPS),
            "duration": lambda: self.pick(DURATIONS),
        }[kind]()

    def paren(self, text):
        return "(" + text + ")"

    def gen_int(self, d):
        g = lambda: self.paren(self.gen("int", d))
        return self.pick([
            lambda: f"{g()} {self.pick(['+', '-', '*', '/', '%'])} {g()}",
            lambda: f"-{g()}",
            lambda: f"int({self.paren(self.gen('uint', d))})",
            lambda: f"int({self.paren(self.gen('double', d))})",
            lambda: f"int({self.pick(INT_TEXTS)})",
            lambda: f"{self.paren(self.gen('string', d))}.size()",
            lambda: f"size({self.paren(self.gen('list_int', d))})",
            lambda: f"{self.paren(self.gen('bytes', d))}.size()",
            lambda: f"{self.paren(self.gen('list_int', d))}[{self.pick(['0', '1', '2'])}]",
            lambda: f"{self.paren(self.gen('map_string_int', d))}[{self.pick(STRING_EDGES[:3])}]",
            lambda: f"{self.paren(self.gen('bool', d))} ? {g()} : {g()}",
            lambda: f"{self.paren(self.gen('timestamp', d))}.{self.pick(['getFullYear', 'getMonth', 'getDayOfYear', 'getHours', 'getDayOfWeek', 'getMilliseconds'])}()",
            lambda: f"{self.paren(self.gen('duration', d))}.{self.pick(['getHours', 'getMinutes', 'getSeconds', 'getMilliseconds'])}()",
            lambda: f"{self.paren(self.gen('list_int', d))}.filter(x, x > {g()}).size()",
        ])()

    def gen_uint(self, d):
        g = lambda: self.paren(self.gen("uint", d))
        return self.pick([
            lambda: f"{g()} {self.pick(['+', '-', '*', '/', '%'])} {g()}",
            lambda: f"uint({self.paren(self.gen('int', d))})",
            lambda: f"uint({self.paren(self.gen('double', d))})",
            lambda: f"{self.paren(self.gen('bool', d))} ? {g()} : {g()}",
        ])()

    def gen_double(self, d):
        g = lambda: self.paren(self.gen("double", d))
        return self.pick([
            lambda: f"{g()} {self.pick(['+', '-', '*', '/'])} {g()}",
            lambda: f"-{g()}",
            lambda: f"double({self.paren(self.gen('int', d))})",
            lambda: f"double({self.paren(self.gen('uint', d))})",
            lambda: f"double({self.pick(DOUBLE_TEXTS)})",
            lambda: f"{self.paren(self.gen('bool', d))} ? {g()} : {g()}",
        ])()

    def gen_string(self, d):
        g = lambda: self.paren(self.gen("string", d))
        return self.pick([
            lambda: f"{g()} + {g()}",
            lambda: f"string({self.paren(self.gen('int', d))})",
            lambda: f"string({self.paren(self.gen('uint', d))})",
            lambda: f"string({self.paren(self.gen('double', d))})",
            lambda: f"string({self.paren(self.gen('bool', d))})",
            lambda: f"string({self.paren(self.gen('bytes', d))})",
            lambda: f"string({self.paren(self.gen('timestamp', d))})",
            lambda: f"string({self.paren(self.gen('duration', d))})",
            lambda: f"{self.paren(self.gen('list_string', d))}[0]",
            lambda: f"{self.paren(self.gen('bool', d))} ? {g()} : {g()}",
        ])()

    def gen_bytes(self, d):
        g = lambda: self.paren(self.gen("bytes", d))
        return self.pick([lambda: f"{g()} + {g()}", lambda: f"bytes({self.paren(self.gen('string', d))})"])()

    def gen_bool(self, d):
        g = lambda: self.paren(self.gen("bool", d))
        cmp = lambda kind: f"{self.paren(self.gen(kind, d))} {self.pick(['==', '!=', '<', '<=', '>', '>='])} {self.paren(self.gen(kind, d))}"
        return self.pick([
            lambda: f"{g()} {self.pick(['&&', '||'])} {g()}",
            lambda: f"!{g()}",
            lambda: cmp("int"), lambda: cmp("uint"), lambda: cmp("double"), lambda: cmp("string"), lambda: cmp("bytes"),
            lambda: cmp("timestamp"), lambda: cmp("duration"), lambda: cmp("bool"),
            lambda: f"{self.paren(self.gen('int', d))} {self.pick(['==', '<', '>='])} {self.paren(self.gen(self.pick(['uint', 'double']), d))}",
            lambda: f"{self.paren(self.gen('list_int', d))} == {self.paren(self.gen('list_int', d))}",
            lambda: f"{self.paren(self.gen('map_string_int', d))} == {self.paren(self.gen('map_string_int', d))}",
            lambda: f"{self.paren(self.gen('string', d))}.{self.pick(['contains', 'startsWith', 'endsWith'])}({self.paren(self.gen('string', d))})",
            lambda: f"{self.paren(self.gen('string', d))}.matches({self.pick(PATTERNS)})",
            lambda: f"{self.paren(self.gen('int', d))} in {self.paren(self.gen('list_int', d))}",
            lambda: f"{self.paren(self.gen('string', d))} in {self.paren(self.gen('map_string_int', d))}",
            lambda: f"{self.paren(self.gen('list_int', d))}.{self.pick(['all', 'exists', 'exists_one'])}(x, x {self.pick(['>', '<', '=='])} {self.paren(self.gen('int', d))})",
            lambda: f"has({self.paren(self.gen('map_string_int', d))}.a)",
        ])()

    def gen_list_int(self, d):
        g = lambda: self.paren(self.gen("int", d))
        return self.pick([
            lambda: f"[{g()}, {g()}]",
            lambda: f"{self.paren(self.gen('list_int', d))} + {self.paren(self.gen('list_int', d))}",
            lambda: f"{self.paren(self.gen('list_int', d))}.map(x, x {self.pick(['+', '*', '-'])} {g()})",
            lambda: f"{self.paren(self.gen('list_int', d))}.filter(x, x % 2 == 0)",
            lambda: f"{self.paren(self.gen('list_string', d))}.map(s, s.size())",
        ])()

    def gen_list_string(self, d):
        g = lambda: self.paren(self.gen("string", d))
        return self.pick([lambda: f"[{g()}, {g()}]", lambda: f"{self.paren(self.gen('list_string', d))} + [{g()}]"])()

    def gen_map_string_int(self, d):
        g = lambda: self.paren(self.gen("int", d))
        return self.pick([lambda: f"{{'a': {g()}, 'b': {g()}}}", lambda: f"{{{self.pick(STRING_EDGES[:4])}: {g()}}}"])()

    def gen_timestamp(self, d):
        return self.pick([
            lambda: f"{self.paren(self.gen('timestamp', d))} {self.pick(['+', '-'])} {self.paren(self.gen('duration', d))}",
            lambda: f"timestamp({self.pick(TIMESTAMP_TEXTS)})",
            lambda: f"timestamp({self.pick(['0', '1700000000', '-1'])})",
        ])()

    def gen_duration(self, d):
        g = lambda: self.paren(self.gen("duration", d))
        return self.pick([
            lambda: f"{g()} {self.pick(['+', '-'])} {g()}",
            lambda: f"{self.paren(self.gen('timestamp', d))} - {self.paren(self.gen('timestamp', d))}",
            lambda: f"duration({self.pick(DURATION_TEXTS)})",
        ])()

    def expression(self):
        kind = self.pick(["int", "uint", "double", "string", "bytes", "bool", "bool", "list_int", "list_string", "map_string_int", "timestamp", "duration"])
        return self.gen(kind, self.rng.randint(1, 4))


def rfc3339(value):
    value = value.astimezone(datetime.timezone.utc)
    text = f"{value.year:04d}-" + value.strftime("%m-%dT%H:%M:%S")
    if value.microsecond:
        text += ("." + f"{value.microsecond:06d}").rstrip("0")
    return text + "Z"


def seconds_text(delta):
    total = delta.days * 86400 + delta.seconds
    micros = delta.microseconds
    if total < 0 and micros:
        total, micros = total + 1, 1_000_000 - micros
        sign = "-"
        return sign + (f"{-total}" if total else "0") + ("." + f"{micros:06d}").rstrip("0") + "s"
    return f"{total}" + (("." + f"{micros:06d}").rstrip("0") if micros else "") + "s"


def normalize(value):
    """The peer's Python value in the shape of Tandem's JSON output."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "+Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, datetime.datetime):
        return rfc3339(value)
    if isinstance(value, datetime.timedelta):
        return seconds_text(value)
    if isinstance(value, list):
        return [normalize(v) for v in value]
    if isinstance(value, dict):
        return {("true" if k is True else "false" if k is False else str(k)): normalize(v) for k, v in value.items()}
    return repr(value)


def run_peer(expression):
    import cel

    try:
        return ("value", normalize(cel.evaluate(f"[type({expression}), {expression}]")))
    except BaseException as error:  # the peer raises several exception types, some not Exception
        return ("error", f"{type(error).__name__}: {str(error)[:120]}")


def run_tandem(binary, expression):
    run = subprocess.run([binary, "eval", "--format", "json", f"[type({expression}), {expression}]"], capture_output=True, text=True, timeout=60)
    if run.returncode == 0:
        # JSON's -0 is the double -0.0 (Python would read the integer 0).
        return ("value", json.loads(run.stdout, parse_int=lambda text: -0.0 if text == "-0" else int(text)))
    if run.returncode == 2 and "error[" in run.stderr:
        return ("error", run.stderr.strip().splitlines()[0][:160])
    return ("crash", f"exit {run.returncode}: {run.stderr[:200]}")


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool) and float(a) == float(b) and math.copysign(1, float(a)) == math.copysign(1, float(b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def display(result):
    """A result as text for reading and classifying: bytes shown decoded, not in base64."""
    if isinstance(result, list) and len(result) == 2 and result[0] == "bytes" and isinstance(result[1], str):
        text = base64.b64decode(result[1]).decode("utf-8", errors="replace")
        return json.dumps(["bytes", "b" + json.dumps(text, ensure_ascii=False)], ensure_ascii=False)
    return json.dumps(result, ensure_ascii=False)


def load_known():
    known = []
    with open(os.path.join(HERE, "known.tsv"), encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            pattern, klass, decides = line.rstrip("\n").split("\t")
            assert klass in ("peer-bug", "spec-allowed", "tandem-fixed"), klass
            known.append((re.compile(pattern, re.DOTALL), klass, decides))
    return known


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tandem", default=os.path.join(ROOT, ".build/debug/tandem"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    generator = Generator(rng)
    expressions = []
    seen = set()
    while len(expressions) < args.count:
        expression = generator.expression()
        if expression not in seen:
            seen.add(expression)
            expressions.append(expression)
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        tandem = list(pool.map(lambda e: run_tandem(args.tandem, e), expressions))
    peer = [run_peer(e) for e in expressions]
    known = load_known()
    agreed = 0
    by_class = {}
    unclassified = []
    regressions = []
    for expression, (tk, tv), (pk, pv) in zip(expressions, tandem, peer):
        if tk == "crash":
            unclassified.append((expression, f"Tandem crashed: {tv}", ""))
            continue
        if tk == pk == "error" or (tk == pk == "value" and same(tv, pv)):
            agreed += 1
            continue
        shown_t = tv if tk == "error" else display(tv)
        shown_p = pv if pk == "error" else display(pv)
        observed = f"{expression}\n{shown_t}\n{shown_p}"
        match = next(((klass, decides) for pattern, klass, decides in known if pattern.search(observed)), None)
        if match is None:
            unclassified.append((expression, shown_t, shown_p))
        elif match[0] == "tandem-fixed":
            regressions.append((expression, shown_t, shown_p, match[1]))
        else:
            by_class.setdefault(match[0], []).append((expression, shown_t, shown_p, match[1]))
    total = len(expressions)
    print(f"{total} expressions (seed {args.seed}): {agreed} agree ({100 * agreed / total:.1f}%), {total - agreed} disagree")
    for klass, items in sorted(by_class.items()):
        print(f"\n{klass}: {len(items)}")
        by_reason = {}
        for item in items:
            by_reason.setdefault(item[3], []).append(item)
        for decides, group in sorted(by_reason.items(), key=lambda entry: -len(entry[1])):
            expression, t, p, _ = group[0]
            print(f"  {len(group)} × {decides}\n    e.g. {expression}\n      tandem: {t}\n      peer:   {p}")
    for expression, t, p, decides in regressions:
        print(f"\nREGRESSION of a fixed Tandem bug: {expression}\n  tandem: {t}\n  peer:   {p}\n  {decides}")
    for expression, t, p in unclassified:
        print(f"\nUNCLASSIFIED: {expression}\n  tandem: {t}\n  peer:   {p}")
    return 1 if unclassified or regressions else 0


if __name__ == "__main__":
    sys.exit(main())
