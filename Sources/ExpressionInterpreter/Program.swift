import Expression

/// What the host supplies to one evaluation beyond variables: facts its functions read, fixed for
/// the run so results are reproducible.
public struct EvaluationContext: Sendable {
    /// The value of `today()`, when the host fixes one.
    public var today: Timestamp?
    /// Other facts the host's functions read (e.g. the rules a subject violated).
    public var attributes: [String: Value]

    /// Creates a context.
    public init(today: Timestamp? = nil, attributes: [String: Value] = [:]) {
        self.today = today
        self.attributes = attributes
    }
}

/// A function Tandem or its caller adds to the standard library (e.g. `today()`).
public struct FunctionImplementation: Sendable {
    /// The function's name.
    public var name: String
    /// Whether it is called as `receiver.name(…)`.
    public var isMember: Bool
    /// Whether calls with constant arguments may be folded at plan time.
    public var isPure: Bool
    /// The implementation; arguments arrive evaluated and free of errors. Return `nil` when the
    /// arguments do not fit, and the caller reports "no matching overload".
    public var body: @Sendable ([Value], EvaluationContext) -> Value?

    /// Creates an implementation.
    public init(name: String, member: Bool = false, pure: Bool = true, _ body: @escaping @Sendable ([Value], EvaluationContext) -> Value?) {
        self.name = name
        self.isMember = member
        self.isPure = pure
        self.body = body
    }
}

/// A planned expression, ready to evaluate many times.
///
/// Planning resolves variables to slots, functions to builtins, and folds constant calls, so an
/// evaluation never looks up a name or re-parses text.
public struct Program: Sendable {
    /// The variables, in slot order; ``evaluate(_:)`` takes their values in this order.
    public let variables: [String]
    private(set) var root: Step
    let slotCount: Int
    /// The number of field selections, each with a ``FieldMemo`` of its own in the frame.
    let siteCount: Int
    /// This program, by identity: which memos of a shared ``FrameStorage`` are its own.
    let identity = ProgramIdentity()
    /// Whether the program has a comprehension (whose body reads its fields many times).
    let iterates: Bool
    /// Whether any comprehension keeps loop-invariant memos (most programs have none, and need
    /// no memo flags).
    let usesMemos: Bool
    /// Most comprehension iterations and calls one evaluation may make.
    public var stepBudget: Int

    /// Plans `root` for the given variables and extra functions; `constants` are names whose
    /// values are known when planning (policy parameters), folded into the program.
    public init(_ root: Expr, variables: [String], functions: [FunctionImplementation] = [], constants: [String: Value] = [:], stepBudget: Int = 10_000_000) {
        self.init(root, variables: variables, functions: FunctionTable(functions), constants: constants, stepBudget: stepBudget)
    }

    /// The same, with the extra functions already in a table (an environment makes it once for
    /// every expression it compiles).
    public init(_ root: Expr, variables: [String], functions: FunctionTable, constants: [String: Value] = [:], stepBudget: Int = 10_000_000) {
        var planner = Planner(variables: variables, functions: functions, constants: constants)
        self.root = planner.plan(root)
        self.variables = variables
        self.slotCount = planner.slotCount
        self.siteCount = planner.siteCount
        self.usesMemos = planner.usesMemos
        self.iterates = planner.iterates
        self.stepBudget = stepBudget
    }

    /// The same program over steps of its own: every step, constant and memo table made anew
    /// (see ``OwnCopy``), for a worker evaluating it while another core does too.
    public func ownCopy() -> Program {
        var copy = self
        copy.root = root.ownCopy()
        return copy
    }

    /// Evaluates with the values of ``variables`` picked from `values` by `slots` (slot *i* reads
    /// `values[slots[i]]`), so a caller holding a larger value list needs no copy of its own.
    public func evaluate(_ values: [Value], slots: [Int], context: EvaluationContext = EvaluationContext()) -> Value {
        var storage = FrameStorage()
        // Field memos made for one evaluation pay only when it iterates (a list of every
        // advisor's id), reading the same fields again and again; a message's `{{team.name}}`
        // reads its fields plainly.
        guard iterates else {
            return values.withUnsafeBufferPointer { values in
                slots.withUnsafeBufferPointer { slots in
                    var frame = Frame(reusing: &storage, values: values, picking: slots, slotCount: slotCount, memos: usesMemos, budget: stepBudget, context: context)
                    return frame.eval(root)
                }
            }
        }
        return evaluate(values, slots: slots, context: context, storage: &storage)
    }

