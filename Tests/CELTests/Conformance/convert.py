#!/usr/bin/env python3
"""Converts CEL conformance textproto files (cel-spec, Apache-2.0) into JSON test data.

Run by hand when the suite is refreshed:
    python3 Tests/CELTests/Conformance/convert.py ../shared/cel-conformance Tests/CELTests/Conformance/data
Tests read only the JSON this writes; the textproto sources are not needed at test time.
Cases that need protobuf messages, enums or containers are kept, marked "skip" with the reason.
"""
import base64, json, math, os, re, sys

def tokenize(text):
    pattern = re.compile(r'''
        (?P<ws>\s+|\#[^\n]*) |
        (?P<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*') |
        (?P<punct>[{}:\[\],;<>]) |
        (?P<word>[-+]?[A-Za-z0-9_.+\-]+)
    ''', re.X)
    pos = 0
    while pos < len(text):
        m = pattern.match(text, pos)
        if not m:
            raise SyntaxError(f"bad token at {pos}: {text[pos:pos+20]!r}")
        pos = m.end()
        kind = m.lastgroup
        if kind == 'ws':
            continue
        yield kind, m.group()

def unescape(literal):
    """Textproto string escapes, as bytes (C-style: octal, hex, simple escapes)."""
    body = literal[1:-1]
    out = bytearray()
    i = 0
    simple = {'n': 10, 't': 9, 'r': 13, 'a': 7, 'b': 8, 'f': 12, 'v': 11, '\\': 92, "'": 39, '"': 34, '?': 63}
    while i < len(body):
        c = body[i]
        if c != '\\':
            out += c.encode('utf-8')
            i += 1
            continue
        i += 1
        e = body[i]
        if e in simple:
            out.append(simple[e]); i += 1
        elif e in 'xX':
            j = i + 1
            while j < len(body) and j < i + 3 and body[j] in '0123456789abcdefABCDEF':
                j += 1
            out.append(int(body[i+1:j], 16)); i = j
        elif e in '01234567':
            j = i
            while j < len(body) and j < i + 3 and body[j] in '01234567':
                j += 1
            out.append(int(body[i:j], 8) & 0xFF); i = j
        elif e == 'u':
            out += chr(int(body[i+1:i+5], 16)).encode('utf-8'); i += 5
        elif e == 'U':
            out += chr(int(body[i+1:i+9], 16)).encode('utf-8'); i += 9
        else:
            raise SyntaxError(f"unknown escape \\{e}")
    return bytes(out)

def parse_message(tokens, closing=None):
    msg = {}
    while True:
        tok = next(tokens, None)
        if tok is None:
            if closing: raise SyntaxError("unexpected end")
            return msg
        kind, text = tok
        if kind == 'punct' and text == closing:
            return msg
        if kind == 'punct' and text in ',;':
            continue
        name = text
        kind, text = next(tokens)
        if text == ':':
            kind, text = next(tokens)
        if kind == 'punct' and text in '{<':
            value = parse_message(tokens, '}' if text == '{' else '>')
        elif kind == 'punct' and text == '[':
            value = []
            while True:
                kind, text = next(tokens)
                if text == ']': break
                if text == ',': continue
                if text in '{<':
                    value.append(parse_message(tokens, '}' if text == '{' else '>'))
                else:
                    value.append(scalar(kind, text, tokens))
            msg.setdefault(name, []).extend(value)
            continue
        else:
            value = scalar(kind, text, tokens)
        msg.setdefault(name, []).append(value)

class Tokens:
    """The token stream with one token of lookahead, for joining adjacent string literals."""
    def __init__(self, tokens):
        self.tokens = iter(tokens)
        self.ahead = None
    def __iter__(self):
        return self
    def __next__(self):
        if self.ahead is not None:
            tok, self.ahead = self.ahead, None
            return tok
        return next(self.tokens)
    def peek(self):
        if self.ahead is None:
            self.ahead = next(self.tokens, None)
        return self.ahead

def scalar(kind, text, tokens):
    if kind == 'str':
        # Protobuf text format, like C, concatenates adjacent string literals ("a" "b" is "ab");
        # long expressions in the suite are split this way over several lines.
        data = unescape(text)
        while tokens.peek() is not None and tokens.peek()[0] == 'str':
            data += unescape(next(tokens)[1])
        return data
    return text

def one(msg, key, default=None):
    values = msg.get(key)
    return values[0] if values else default

def text(value):
    return value.decode('utf-8') if isinstance(value, bytes) else value

