import Expression

/// The state of one evaluation: variable slots, the remaining step budget and the remaining
/// memory budget.
struct Frame {
    /// The evaluation's own slots: comprehension variables and memos. The first
    /// ``outerCount`` are unused: those variables are read from ``outer``.
    var slots: [Value]
    /// The caller's values, read in place for the program's first ``outerCount`` variables
    /// (variable `i` is `outer[picks[i]]`): copied into the slots, each counted a reference in
    /// and out on every evaluation, five values for each of a rule's hundreds of thousands of
    /// evaluations. Borrowed for the evaluation only (see ``Program/evaluate(_:slots:context:storage:)``).
    private let outer: UnsafePointer<Value>?
    private let picks: UnsafePointer<Int>?
    private let outerCount: Int
    /// One memo per field selection of the program (see ``FieldMemo``); empty when the program
    /// runs without them (constant folding).
    var fieldMemos: [FieldMemo] = []
    /// Which slots hold a computed memo (see ``LoopInvariants``).
    var memoized: [Bool] = []
    var stepsLeft: Int
    let budget: Int
    let context: EvaluationContext
    /// Stands for a comprehension's missing predicate or transform, never evaluated: made once,
    /// as a step made for each comprehension was an allocation.
    private static let absentStep = Step.constant(.null)
    /// Stands for the list of a comprehension over a map, never read.
    private static let noElements: any ListValue = ArrayList([])
    /// The most elements a filter makes room for before it knows how many it keeps.
    static let filterReserve = 16
    /// Bytes of strings, bytes and list or map entries one evaluation may build, all results
    /// counted: a 12 KB expression must not build gigabytes through nested comprehensions.
    static let memoryBudget = 64 << 20
    var bytesLeft = Frame.memoryBudget

    /// Charges a built value to the memory budget; the error once it is spent.
    ///
    /// `value` is consumed and handed back, not copied: every call's result passes through here.
    private mutating func charge(_ value: consuming Value, _ id: Int32) -> Value {
        let cost = Self.builtBytes(value)
        guard cost > 0 else { return value }
        bytesLeft -= cost
        if bytesLeft < 0 {
            return .error(EvalError("evaluation exceeded its memory budget of \(Frame.memoryBudget >> 20) MiB of built strings and lists", exprID: id))
        }
        return value
    }

    /// What a result costs the memory budget: the bytes of a string, or of the entries of a list
    /// or map built by the evaluation; nothing for anything else.
    private static func builtBytes(_ value: Value) -> Int {
        switch value {
        case .string(let s): s.utf8.count
        case .bytes(let b): b.count
        case .list(let l) where l is ArrayList: l.count * 16
        case .map(let m) where m is DictionaryMap: m.count * 32
        default: 0
        }
    }

    /// A frame whose slot and memo arrays are `storage`'s, taken over with their capacity (no
    /// allocation) and handed back by ``release(into:)``; its variables are `values[picks[i]]`,
    /// read in place, so both buffers must outlive the frame.
    init(
        reusing storage: inout FrameStorage, values: UnsafeBufferPointer<Value>, picking picks: UnsafeBufferPointer<Int>, slotCount: Int, memos: Bool, budget: Int,
        context: EvaluationContext
    ) {
        var slots: [Value] = []
        swap(&slots, &storage.slots)
        // One store per slot: appending a `repeatElement` copied each null through Value's
        // general copy, 200 instructions an evaluation.
        slots.reserveCapacity(slotCount)
        for _ in 0..<slotCount { slots.append(.null) }
        self.slots = slots
        outer = values.baseAddress
        self.picks = picks.baseAddress
        outerCount = outer == nil || self.picks == nil ? 0 : picks.count
        assert(picks.allSatisfy { values.indices.contains($0) }, "a variable picks a value the caller does not have")
        self.context = context
        self.stepsLeft = budget
        self.budget = budget
        if memos {
            swap(&memoized, &storage.memoized)
            memoized.append(contentsOf: repeatElement(false, count: slotCount))
        }
    }