    /// ``evaluate(_:slots:context:)`` with the frame's arrays taken from `storage` and given back:
    /// a caller evaluating many times in a row (a rule over each of its subjects) allocates them
    /// once instead of on every evaluation.
    public func evaluate(_ values: [Value], slots: [Int], context: EvaluationContext = EvaluationContext(), storage: inout FrameStorage) -> Value {
        values.withUnsafeBufferPointer { values in
            slots.withUnsafeBufferPointer { slots in
                var frame = Frame(reusing: &storage, values: values, picking: slots, slotCount: slotCount, memos: usesMemos, budget: stepBudget, context: context)
                frame.takeFieldMemos(of: self, from: &storage)
                let result = frame.eval(root)
                frame.release(into: &storage)
                return result
            }
        }
    }

    /// Evaluates with variable values in ``variables`` order; errors come back as `.error`.
    public func evaluate(_ values: [Value], context: EvaluationContext = EvaluationContext()) -> Value {
        // Without storage, field memos would be made for one evaluation and thrown away: its
        // selections read their fields plainly.
        var frame = Frame(slots: values, slotCount: slotCount, memos: usesMemos, budget: stepBudget, context: context)
        return frame.eval(root)
    }

    /// Evaluates with variables by name; a missing variable is an evaluation error where read.
    public func evaluate(_ bindings: [String: Value], context: EvaluationContext = EvaluationContext()) -> Value {
        evaluate(variables.map { bindings[$0] ?? .error(EvalError("no value bound for variable '\($0)'")) }, context: context)
    }
}

/// The arrays of an evaluation's frame, kept between evaluations by a caller that makes many (see
/// ``Program/evaluate(_:slots:context:storage:)``). Empty between evaluations.
public struct FrameStorage: Sendable {
    var slots: [Value] = []
    var memoized: [Bool] = []
    /// The field memos of each program evaluated with this storage (a rule's condition,
    /// variables and assertion share one), kept from one evaluation to the next: that is what
    /// makes them worth keeping. A handful of programs at most, so found by a scan.
    var fieldMemos: [(program: ObjectIdentifier, memos: [FieldMemo])] = []

    /// Empty storage.
    public init() {}
}

/// A program's identity: an object made with it, shared by its copies.
final class ProgramIdentity: Sendable {}

/// The planned form of an expression node.
indirect enum Step: Sendable {
    case constant(Value)
    case slot(Int)
    case unbound(String, Int32)
    /// `operand.field`, or `has(operand.field)`; `site` numbers the selection's ``FieldMemo``.
    case select(Step, String, testOnly: Bool, Int32, site: Int)
    case and(Step, Step, Int32)
    case or(Step, Step, Int32)
    case not(Step, Int32)
    case conditional(Step, Step, Step, Int32)
    case builtin(Builtin, [Step], Int32)
    /// A builtin with one or two arguments: the common case, evaluated without an argument array.
    case unary(Builtin, Step, Int32)
    case binary(Builtin, Step, Step, Int32)
    case matchesPattern(Step, CompiledPattern, Int32)
    case custom(FunctionImplementation, [Step], Int32)
    case unknownFunction(String, [Step], Int32)
    /// A list literal; elements at `optional` indices are included only when their optional has a value.
    case list([Step], optional: Set<Int>, Int32)
    /// A map literal; `optional` entries are included only when their optional value has one.
    case map([MapEntryStep], Int32)
    case comprehension(ComprehensionStep)
    /// `a.or(b)` / `a.orValue(b)` on optionals: `b` is evaluated only when `a` is empty.
    case optionalOr(Step, Step, orValue: Bool, Int32)
    /// A loop-invariant part of a comprehension's body, kept in `slot` once computed (see
    /// ``LoopInvariants``).
    case memo(Step, slot: Int)
}

/// One planned map literal entry.
struct MapEntryStep: Sendable {
    var key: Step
    var value: Step
    var optional: Bool
}

/// A planned macro: its variables' slots and its parts.
///
/// The ``Parts`` are held in one object, so that taking a comprehension out of its step, which
/// evaluation does every time it meets one, counts one reference rather than one for each part.
/// Planning changes parts by making a new object (``change(_:)``), so an own copy of a program
/// (``Program/ownCopy()``) shares none with the original.
struct ComprehensionStep: Sendable {
    /// What a comprehension is made of.
    struct Parts: Sendable {
        var kind: Comprehension.Kind
        /// The slot of the (first) variable.
        var slot: Int
        /// The slot of a two-variable comprehension's value variable.
        var slot2: Int?
        var range: Step
        var predicate: Step?
        var transform: Step?
        var id: Int32
        /// The memo slots of loop-invariant parts of the body, cleared each time the
        /// comprehension starts.
        var memos: [Int] = []
        /// A filter whose list is only counted (`l.filter(x, p).size()`): it counts the elements
        /// it keeps instead of building a list of them to be thrown away.
        var counts = false
    }

