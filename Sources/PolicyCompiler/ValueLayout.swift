import CEL

/// Where each value of one rule or risk-model evaluation lives in its value list: the contract
/// between the compiler, which binds every expression's variables to slots by these names, and
/// the evaluators (rules, risk, explain) that fill the list. The order is `snapshot`,
/// `organization`, the subject when there is one (a rule's `forEach` item, a risk model's team),
/// then the variables in declaration order.
public struct ValueLayout: Sendable, Hashable {
    /// The slot of `snapshot`.
    public static let snapshot = 0
    /// The slot of `organization`.
    public static let organization = 1

    /// The subject's name (`team`, `person`, …), or nil for a rule run once per snapshot.
    public let subjectName: String?
    /// The variables' names, in declaration order.
    public let variableNames: [String]

    /// Creates a layout.
    public init(subject: String?, variables: [String]) {
        subjectName = subject
        variableNames = variables
    }

    /// The subject's slot, when there is a subject.
    public var subject: Int? { subjectName == nil ? nil : 2 }

    /// The slot of the variable at `offset` in declaration order.
    public func variable(_ offset: Int) -> Int { (subjectName == nil ? 2 : 3) + offset }

    /// Every name, in slot order.
    public var names: [String] { ["snapshot", "organization"] + [subjectName].compactMap { $0 } + variableNames }

    /// The number of slots.
    public var count: Int { 2 + (subjectName == nil ? 0 : 1) + variableNames.count }

    /// A value list with the two roots set and every other slot null, to be filled in.
    public func values(root: Value, organization: Value) -> [Value] {
        // Built in order, one store each: `Array(repeating:count:)` copied the null through
        // Value's general copy, and each root replaced one (900 instructions a rule run).
        assert(Self.snapshot == 0 && Self.organization == 1, "the roots are appended first, in slot order")
        var values: [Value] = []
        values.reserveCapacity(count)
        values.append(root)
        values.append(organization)
        for _ in 2..<count { values.append(.null) }
        return values
    }
}