    /// Takes `program`'s field memos from `storage` (made the first time), to be given back by
    /// ``release(into:)``.
    mutating func takeFieldMemos(of program: Program, from storage: inout FrameStorage) {
        guard program.siteCount > 0 else { return }
        let owner = ObjectIdentifier(program.identity)
        if let index = storage.fieldMemos.firstIndex(where: { $0.program == owner }) {
            swap(&fieldMemos, &storage.fieldMemos[index].memos)
            memoOwner = index
        } else {
            fieldMemos = Array(repeating: FieldMemo(), count: program.siteCount)
            storage.fieldMemos.append((owner, []))
            memoOwner = storage.fieldMemos.count - 1
        }
    }

    /// Where in the storage's list the field memos go back to.
    private var memoOwner = -1

    /// Gives the slot and memo arrays back to `storage`, emptied but keeping their capacity.
    mutating func release(into storage: inout FrameStorage) {
        if memoOwner >= 0 { swap(&fieldMemos, &storage.fieldMemos[memoOwner].memos) }
        swap(&slots, &storage.slots)
        storage.slots.removeAll(keepingCapacity: true)
        // A frame without memos holds none of the storage's memo array.
        guard !memoized.isEmpty else { return }
        swap(&memoized, &storage.memoized)
        storage.memoized.removeAll(keepingCapacity: true)
    }

    init(slots: [Value], slotCount: Int, memos: Bool = false, budget: Int, context: EvaluationContext) {
        (outer, picks, outerCount) = (nil, nil, 0)
        self.context = context
        self.slots = slots
        if slots.count < slotCount {
            self.slots += Array(repeating: .null, count: slotCount - slots.count)
        }
        if memos { self.memoized = Array(repeating: false, count: self.slots.count) }
        self.stepsLeft = budget
        self.budget = budget
    }

    private mutating func spend(_ id: Int32, _ steps: Int = 1) -> Value? {
        stepsLeft -= steps
        return stepsLeft < 0 ? .error(EvalError("evaluation exceeded its budget of \(budget) steps", exprID: id)) : nil
    }

    /// The extra steps an extension function's work costs (see ``LibraryFunction/cost(_:)``).
    private mutating func spendWork(_ builtin: Builtin, _ args: [Value], _ id: Int32) -> Value? {
        guard case .library(let function) = builtin else { return nil }
        return spend(id, function.cost(args))
    }

    /// `value`, an error tagged with the expression that raised it; consumed and handed back, not
    /// copied (every field read and call result passes through here).
    @inline(__always) private static func tagged(_ value: consuming Value, _ id: Int32) -> Value {
        // The case is tested before anything is bound: all but a few values are not errors, and
        // binding the whole value to hand it back cost a copy of it.
        guard case .error = value else { return value }
        guard case .error(var e) = value, e.exprID == 0 else { return value }
        e.exprID = id
        return .error(e)
    }