    private final class Box: Sendable {
        let parts: Parts
        init(_ parts: Parts) { self.parts = parts }
    }

    private var box: Box

    init(kind: Comprehension.Kind, slot: Int, slot2: Int?, range: Step, predicate: Step?, transform: Step?, id: Int32) {
        box = Box(Parts(kind: kind, slot: slot, slot2: slot2, range: range, predicate: predicate, transform: transform, id: id))
    }

    /// Changes the parts (a new object: the old one may be shared by another step).
    mutating func change(_ body: (inout Parts) -> Void) {
        var parts = box.parts
        body(&parts)
        box = Box(parts)
    }

    var kind: Comprehension.Kind { box.parts.kind }
    var slot: Int { box.parts.slot }
    var slot2: Int? { box.parts.slot2 }
    var range: Step { box.parts.range }
    var predicate: Step? { box.parts.predicate }
    var transform: Step? { box.parts.transform }
    var id: Int32 { box.parts.id }
    var memos: [Int] { box.parts.memos }
    var counts: Bool { box.parts.counts }
}

/// Functions beyond the standard library, by name and call style, for the planner to find a
/// call's body: a global `f(x)` under `f`, a member `x.f()` under `.f`. Made once per set of
/// functions; made per expression, it was 1.5 million instructions of compiling the seed pack.
public struct FunctionTable: Sendable {
    private var byName: [String: FunctionImplementation] = [:]

    /// A table of `functions` (a later one of the same name and style replaces an earlier).
    public init(_ functions: [FunctionImplementation] = []) {
        for function in functions { add(function) }
    }

    /// Adds `function`, replacing one of the same name and style.
    public mutating func add(_ function: FunctionImplementation) {
        byName[Self.key(function.name, member: function.isMember)] = function
    }

    /// The function called `name`, as a member (`x.name()`) or not.
    subscript(name: String, member member: Bool) -> FunctionImplementation? {
        byName[Self.key(name, member: member)]
    }

    private static func key(_ name: String, member: Bool) -> String { member ? "." + name : name }
}

private struct Planner {
    var scopes: [(name: String, slot: Int)]
    var slotCount: Int
    var siteCount = 0
    var usesMemos = false
    var iterates = false
    let functions: FunctionTable
    let declared: Set<String>
    let constants: [String: Value]

    init(variables: [String], functions: FunctionTable, constants: [String: Value]) {
        self.constants = constants
        scopes = variables.enumerated().map { ($1, $0) }
        slotCount = variables.count
        declared = Set(variables)
        self.functions = functions
    }

    mutating func plan(_ expr: Expr) -> Step {
        let id = expr.id
        switch expr.kind {
        case .constant(let c):
            return .constant(Self.value(c))
        case .ident(let name):
            if let scope = scopes.last(where: { $0.name == name }) { return .slot(scope.slot) }
            if let constant = constants[name] { return .constant(constant) }
            if let type = StandardLibrary.typeNames[name] { return .constant(.type(type)) }
            return .unbound(name, id)
        case .select(let operand, let field, let testOnly):
            if !testOnly, let qualified = Self.qualifiedName(expr), let type = StandardLibrary.typeNames[qualified],
                !scopes.contains(where: { qualified.hasPrefix($0.name + ".") || $0.name == qualified })
            {
                return .constant(.type(type))
            }
            let operandStep = plan(operand)
            if !testOnly, case .constant(.map(let map)) = operandStep, let value = map.value(forField: field) {
                return .constant(value)
            }
            siteCount += 1
            return .select(operandStep, field, testOnly: testOnly, id, site: siteCount - 1)
        case .call(var function, var target, let args):
            if let t = target, let qualified = NamespacedFunction.resolve(function, target: t) {
                function = qualified
                target = nil
            }
            var steps = args.map { plan($0) }
            if let target { steps.insert(plan(target), at: 0) }
            return call(function, member: target != nil, steps, id)
        case .list(let items, let optional):
            let steps = items.map { plan($0) }
            if optional.isEmpty, let values = Self.constants(steps) { return .constant(.list(values)) }
            return .list(steps, optional: optional, id)
        case .map(let entries):
            let steps = entries.map { MapEntryStep(key: plan($0.key), value: plan($0.value), optional: $0.optional) }
            // A literal of constants (a table of levels to signals) is built once, here; one
            // whose keys repeat stays, to fail where it is evaluated.
            if !steps.contains(where: \.optional), let keys = Self.constants(steps.map(\.key)), let values = Self.constants(steps.map(\.value)),
                case .success(let map) = DictionaryMap.make(Array(zip(keys, values)))
            {
                return .constant(.map(map))
            }
            return .map(steps, id)
        case .comprehension(let c):
            iterates = true
            let range = plan(c.range)
            let slot = slotCount
            slotCount += 1
            scopes.append((c.variable, slot))
            var slot2: Int?
            if let variable2 = c.variable2 {
                slot2 = slotCount
                slotCount += 1
                scopes.append((variable2, slot2!))
            }
            defer {
                scopes.removeLast()
                if slot2 != nil { scopes.removeLast() }
            }
            let step = ComprehensionStep(
                kind: c.kind, slot: slot, slot2: slot2, range: range, predicate: c.predicate.map { plan($0) }, transform: c.transform.map { plan($0) }, id: id)
            let hoisted = LoopInvariants.hoist(step, slotCount: &slotCount)
            if !hoisted.memos.isEmpty { usesMemos = true }
            return .comprehension(hoisted)
        }
    }

