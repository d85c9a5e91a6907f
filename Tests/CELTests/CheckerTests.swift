import CEL
import Expression
import Testing

/// A type provider for tests: a Team with a few fields.
struct TeamTypes: ObjectTypeProvider {
    let fields: [String: [String: CELType]] = [
        "Team": ["name": .string, "members": .list(.object("Member")), "status": .string],
        "Member": ["role": .string, "active": .bool],
    ]
    func fieldType(of object: String, field: String) -> CELType? { fields[object]?[field] }
    func fieldNames(of object: String) -> [String] { fields[object].map { Array($0.keys).sorted() } ?? [] }
}

@Suite("The checker reports every problem before anything runs")
struct CheckerTests {
    func issues(_ text: String, expecting: CELType? = nil) -> [ExpressionIssue] {
        let env = Environment(variables: ["team": .object("Team")], objectTypes: TeamTypes())
        if case .failure(let failure) = env.compile(text, expecting: expecting) { return failure.issues }
        return []
    }

    @Test func undeclaredVariablesGetASuggestion() {
        let found = issues("taem.name == 'x'")
        #expect(found.map(\.code) == ["CEL002"])
        #expect(found.first?.message == "undeclared reference to 'taem'")
        #expect(found.first?.notes == ["did you mean 'team'?"])
        #expect(found.first?.offset == 0)
    }

    @Test func unknownFieldsOnDeclaredObjectsAreErrors() {
        let found = issues("team.membrs.size() > 1")
        #expect(found.map(\.code) == ["CEL004"])
        #expect(found.first?.message == "undefined field 'membrs' on Team")
        #expect(found.first?.notes == ["did you mean 'members'?"])
        #expect(found.first?.offset == 5)
    }

    @Test func fieldsInsideMacrosAreCheckedToo() {
        let found = issues("team.members.exists(m, m.rol == 'icl')")
        #expect(found.map(\.message) == ["undefined field 'rol' on Member"])
    }

    @Test func wrongArgumentTypesNameTheOverload() {
        #expect(issues("team.name + 1").map(\.message) == ["no matching overload for '+' applied to (string, int)"])
        #expect(issues("size(1)").map(\.code) == ["CEL003"])
    }

    @Test func wrongArityIsExplained() {
        #expect(issues("'a'.contains('a', 'b')").map(\.message) == ["'contains' takes 1 argument, got 2"])
        #expect(issues("contains('a', 'b')").map(\.message) == ["'contains' is not a function; call it as a method: receiver.contains(…)"])
    }

    @Test func unknownFunctionsGetASuggestion() {
        let found = issues("team.name.startswith('x')")
        #expect(found.first?.message == "undeclared reference to function 'startswith'")
        #expect(found.first?.notes == ["did you mean 'startsWith'?"])
    }

    @Test func everyIssueIsReportedAtOnce() {
        #expect(issues("taem.name == 'x' && team.nmae == 'y'").count == 2)
    }

    @Test func theResultTypeCanBeRequired() {
        #expect(issues("team.members.size()", expecting: .bool).map(\.message) == ["expression must be bool, but it is int"])
        #expect(issues("team.members.size() > 0", expecting: .bool).isEmpty)
    }

    @Test func predicatesMustBeBooleans() {
        #expect(issues("team.members.all(m, m.role)").map(\.code) == ["CEL005"])
    }
}

@Suite("The parser points at the offending character")
struct ParserTests {
    func issue(_ text: String) -> (String, Int, Int)? {
        guard case .failure(let failure) = Environment().compile(text), let issue = failure.issues.first else { return nil }
        let (line, column) = failure.source.lineAndColumn(of: issue.offset)
        return (issue.message, line, column)
    }

    @Test func syntaxErrorsHaveLineAndColumn() {
        let found = issue("1 +\n  * 2")
        #expect(found?.0 == "unexpected '*'")
        #expect(found?.1 == 2)
        #expect(found?.2 == 3)
    }

    @Test func reservedWordsAreRejected() {
        #expect(issue("if")?.0 == "'if' is a reserved word and cannot be used as a name")
        // CEL006 at the word itself.
        guard case .failure(let failure) = Environment().compile("1 + while") else { Issue.record("compiled"); return }
        #expect(failure.issues.map(\.code) == ["CEL006"])
        #expect(failure.source.lineAndColumn(of: failure.issues[0].offset) == (1, 5))
    }

    @Test func unterminatedStringsAreReported() {
        #expect(issue("'abc")?.0 == "unterminated string literal")
    }

    @Test func deepNestingIsBoundedNotACrash() {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(issue(deep)?.0 == "expression nests deeper than 200 levels")
    }

    @Test func literalsCoverTheLexicalGrammar() {
        #expect(evaluate("r'\\n' + '''a\nb''' + \"\\x41\\u00e9\\101\"") == #""\\na\nbAéA""#)
        #expect(evaluate("0x10 + 010") == "26")
        #expect(evaluate("b'\\xff'.size()") == "1")
        #expect(evaluate("-9223372036854775808") == "-9223372036854775808")
        #expect(evaluate("1.5e3") == "1500.0")
    }
}

/// Constant `matches()` patterns are compiled by RE2 when the expression is compiled.
@Suite("Regular expressions are RE2's")
struct RegexCheckTests {
    @Test func anInvalidConstantPatternIsACompileErrorAtTheConstruct() throws {
        let env = Environment(variables: ["s": .string])
        guard case .failure(let failure) = env.compile("s.matches('ab(c')") else {
            Issue.record("expected a compile error")
            return
        }
        #expect(failure.issues.map(\.code) == ["CEL008"])
        #expect(failure.issues.first?.message == "invalid regular expression: missing ): ab(c")
        // RE2 names the whole pattern as the unbalanced construct: the caret is at its start.
        #expect(failure.source.lineAndColumn(of: failure.issues[0].offset) == (1, 12))
    }

    @Test func aHostilePatternGetsTheRightAnswer() throws {
        // A backtracking engine would not return from this (the suite would hang); RE2 answers,
        // and answers right: no "gave up" read as false.
        let env = Environment(variables: ["s": .string])
        let compiled = try env.compile("s.matches('^(a|aa)*(b|a+)+$')").get()
        #expect(Printer.literal(compiled.evaluate(["s": .string(String(repeating: "a", count: 5_000) + "!")])) == "false")
        #expect(Printer.literal(compiled.evaluate(["s": .string(String(repeating: "a", count: 5_000))])) == "true")
    }
}