    mutating func eval(_ step: Step) -> Value {
        switch step {
        case .constant(let v):
            return v
        case .slot(let i):
            return i < outerCount ? outer.unsafelyUnwrapped[picks.unsafelyUnwrapped[i]] : slots[i]
        case .unbound(let name, let id):
            return .error(EvalError("undeclared reference to '\(name)'", exprID: id))
        case .select(let operandStep, let field, let testOnly, let id, let site):
            let operand = eval(operandStep)
            switch operand {
            case .map(let map):
                let found = site < fieldMemos.count ? map.value(forField: field, memo: &fieldMemos[site]) : map.value(forField: field)
                // An unrecorded fact is not "present": has() is false for it.
                if testOnly { return .bool(found != nil && !(found?.isUnrecorded ?? false)) }
                guard let found else { return .error(EvalError("no such key: \(field)", exprID: id)) }
                return Self.tagged(found, id)
            case .error:
                return operand
            case .optional(nil):
                return testOnly ? .bool(false) : operand
            case .optional(let inner?):
                // Through an optional, selection is optional selection; has() tests the field.
                if testOnly {
                    guard case .map(let map) = inner else { return .error(EvalError("type '\(inner.celType)' does not support field selection", exprID: id)) }
                    let found = map.value(forField: field)
                    return .bool(found != nil && !(found?.isUnrecorded ?? false))
                }
                return Self.tagged(LibraryFunction.optionalSelect(inner, field), id)
            default:
                return .error(EvalError("type '\(operand.celType)' does not support field selection", exprID: id))
            }
        case .and(let l, let r, let id):
            let left = eval(l)
            if case .bool(false) = left { return left }
            let right = eval(r)
            if case .bool(false) = right { return right }
            if case .bool(true) = left, case .bool(true) = right { return right }
            return Self.logicalFailure(left, right, "_&&_", id)
        case .or(let l, let r, let id):
            let left = eval(l)
            if case .bool(true) = left { return left }
            let right = eval(r)
            if case .bool(true) = right { return right }
            if case .bool(false) = left, case .bool(false) = right { return right }
            return Self.logicalFailure(left, right, "_||_", id)
        case .not(let operandStep, let id):
            switch eval(operandStep) {
            case .bool(let b): return .bool(!b)
            case .error(let e): return .error(e)
            case let other: return .error(EvalError("no matching overload for '!_' applied to (\(other.celType))", exprID: id))
            }
        case .conditional(let c, let t, let f, let id):
            switch eval(c) {
            case .bool(true): return eval(t)
            case .bool(false): return eval(f)
            case .error(let e): return .error(e)
            case let other: return .error(EvalError("no matching overload for '_?_:_' applied to (\(other.celType), …)", exprID: id))
            }
        case .builtin(let builtin, let argSteps, let id):
            if let exhausted = spend(id) { return exhausted }
            var args: [Value] = []
            args.reserveCapacity(argSteps.count)
            for argStep in argSteps {
                let v = eval(argStep)
                if case .error = v { return v }
                args.append(v)
            }
            if let exhausted = spendWork(builtin, args, id) { return exhausted }
            return charge(Self.tagged(builtin.apply(args), id), id)
        case .unary(let builtin, let argStep, let id):
            if let exhausted = spend(id) { return exhausted }
            let a = eval(argStep)
            if case .error = a { return a }
            if case .library = builtin, let exhausted = spendWork(builtin, [a], id) { return exhausted }
            return charge(Self.tagged(builtin.apply1(a), id), id)
        case .binary(let builtin, let leftStep, let rightStep, let id):
            if let exhausted = spend(id) { return exhausted }
            let a = eval(leftStep)
            if case .error = a { return a }
            let b = eval(rightStep)
            if case .error = b { return b }
            if case .library = builtin, let exhausted = spendWork(builtin, [a, b], id) { return exhausted }
            return charge(Self.tagged(builtin.apply2(a, b), id), id)
        case .matchesPattern(let subject, let pattern, let id):
            switch eval(subject) {
            case .string(let s): return .bool(pattern.search(s))
            case .error(let e): return .error(e)
            case let other: return .error(EvalError("no matching overload for 'matches' applied to (\(other.celType), string)", exprID: id))
            }
        case .custom(let function, let argSteps, let id):
            if let exhausted = spend(id) { return exhausted }
            var args: [Value] = []
            for argStep in argSteps {
                let v = eval(argStep)
                if case .error = v { return v }
                args.append(v)
            }
            if let result = function.body(args, context) { return charge(Self.tagged(result, id), id) }
            let types = args.map { $0.celType.description }.joined(separator: ", ")
            return .error(EvalError("no matching overload for '\(function.name)' applied to (\(types))", exprID: id))
        case .unknownFunction(let name, let argSteps, let id):
            for argStep in argSteps {
                let v = eval(argStep)
                if case .error = v { return v }
            }
            return .error(EvalError("unbound function '\(name)'", exprID: id))
        case .list(let itemSteps, let optional, let id):
            var values: [Value] = []
            values.reserveCapacity(itemSteps.count)
            for (index, itemStep) in itemSteps.enumerated() {
                let v = eval(itemStep)
                if case .error = v { return v }
                if optional.contains(index) {
                    switch v {
                    case .optional(let held?): values.append(held)
                    case .optional(nil): continue
                    default: return .error(EvalError("an optional list element must be an optional value, not \(v.celType)", exprID: id))
                    }
                } else {
                    values.append(v)
                }
            }
            return charge(.list(values), id)
        case .map(let entrySteps, let id):
            var pairs: [(Value, Value)] = []
            pairs.reserveCapacity(entrySteps.count)
            for entry in entrySteps {
                let key = eval(entry.key)
                if case .error = key { return key }
                var value = eval(entry.value)
                if case .error = value { return value }
                if entry.optional {
                    switch value {
                    case .optional(let held?): value = held
                    case .optional(nil): continue
                    default: return .error(EvalError("an optional map entry must have an optional value, not \(value.celType)", exprID: id))
                    }
                }
                pairs.append((key, value))
            }
            switch DictionaryMap.make(pairs) {
            case .success(let map): return charge(.map(map), id)
            case .failure(var e):
                e.exprID = id
                return .error(e)
            }
        case .comprehension(let c):
            return comprehension(c)
        case .memo(let inner, let slot):
            if memoized[slot] { return slots[slot] }
            let value = eval(inner)
            slots[slot] = value
            memoized[slot] = true
            return value
        case .optionalOr(let left, let right, let orValue, let id):
            let receiver = eval(left)
            switch receiver {
            case .optional(let held?): return orValue ? held : receiver
            case .optional(nil):
                let other = eval(right)
                if orValue { return other }
                switch other {
                case .optional, .error: return other
                default: return .error(EvalError("no matching overload for 'or' applied to (optional_type, \(other.celType))", exprID: id))
                }
            case .error: return receiver
            default:
                return .error(EvalError("no matching overload for '\(orValue ? "orValue" : "or")' applied to (\(receiver.celType), …)", exprID: id))
            }
        }
    }