def convert_value(v):
    """A cel.expr.Value as tagged JSON."""
    if 'int64_value' in v: return {'int': str(int(one(v, 'int64_value')))}
    if 'uint64_value' in v: return {'uint': str(int(one(v, 'uint64_value')))}
    if 'double_value' in v:
        raw = one(v, 'double_value')
        lowered = raw.lower()
        if lowered in ('inf', 'infinity'): return {'double': 'Infinity'}
        if lowered in ('-inf', '-infinity'): return {'double': '-Infinity'}
        if lowered == 'nan': return {'double': 'NaN'}
        return {'double': repr(float(raw))}
    if 'string_value' in v: return {'string': text(one(v, 'string_value'))}
    if 'bytes_value' in v: return {'bytes': base64.b64encode(one(v, 'bytes_value')).decode()}
    if 'bool_value' in v: return {'bool': one(v, 'bool_value') == 'true'}
    if 'null_value' in v: return {'null': None}
    if 'list_value' in v:
        lv = one(v, 'list_value')
        return {'list': [convert_value(x) for x in lv.get('values', [])]}
    if 'map_value' in v:
        mv = one(v, 'map_value')
        return {'map': [[convert_value(one(e, 'key')), convert_value(one(e, 'value'))] for e in mv.get('entries', [])]}
    if 'type_value' in v: return {'type': text(one(v, 'type_value'))}
    if 'object_value' in v: raise Unsupported('protobuf message value')
    if 'enum_value' in v: raise Unsupported('protobuf enum value')
    if not v: return {'null': None}
    raise Unsupported(f'value kind {list(v)}')

class Unsupported(Exception):
    pass

def convert_type(t):
    if 'primitive' in t:
        return {'INT64': 'int', 'UINT64': 'uint', 'DOUBLE': 'double', 'BOOL': 'bool', 'STRING': 'string', 'BYTES': 'bytes'}[one(t, 'primitive')]
    if 'list_type' in t:
        return 'list(' + convert_type(one(one(t, 'list_type'), 'elem_type')) + ')'
    if 'map_type' in t:
        mt = one(t, 'map_type')
        return 'map(' + convert_type(one(mt, 'key_type')) + ', ' + convert_type(one(mt, 'value_type')) + ')'
    if 'dyn' in t: return 'dyn'
    if 'null' in t: return 'null'
    if 'well_known' in t: raise Unsupported('well-known protobuf type')
    if 'message_type' in t: raise Unsupported('protobuf message type')
    raise Unsupported(f'type {list(t)}')

def convert_test(t):
    case = {'name': text(one(t, 'name')), 'expr': text(one(t, 'expr'))}
    try:
        if one(t, 'container'): raise Unsupported('container (protobuf package)')
        if one(t, 'disable_check') == 'true': case['disableCheck'] = True
        decls = {}
        for env in t.get('type_env', []):
            ident = one(env, 'ident')
            if ident is None: raise Unsupported('function declaration in type_env')
            decls[text(one(env, 'name'))] = convert_type(one(ident, 'type'))
        if decls: case['declarations'] = decls
        bindings = {}
        for b in t.get('bindings', []):
            bindings[text(one(b, 'key'))] = convert_value(one(one(b, 'value'), 'value'))
        if bindings: case['bindings'] = bindings
        if 'value' in t:
            case['value'] = convert_value(one(t, 'value'))
        elif 'eval_error' in t:
            errs = one(t, 'eval_error').get('errors', [])
            case['error'] = text(one(errs[0], 'message')) if errs else ''
        elif 'typed_result' in t:
            raise Unsupported('typed_result')
        else:
            case['value'] = {'bool': True}
        if re.search(r'google\.protobuf|TestAllTypes|NestedTestAllTypes|\bAny\b', case['expr']):
            raise Unsupported('protobuf messages in expression')
    except Unsupported as reason:
        case['skip'] = str(reason)
    return case

def main(source, target):
    os.makedirs(target, exist_ok=True)
    for name in sorted(os.listdir(source)):
        if not name.endswith('.textproto'): continue
        with open(os.path.join(source, name), encoding='utf-8') as f:
            msg = parse_message(Tokens(tokenize(f.read())))
        out = {'name': text(one(msg, 'name')), 'source': f'cel-spec tests/simple/testdata/{name} (Apache-2.0, see LICENSE)', 'sections': []}
        for section in msg.get('section', []):
            out['sections'].append({'name': text(one(section, 'name')), 'tests': [convert_test(t) for t in section.get('test', [])]})
        with open(os.path.join(target, name.replace('.textproto', '.json')), 'w', encoding='utf-8') as f:
            json.dump(out, f, indent=1, ensure_ascii=False)
            f.write('\n')
        # Every case read is written; a skipped one carries its reason. Counting the source's
        # `test` blocks independently catches a parser that loses cases.
        cases = [t for s in out['sections'] for t in s['tests']]
        with open(os.path.join(source, name), encoding='utf-8') as f:
            declared = len(re.findall(r'^\s*test\s*[:{]', f.read(), re.M))
        if declared != len(cases):
            raise SystemExit(f"{name}: the file declares {declared} tests but {len(cases)} were read")
        reasons = {}
        for t in cases:
            if 'skip' in t: reasons[t['skip']] = reasons.get(t['skip'], 0) + 1
        skipped = sum(reasons.values())
        detail = ''.join(f"; {n} skipped: {r}" for r, n in sorted(reasons.items()))
        print(f"{name}: read {len(cases)}, converted {len(cases) - skipped}{detail}")

if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