    private mutating func call(_ function: String, member: Bool, _ steps: [Step], _ id: Int32) -> Step {
        switch (function, steps.count) {
        case ("_&&_", 2): return .and(steps[0], steps[1], id)
        case ("_||_", 2): return .or(steps[0], steps[1], id)
        case ("!_", 1): return fold(.not(steps[0], id))
        case ("_?_:_", 3): return .conditional(steps[0], steps[1], steps[2], id)
        case ("or", 2) where member: return .optionalOr(steps[0], steps[1], orValue: false, id)
        case ("orValue", 2) where member: return .optionalOr(steps[0], steps[1], orValue: true, id)
        default: break
        }
        if let custom = functions[function, member: member] {
            let step = Step.custom(custom, steps, id)
            return custom.isPure ? fold(step) : step
        }
        guard let builtin = Builtin(function: function, member: member) else {
            return .unknownFunction(function, steps, id)
        }
        if case .matches = builtin, steps.count == 2, case .constant(.string(let pattern)) = steps[1],
            let compiled = try? CompiledPattern(pattern)
        {
            return .matchesPattern(steps[0], compiled, id)
        }
        if case .size = builtin, steps.count == 1, case .comprehension(var filter) = steps[0], filter.kind == .filter {
            filter.change { $0.counts = true }
            return .comprehension(filter)
        }
        switch steps.count {
        case 1: return fold(.unary(builtin, steps[0], id))
        case 2: return fold(.binary(builtin, steps[0], steps[1], id))
        default: return fold(.builtin(builtin, steps, id))
        }
    }

    /// Evaluates a call whose arguments are all constants, once, at plan time.
    private func fold(_ step: Step) -> Step {
        let args: [Step]
        switch step {
        case .builtin(_, let a, _), .custom(_, let a, _): args = a
        case .not(let a, _), .unary(_, let a, _): args = [a]
        case .binary(_, let a, let b, _): args = [a, b]
        default: return step
        }
        guard Self.constants(args) != nil else { return step }
        var frame = Frame(slots: [], slotCount: 0, budget: 10_000, context: EvaluationContext())
        let value = frame.eval(step)
        // A call too costly to fold (`lists.range(100000).sort()`) runs at evaluation time, under
        // the evaluation's own budget, rather than baking the planner's small budget into an error.
        if frame.stepsLeft < 0 || frame.bytesLeft < 0 { return step }
        return .constant(value)
    }

    /// The values of steps that are all constants — none of them an error, which must reach
    /// run time and fail the expression there (a folded `[1/0]` was once a list holding an error,
    /// of size 1; found by the differential test against cel-rust).
    private static func constants(_ steps: [Step]) -> [Value]? {
        var values: [Value] = []
        for step in steps {
            guard case .constant(let v) = step else { return nil }
            if case .error = v { return nil }
            values.append(v)
        }
        return values
    }

    static func qualifiedName(_ expr: Expr) -> String? {
        switch expr.kind {
        case .ident(let name): return name
        case .select(let operand, let field, false): return qualifiedName(operand).map { "\($0).\(field)" }
        default: return nil
        }
    }

    static func value(_ c: Constant) -> Value {
        switch c {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .uint(let u): .uint(u)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        case .bytes(let b): .bytes(b)
        }
    }
}

/// What the interpreter can run, for the contract test that ties the checker's declarations to
/// implementations: a function declared but not implemented would type-check and then fail every
/// evaluation.
public enum Implementations {
    /// Whether a call of `function` (as a method when `member`) has an implementation.
    public static func contains(_ function: String, member: Bool) -> Bool {
        switch (function, member) {
        case ("_&&_", false), ("_||_", false), ("!_", false), ("_?_:_", false), ("or", true), ("orValue", true): return true
        default: return Builtin(function: function, member: member) != nil
        }
    }
}