    private static func logicalFailure(_ left: Value, _ right: Value, _ name: String, _ id: Int32) -> Value {
        // A real error outranks an unknown: hiding a defect behind "not recorded" would turn it
        // into a softer verdict.
        if left.isUnrecorded, case .error = right, !right.isUnrecorded { return right }
        for side in [left, right] {
            switch side {
            case .bool: continue
            case .error: return side
            default: return .error(EvalError("no matching overload for '\(name)' applied to (\(left.celType), \(right.celType))", exprID: id))
            }
        }
        return .error(EvalError("no matching overload for '\(name)'", exprID: id))
    }

    private mutating func comprehension(_ c: ComprehensionStep) -> Value {
        let range = eval(c.range)
        for memo in c.memos { memoized[memo] = false }
        let saved = (slots[c.slot], c.slot2.map { slots[$0] })
        defer {
            slots[c.slot] = saved.0
            if let slot2 = c.slot2, let value = saved.1 { slots[slot2] = value }
        }
        if c.kind == .bind {
            // The value is computed once; an error in it matters only if the body reads it (as in
            // cel-go, where the binding is a comprehension's accumulator).
            slots[c.slot] = range
            return c.transform.map { eval($0) } ?? range
        }
        if case .error = range { return range }
        switch c.kind {
        case .optMap, .optFlatMap:
            guard case .optional(let held) = range else {
                return .error(EvalError("\(c.kind.rawValue)() needs an optional, not \(range.celType)", exprID: c.id))
            }
            guard let held else { return range }
            slots[c.slot] = held
            let result = c.transform.map { eval($0) } ?? .error(EvalError("\(c.kind.rawValue)() has no expression", exprID: c.id))
            if case .error = result { return result }
            if c.kind == .optMap { return .optional(result) }
            guard case .optional = result else {
                return .error(EvalError("optFlatMap() expression returned \(result.celType), not an optional", exprID: c.id))
            }
            return result
        default:
            return iterate(c, range)
        }
    }

