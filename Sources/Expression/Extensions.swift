/// CEL's extension libraries, as cel-go's `ext` package and Kubernetes define them. A policy set
/// enables them by name (`cel: {extensions: [strings, math]}`); each brings functions, macros or
/// syntax, documented in `docs/cel.md`.
public enum CELExtension: String, Sendable, CaseIterable, Comparable {
    case strings, lists, sets, math, bindings, optionals, encoders
    case twoVarComprehensions = "two-var-comprehensions"

    /// Every library: what an environment enables when its author does not say.
    public static let all = Set(allCases)

    public static func < (a: CELExtension, b: CELExtension) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// One line for documentation.
    public var summary: String {
        switch self {
        case .strings: "string manipulation: charAt, indexOf, lastIndexOf, lowerAscii, upperAscii, replace, split, substring, trim, join, strings.quote, reverse, format"
        case .lists: "list functions: lists.range, distinct, flatten, reverse, slice, sort, sortBy, first, last"
        case .sets: "list-as-set tests: sets.contains, sets.equivalent, sets.intersects"
        case .math: "math.greatest, math.least, ceil, floor, round, trunc, abs, sign, sqrt, isNaN, isInf, isFinite and bit operations"
        case .bindings: "cel.bind(name, value, body): name a sub-expression once"
        case .optionals: "optional values: optional.of/ofNonZeroValue/none, hasValue, value, or, orValue, optMap, optFlatMap, `x.?f`, `m[?k]`, `{?k: v}`, `[?e]`"
        case .encoders: "base64.encode, base64.decode"
        case .twoVarComprehensions: "all, exists, existsOne with (index or key, value) variables; transformList, transformMap, transformMapEntry"
        }
    }

    /// The library that declares `function`, whether enabled or not (for "enable it" messages).
    public static func library(declaring function: String) -> CELExtension? {
        owners[function]
    }

    private static let owners: [String: CELExtension] = {
        var table: [String: CELExtension] = [:]
        for library in allCases {
            for function in library.declarations where table[function.name] == nil { table[function.name] = library }
        }
        table["cel.bind"] = .bindings
        table["sortBy"] = .lists
        table["optMap"] = .optionals
        table["optFlatMap"] = .optionals
        table["transformList"] = .twoVarComprehensions
        table["transformMap"] = .twoVarComprehensions
        table["transformMapEntry"] = .twoVarComprehensions
        return table
    }()

    private static let A = CELType.param("A")
    private static let B = CELType.param("B")

    private static func member(_ id: String, _ parameters: [CELType], _ result: CELType) -> Overload {
        Overload(id, parameters, result, member: true)
    }

    /// The functions the library declares (macros are the parser's; see ``Comprehension/Kind``).
    /// Built once: every environment (one per policy file and rule) reads them.
    public var declarations: [FunctionDecl] { Self.declarationTable[self] ?? [] }

