import Testing
@testable import YAMLSource

@Suite("Plain scalars resolve by the YAML 1.2 core schema")
struct CoreSchemaTests {
    static let cases: [(String, YAMLScalar)] = [
        ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null), ("", .null),
        ("true", .bool(true)), ("True", .bool(true)), ("FALSE", .bool(false)),
        ("yes", .string("yes")), ("no", .string("no")), ("on", .string("on")), ("off", .string("off")),
        ("y", .string("y")), ("NO", .string("NO")),
        ("42", .int(42)), ("-7", .int(-7)), ("+3", .int(3)), ("0x1F", .int(31)), ("0o17", .int(15)),
        ("3.5", .double(3.5)), ("-.5", .double(-0.5)), ("1e3", .double(1000)), ("2.", .double(2)),
        (".inf", .double(.infinity)), ("-.Inf", .double(-.infinity)),
        ("2026-01-15", .string("2026-01-15")), ("1_000", .string("1_000")), ("0b101", .string("0b101")),
        ("12:30", .string("12:30")), ("1e", .string("1e")), (".", .string(".")), ("-x", .string("-x")),
        // Either side of the 18 digits summed in place, and of Int64's range.
        ("-0", .int(0)), ("+007", .int(7)), ("999999999999999999", .int(999_999_999_999_999_999)),
        ("-999999999999999999", .int(-999_999_999_999_999_999)), ("9223372036854775807", .int(.max)),
        ("-9223372036854775808", .int(.min)), ("9223372036854775808", .double(9_223_372_036_854_775_808)),
        ("+x", .string("+x")), ("-.INF", .double(-.infinity)), ("+.5", .double(0.5)), ("1.5e-3", .double(0.0015)),
    ]

    @Test(arguments: cases)
    func resolves(text: String, expected: YAMLScalar) throws {
        let result = YAMLLoader().load("v: \(text)")
        let value = try #require(result.documents.first?.root["v"]?.scalar)
        #expect(value == expected, "'\(text)'")
    }

    @Test func nanIsADouble() throws {
        let value = try #require(YAMLLoader().load("v: .nan").documents.first?.root["v"]?.scalar)
        guard case .double(let d) = value else { Issue.record("expected double"); return }
        #expect(d.isNaN)
    }

    @Test func quotedScalarsAreAlwaysStrings() throws {
        let root = try #require(YAMLLoader().load("a: 'true'\nb: \"42\"\nc: |\n  null\n").documents.first?.root)
        #expect(root["a"]?.scalar == .string("true"))
        #expect(root["b"]?.scalar == .string("42"))
        #expect(root["c"]?.scalar == .string("null\n"))
    }

    @Test func coreTagsForceATypeAndOthersAreRejected() throws {
        let root = try #require(YAMLLoader().load("a: !!str 42\nb: !!float 1\n").documents.first?.root)
        #expect(root["a"]?.scalar == .string("42"))
        #expect(root["b"]?.scalar == .double(1))
        let bad = YAMLLoader().load("a: !!python/object x\n")
        #expect(bad.diagnostics.map(\.code) == ["YAML007"])
    }

    @Test func hugeIntegersKeepTheirMagnitude() throws {
        let value = try #require(YAMLLoader().load("v: 123456789012345678901234567890").documents.first?.root["v"]?.scalar)
        #expect(value == .double(Double("123456789012345678901234567890")!))
    }
}