    /// The iterating macros: one variable reads elements (a map's keys), two read index and
    /// element (a map's key and value).
    private mutating func iterate(_ c: ComprehensionStep, _ range: Value) -> Value {
        let count: Int
        let list: (any ListValue)?
        let map: (any MapValue)?
        var keys: [Value] = []
        switch range {
        case .list(let l): (list, map, count) = (l, nil, l.count)
        case .map(let m) where c.kind != .sortBy:
            keys = m.keys
            (list, map, count) = (nil, m, keys.count)
        default:
            let name = c.slot2 == nil && c.kind == .existsOne ? "exists_one" : c.kind.rawValue
            return .error(EvalError("\(name)() cannot iterate over \(range.celType)", exprID: c.id))
        }
        var firstError: Value?
        var matches = 0
        var results: [Value] = []
        // Room up front: grown by doubling, a filter or map over a team's members made four or
        // five arrays on the way to its result. A map keeps every element; a filter gets room
        // for a short list only, because its result keeps the capacity it was given: a variable
        // holding the few advisors among every person of a snapshot would hold room for all.
        switch c.kind {
        case .filter where c.counts: break
        case .filter: results.reserveCapacity(min(count, Self.filterReserve))
        case .map, .transformList, .sortBy: results.reserveCapacity(count)
        default: break
        }
        var entries: [(Value, Value)] = []
        // The slot holding each element (the second variable's, with two).
        let elementSlot = list != nil ? c.slot2 ?? c.slot : c.slot
        // Taken out of the step and unwrapped once: unwrapped for each element, each was copied,
        // counting a reference up and down for every element.
        let hasPredicate = c.predicate != nil
        let predicate = c.predicate ?? Self.absentStep
        let hasTransform = c.transform != nil
        let transform = c.transform ?? Self.absentStep
        // The list unwrapped once, for the same reason (an empty stand-in when iterating a map).
        let elements = list ?? Self.noElements
        for i in 0..<count {
            if let exhausted = spend(c.id) { return exhausted }
            // Each element goes straight into its slot, read back from there when kept: held in a
            // local as well, it counted a reference up and down for every element.
            if list != nil {
                if c.slot2 != nil { slots[c.slot] = .int(Int64(i)) }
                slots[elementSlot] = elements[i]
            } else {
                slots[c.slot] = keys[i]
                if let slot2 = c.slot2 { slots[slot2] = map?.value(forKey: keys[i]) ?? .null }
            }
            var keep = true
            if hasPredicate {
                let p = eval(predicate)
                switch (c.kind, p) {
                case (.all, .bool(false)): return p
                case (.exists, .bool(true)): return p
                case (.all, .bool(true)), (.exists, .bool(false)): continue
                case (.existsOne, .bool(let b)): if b { matches += 1 }; continue
                case (_, .bool(let b)): keep = b
                case (.all, .error), (.exists, .error):
                    if firstError == nil || (firstError!.isUnrecorded && !p.isUnrecorded) { firstError = p }
                    continue
                case (_, .error): return p
                default:
                    let failure = Value.error(EvalError("\(c.kind.rawValue)() predicate returned \(p.celType), not bool", exprID: c.id))
                    if c.kind == .all || c.kind == .exists {
                        if firstError == nil { firstError = failure }
                        continue
                    }
                    return failure
                }
            }
            guard keep else { continue }
            switch c.kind {
            case .filter where c.counts: matches += 1
            case .filter: results.append(slots[elementSlot])
            case .map, .transformList, .sortBy:
                guard hasTransform else { continue }
                let v = eval(transform)
                if case .error = v { return v }
                results.append(v)
            case .transformMap:
                guard hasTransform else { continue }
                let v = eval(transform)
                if case .error = v { return v }
                entries.append((slots[c.slot], v))
            case .transformMapEntry:
                guard hasTransform else { continue }
                let v = eval(transform)
                if case .error = v { return v }
                guard case .map(let entry) = v else {
                    return .error(EvalError("transformMapEntry() expression returned \(v.celType), not a map", exprID: c.id))
                }
                for key in entry.keys { entries.append((key, entry.value(forKey: key) ?? .null)) }
            default: break
            }
        }
        switch c.kind {
        case .all: return firstError ?? .bool(true)
        case .exists: return firstError ?? .bool(false)
        case .existsOne: return .bool(matches == 1)
        case .filter where c.counts:
            // The step the `size()` call would have cost.
            if let exhausted = spend(c.id) { return exhausted }
            return .int(Int64(matches))
        case .filter, .map, .transformList: return charge(.list(results), c.id)
        case .sortBy:
            guard let list else { return .error(EvalError("sortBy() needs a list", exprID: c.id)) }
            let n = list.count
            if let exhausted = spend(c.id, LibraryFunction.sortCost(n)) { return exhausted }
            return charge(Self.tagged(Lists.sorted((0..<n).map { list[$0] }, keys: results), c.id), c.id)
        case .transformMap, .transformMapEntry:
            switch DictionaryMap.make(entries) {
            case .success(let map): return charge(.map(map), c.id)
            case .failure(let e):
                let message = e.message.hasPrefix("repeated key: ") ? "insert failed: key \(e.message.dropFirst("repeated key: ".count)) already exists" : e.message
                return .error(EvalError(message, exprID: c.id))
            }
        case .bind, .optMap, .optFlatMap: return .error(EvalError("\(c.kind.rawValue)() is not an iteration", exprID: c.id))
        }
    }
}