    private static let declarationTable: [CELExtension: [FunctionDecl]] =
        Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.makeDeclarations()) })

    private func makeDeclarations() -> [FunctionDecl] {
        let A = Self.A, B = Self.B
        switch self {
        case .strings:
            return [
                FunctionDecl("charAt", "the character at an index", [Self.member("string_char_at_int", [.string, .int], .string)]),
                FunctionDecl(
                    "indexOf", "first index of a substring, or -1",
                    [
                        Self.member("string_index_of_string", [.string, .string], .int),
                        Self.member("string_index_of_string_int", [.string, .string, .int], .int),
                    ]),
                FunctionDecl(
                    "lastIndexOf", "last index of a substring, or -1",
                    [
                        Self.member("string_last_index_of_string", [.string, .string], .int),
                        Self.member("string_last_index_of_string_int", [.string, .string, .int], .int),
                    ]),
                FunctionDecl("lowerAscii", "ASCII lower case", [Self.member("string_lower_ascii", [.string], .string)]),
                FunctionDecl("upperAscii", "ASCII upper case", [Self.member("string_upper_ascii", [.string], .string)]),
                FunctionDecl(
                    "replace", "replace occurrences, optionally at most n",
                    [
                        Self.member("string_replace_string_string", [.string, .string, .string], .string),
                        Self.member("string_replace_string_string_int", [.string, .string, .string, .int], .string),
                    ]),
                FunctionDecl(
                    "split", "split on a separator, optionally into at most n parts",
                    [
                        Self.member("string_split_string", [.string, .string], .list(.string)),
                        Self.member("string_split_string_int", [.string, .string, .int], .list(.string)),
                    ]),
                FunctionDecl(
                    "substring", "characters from start (to end)",
                    [
                        Self.member("string_substring_int", [.string, .int], .string),
                        Self.member("string_substring_int_int", [.string, .int, .int], .string),
                    ]),
                FunctionDecl("trim", "strip leading and trailing white space", [Self.member("string_trim", [.string], .string)]),
                FunctionDecl(
                    "join", "join strings",
                    [
                        Self.member("list_join", [.list(.string)], .string),
                        Self.member("list_join_string", [.list(.string), .string], .string),
                    ]),
                FunctionDecl("strings.quote", "quote and escape a string", [Overload("strings_quote", [.string], .string)]),
                FunctionDecl("reverse", "the characters in reverse order", [Self.member("string_reverse", [.string], .string)]),
                FunctionDecl("format", "printf-style formatting (%s %d %f %e %b %x %X %o)", [Self.member("string_format", [.string, .list(.dyn)], .string)]),
            ]
        case .lists:
            return [
                FunctionDecl("lists.range", "[0, 1, …, n-1]", [Overload("lists_range", [.int], .list(.int))]),
                FunctionDecl("distinct", "the elements without repeats, first occurrence kept", [Self.member("list_distinct", [.list(A)], .list(A))]),
                FunctionDecl(
                    "flatten", "nested lists flattened (one level, or n)",
                    [
                        Self.member("list_flatten", [.list(.dyn)], .list(.dyn)),
                        Self.member("list_flatten_int", [.list(.dyn), .int], .list(.dyn)),
                    ]),
                FunctionDecl("reverse", "the elements in reverse order", [Self.member("list_reverse", [.list(A)], .list(A))]),
                FunctionDecl("slice", "elements from start to end (exclusive)", [Self.member("list_slice", [.list(A), .int, .int], .list(A))]),
                FunctionDecl("sort", "the elements in ascending order", [Self.member("list_sort", [.list(A)], .list(A))]),
                FunctionDecl("first", "the first element, if any", [Self.member("list_first", [.list(A)], .optional(A))]),
                FunctionDecl("last", "the last element, if any", [Self.member("list_last", [.list(A)], .optional(A))]),
            ]
        case .sets:
            return [
                FunctionDecl("sets.contains", "every element of the second list is in the first", [Overload("list_sets_contains_list", [.list(A), .list(A)], .bool)]),
                FunctionDecl("sets.equivalent", "the two lists hold the same elements", [Overload("list_sets_equivalent_list", [.list(A), .list(A)], .bool)]),
                FunctionDecl("sets.intersects", "the two lists share an element", [Overload("list_sets_intersects_list", [.list(A), .list(A)], .bool)]),
            ]
        case .math:
            let numeric: [CELType] = [.int, .uint, .double]
            func extremum(_ name: String) -> FunctionDecl {
                // One numeric argument or a list; more arguments are checked by the checker's
                // variadic rule (see ``CELExtension/variadicNumeric``).
                FunctionDecl(
                    name, name == "math.greatest" ? "the largest of numbers" : "the smallest of numbers",
                    numeric.map { Overload("\(name)_\($0)", [$0], $0) } + numeric.map { Overload("\(name)_list_\($0)", [.list($0)], $0) })
            }
            func rounding(_ name: String, _ summary: String) -> FunctionDecl {
                FunctionDecl("math.\(name)", summary, [Overload("math_\(name)_double", [.double], .double)])
            }
            func test(_ name: String, _ summary: String) -> FunctionDecl {
                FunctionDecl("math.\(name)", summary, [Overload("math_\(name)_double", [.double], .bool)])
            }
            func bitwise(_ name: String) -> FunctionDecl {
                FunctionDecl(
                    "math.\(name)", "bitwise operation",
                    [
                        Overload("math_\(name)_int_int", [.int, .int], .int), Overload("math_\(name)_uint_uint", [.uint, .uint], .uint),
                    ])
            }
            func shift(_ name: String) -> FunctionDecl {
                FunctionDecl(
                    "math.\(name)", "bit shift (logical)",
                    [
                        Overload("math_\(name)_int_int", [.int, .int], .int), Overload("math_\(name)_uint_int", [.uint, .int], .uint),
                    ])
            }
            return [
                extremum("math.greatest"), extremum("math.least"),
                rounding("ceil", "round up"), rounding("floor", "round down"),
                rounding("round", "round half away from zero"), rounding("trunc", "round toward zero"),
                FunctionDecl("math.abs", "absolute value", numeric.map { Overload("math_abs_\($0)", [$0], $0) }),
                FunctionDecl("math.sign", "-1, 0 or 1, in the argument's type", numeric.map { Overload("math_sign_\($0)", [$0], $0) }),
                FunctionDecl("math.sqrt", "square root", numeric.map { Overload("math_sqrt_\($0)", [$0], .double) }),
                test("isNaN", "not a number"), test("isInf", "infinite"), test("isFinite", "neither infinite nor NaN"),
                bitwise("bitAnd"), bitwise("bitOr"), bitwise("bitXor"),
                FunctionDecl("math.bitNot", "bitwise complement", [Overload("math_bitNot_int", [.int], .int), Overload("math_bitNot_uint", [.uint], .uint)]),
                shift("bitShiftLeft"), shift("bitShiftRight"),
            ]
        case .bindings:
            return []
        case .optionals:
            return [
                FunctionDecl("optional.of", "an optional holding a value", [Overload("optional_of", [A], .optional(A))]),
                FunctionDecl(
                    "optional.ofNonZeroValue", "an optional holding a value unless it is its type's zero value",
                    [
                        Overload("optional_ofNonZeroValue", [A], .optional(A))
                    ]),
                FunctionDecl("optional.none", "the empty optional", [Overload("optional_none", [], .optional(.dyn))]),
                FunctionDecl("hasValue", "whether the optional holds a value", [Self.member("optional_hasValue", [.optional(A)], .bool)]),
                FunctionDecl("value", "the value held (an error when empty)", [Self.member("optional_value", [.optional(A)], A)]),
                FunctionDecl("or", "this optional if it holds a value, else the other", [Self.member("optional_or_optional", [.optional(A), .optional(A)], .optional(A))]),
                FunctionDecl("orValue", "the value held, else the default", [Self.member("optional_orValue_value", [.optional(A), A], A)]),
                FunctionDecl("_?._", "optional field selection", [Overload("select_optional_field", [.map(.string, B), .string], .optional(B))]),
                FunctionDecl(
                    "_[?_]", "optional index",
                    [
                        Overload("list_optindex_optional_int", [.list(A), .int], .optional(A)),
                        Overload("map_optindex_optional_value", [.map(A, B), A], .optional(B)),
                    ]),
            ]
        case .encoders:
            return [
                FunctionDecl("base64.encode", "bytes to base64 text", [Overload("base64_encode_bytes", [.bytes], .string)]),
                FunctionDecl("base64.decode", "base64 text (padding optional) to bytes", [Overload("base64_decode_string", [.string], .bytes)]),
            ]
        case .twoVarComprehensions:
            return []
        }
    }

    /// Functions that take any number (≥ 1) of numeric arguments (`math.greatest(1, 2.5, 3u)`).
    public static let variadicNumeric: Set<String> = ["math.greatest", "math.least"]
}

/// Resolves `ns.fn(args)`, which parses as a method `fn` on the name `ns`, to the global
/// function `ns.fn` when one is declared (cel-go resolves namespaced functions the same way,
/// before field selection). Shared by the checker and the planner so both read it alike.
public enum NamespacedFunction {
    /// Namespaces with functions: `math`, `sets`, `lists`, `strings`, `base64`, `optional`.
    public static let namespaces: Set<String> = {
        var names: Set<String> = []
        for library in CELExtension.allCases {
            for function in library.declarations {
                if let dot = function.name.firstIndex(of: "."), function.name.first != "_" { names.insert(String(function.name[..<dot])) }
            }
        }
        return names
    }()

    /// The qualified function name when `target.function(…)` names one, else `nil`.
    public static func resolve(_ function: String, target: Expr) -> String? {
        guard case .ident(let namespace) = target.kind, namespaces.contains(namespace) else { return nil }
        let qualified = "\(namespace).\(function)"
        return CELExtension.library(declaring: qualified) != nil ? qualified : nil
    }
}
