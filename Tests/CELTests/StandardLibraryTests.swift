import CEL
import Expression
import Testing

/// Each function's examples are its specification: an expression and the value it must produce.
@Suite("CEL standard library beyond the conformance files")
struct StandardLibraryTests {
    static let examples: [(String, String)] = [
        // strings
        ("'a,b,,c'.split(',')", #"["a", "b", "", "c"]"#),
        ("'abc'.split('')", #"["a", "b", "c"]"#),
        ("['a', 'b'].join('-')", #""a-b""#),
        ("['a', 'b'].join()", #""ab""#),
        ("'  Hé llo \\t'.trim()", #""Hé llo""#),
        ("'MiXed Ünï'.lowerAscii()", #""mixed Ünï""#),
        ("'MiXed'.upperAscii()", #""MIXED""#),
        ("matches('PA-042', '^PA-[0-9]{3}$')", "true"),
        // RE2 semantics: linear time, so the classic catastrophic pattern answers at once.
        ("'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.matches('^(a+)+$')", "false"),
        ("'cows'.matches('') && ''.matches('')", "true"),
        ("'é'.matches('^.$')", "true"),
        // A pattern known only at run time is compiled then, and its error is an evaluation error.
        ("'x'.matches(['['][0])", #"error("invalid regular expression '[': missing ]: [")"#),
        // conversions
        ("int('42') + int(2.9) + int(3u)", "47"),
        ("int('x')", #"error("cannot convert 'x' to int")"#),
        ("int(1e19)", #"error("int conversion out of range")"#),
        ("uint(-1)", #"error("uint conversion out of range")"#),
        ("double('2.5') * 2.0", "5.0"),
        ("string(2.5) + string(3) + string(true) + string(4u)", #""2.53true4""#),
        ("bool('TRUE') && !bool('0')", "true"),
        ("bytes('hé')", #"b"hé""#),
        ("type(1) == int && type('a') == string && type([]) == list && type({}) == map", "true"),
        ("dyn(1) == 1", "true"),
        // Type values are the outer type, as cel-go prints them (found by the differential test).
        ("type([1])", "list"),
        ("type({'a': 1})", "map"),
        ("type(type(1))", "type"),
        // An error inside a list literal fails the list, even when constant (was a list of size 1
        // holding the error; found by the differential test).
        ("[1/0].size()", #"error("division by zero")"#),
        ("[1, [2/0]] == [1]", #"error("division by zero")"#),
        // time
        ("timestamp('2026-03-01T10:30:00Z').getFullYear()", "2026"),
        ("timestamp('2026-03-01T10:30:00Z').getMonth()", "2"),
        ("timestamp('2026-03-01T10:30:00Z').getDate()", "1"),
        ("timestamp('2026-03-01T10:30:00Z').getDayOfMonth()", "0"),
        ("timestamp('2026-03-01T10:30:00Z').getDayOfWeek()", "0"),
        ("timestamp('2026-03-01T10:30:00Z').getDayOfYear()", "59"),
        ("timestamp('2026-03-01T10:30:00Z').getHours('-05:00')", "5"),
        ("timestamp('2026-07-01T10:30:00Z').getHours('America/Montreal')", "6"),
        ("timestamp('2026-03-01T10:30:00.250Z').getMilliseconds()", "250"),
        ("timestamp('2026-03-01T00:00:00Z') - timestamp('2026-02-01T00:00:00Z')", #"duration("2419200s")"#),
        ("timestamp('2026-01-01T00:00:00Z') + duration('36h')", #"timestamp("2026-01-02T12:00:00Z")"#),
        ("duration('1h30m').getMinutes()", "90"),
        ("duration('1.5s') < duration('2s')", "true"),
        ("timestamp('2026-13-01T00:00:00Z')", #"error("cannot parse '2026-13-01T00:00:00Z' as an RFC 3339 timestamp")"#),
        ("timestamp(0)", #"timestamp("1970-01-01T00:00:00Z")"#),
        ("daysBetween(timestamp('2026-01-01T00:00:00Z'), timestamp('2026-03-01T00:00:00Z'))", "59"),
        ("daysBetween(timestamp('2026-03-01T00:00:00Z'), timestamp('2026-01-01T12:00:00Z'))", "-59"),
        // maps and has()
        ("has({'a': 1}.a) && !has({'a': 1}.b)", "true"),
        ("{'a': 1}.b", #"error("no such key: b")"#),
        ("{'a': 1, 'a': 2}", #"error("repeated key: \"a\"")"#),
        ("dyn({1: 'x'})[1u]", #""x""#),
        ("[1, 2, 3].map(x, x > 1, x * 10)", "[20, 30]"),
        ("{'a': 1, 'b': 2}.filter(k, k != 'a')", #"["b"]"#),
    ]

    @Test(arguments: examples)
    func example(_ expression: String, _ expected: String) {
        #expect(evaluate(expression) == expected, "\(expression)")
    }

    @Test func todayIsSuppliedByTheCaller() {
        let asOf = Timestamp(seconds: 1_790_812_800)!  // 2026-10-01
        #expect(evaluate("today()", today: asOf) == #"timestamp("2026-10-01T00:00:00Z")"#)
        #expect(evaluate("daysBetween(timestamp('2026-09-01T00:00:00Z'), today())", today: asOf) == "30")
        #expect(evaluate("today()") == #"error("today() has no value: the caller supplied no date")"#)
    }

    @Test func runawayComprehensionsStopAtTheBudget() {
        let text = "[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, a + b + c > 0)))"
        #expect(evaluate(text) == "true")
        #expect(evaluate(text, budget: 500) == #"error("evaluation exceeded its budget of 500 steps")"#)
    }

    /// A part of a comprehension's body that does not depend on its variable is computed once
    /// per run of the comprehension, and means exactly what it meant.
    @Test func loopInvariantPartsAreComputedOncePerRun() {
        // A million steps without it; a few thousand with it.
        #expect(evaluate("lists.range(1000).map(i, lists.range(1000).size()).size()", budget: 10_000) == "1000")
        // Recomputed for each run of the inner comprehension: `a + 1` differs between outer elements.
        #expect(evaluate("[1, 2].map(a, [10, 20].map(b, a + 1))") == "[[2, 2], [3, 3]]")
        #expect(evaluate("[1, 2].map(a, [10, 20].filter(b, b > a * 10 + 5).size())") == "[1, 0]")
        // Evaluated only where it would have been: never for no elements, never past a short circuit.
        let m: [String: CELType] = ["m": .map(.string, .int)]
        let empty: [String: Value] = ["m": .map(try! DictionaryMap.make([]).get())]
        #expect(evaluate("[].all(x, m.nope == 1)", variables: m, bindings: empty) == "true")
        #expect(evaluate("[1, 2].all(x, x > 5 && m.nope == 1)", variables: m, bindings: empty) == "false")
        #expect(evaluate("[1, 2].exists(x, x < 5 || m.nope == 1)", variables: m, bindings: empty) == "true")
        #expect(evaluate("[1, 2].all(x, x < 5 && m.nope == 1)", variables: m, bindings: empty).contains("no such key: nope"))
    }

    /// `l.filter(x, p).size()` counts without building the filtered list: the same numbers, the
    /// same errors, on lists and on maps' keys.
    @Test func countedFiltersMeanWhatFilteredListsMean() {
        #expect(evaluate("[1, 2, 3, 4].filter(x, x > 2).size()") == "2")
        #expect(evaluate("size([1, 2, 3].filter(x, x > 0))") == "3")
        #expect(evaluate("[].filter(x, x > 0).size()") == "0")
        #expect(evaluate("{'a': 1, 'b': 2}.filter(k, k != 'a').size()") == "1")
        #expect(evaluate("[1, 0].filter(x, 10 / x > 1).size()") == #"error("division by zero")"#)
        #expect(evaluate("[[1, 2], [3]].filter(l, l.filter(x, x > 1).size() > 0).size()") == "2")
        // Kept elements are still the filter's when the list itself is read.
        #expect(evaluate("[1, 2, 3].filter(x, x > 1)") == "[2, 3]")
    }

    @Test func variablesAreBoundBySlot() {
        let result = evaluate(
            "team.size + 1", variables: ["team": .map(.string, .int)],
            bindings: ["team": .map(try! DictionaryMap.make([(.string("size"), .int(6))]).get())])
        #expect(result == "7")
    }
}

/// Membership in an indexed list gives the answer a scan would, without the scan.
@Suite("Indexed lists")
struct IndexedListTests {
    @Test func aValueThatCannotBeAKeyIsInNoIndexedList() throws {
        let list = try #require(IndexedList((0..<20).map { Value.string("id-\($0)") } + [.int(2)]))
        #expect(list.containsIndexed(.string("id-7")) == true)
        #expect(list.containsIndexed(.double(2.0)) == true)  // 2.0 == 2, as `==` says
        // null, fractional doubles and containers equal no scalar element: false, not "unknown".
        #expect(list.containsIndexed(.null) == false)
        #expect(list.containsIndexed(.double(2.5)) == false)
        #expect(list.containsIndexed(.list([])) == false)
    }
}
