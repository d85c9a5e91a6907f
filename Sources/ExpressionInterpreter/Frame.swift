import Expression

/// The state of one evaluation: variable slots, the remaining step budget and the remaining
/// memory budget.
struct Frame {
    var slots: [Value]
    var stepsLeft: Int
    let budget: Int
    let context: EvaluationContext
    /// Bytes of strings, bytes and list or map entries one evaluation may build, all results
    /// counted: a 12 KB expression must not build gigabytes through nested comprehensions.
    static let memoryBudget = 64 << 20
    var bytesLeft = Frame.memoryBudget

    /// Charges a built value to the memory budget; the error once it is spent.
    private mutating func charge(_ value: Value, _ id: Int32) -> Value {
        let cost: Int
        switch value {
        case .string(let s): cost = s.utf8.count
        case .bytes(let b): cost = b.count
        case .list(let l) where l is ArrayList: cost = l.count * 16
        case .map(let m) where m is DictionaryMap: cost = m.count * 32
        default: return value
        }
        bytesLeft -= cost
        if bytesLeft < 0 {
            return .error(EvalError("evaluation exceeded its memory budget of \(Frame.memoryBudget >> 20) MiB of built strings and lists", exprID: id))
        }
        return value
    }

    init(values: [Value], picking picks: [Int], slotCount: Int, budget: Int, context: EvaluationContext) {
        var slots: [Value] = []
        slots.reserveCapacity(max(slotCount, picks.count))
        for pick in picks { slots.append(values[pick]) }
        while slots.count < slotCount { slots.append(.null) }
        self.slots = slots
        self.context = context
        self.stepsLeft = budget
        self.budget = budget
    }

    init(slots: [Value], slotCount: Int, budget: Int, context: EvaluationContext) {
        self.context = context
        self.slots = slots
        if slots.count < slotCount {
            self.slots += Array(repeating: .null, count: slotCount - slots.count)
        }
        self.stepsLeft = budget
        self.budget = budget
    }

    private mutating func spend(_ id: Int32) -> Value? {
        stepsLeft -= 1
        return stepsLeft < 0 ? .error(EvalError("evaluation exceeded its budget of \(budget) steps", exprID: id)) : nil
    }

    private static func tagged(_ value: Value, _ id: Int32) -> Value {
        if case .error(var e) = value, e.exprID == 0 {
            e.exprID = id
            return .error(e)
        }
        return value
    }

    mutating func eval(_ step: Step) -> Value {
        switch step {
        case .constant(let v):
            return v
        case .slot(let i):
            return slots[i]
        case .unbound(let name, let id):
            return .error(EvalError("undeclared reference to '\(name)'", exprID: id))
        case .select(let operandStep, let field, let testOnly, let id):
            let operand = eval(operandStep)
            switch operand {
            case .map(let map):
                let found = map.value(forField: field)
                // An unrecorded fact is not "present": has() is false for it.
                if testOnly { return .bool(found != nil && !(found?.isUnrecorded ?? false)) }
                guard let found else { return .error(EvalError("no such key: \(field)", exprID: id)) }
                return Self.tagged(found, id)
            case .error:
                return operand
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
            return charge(Self.tagged(builtin.apply(args), id), id)
        case .unary(let builtin, let argStep, let id):
            if let exhausted = spend(id) { return exhausted }
            let a = eval(argStep)
            if case .error = a { return a }
            return charge(Self.tagged(builtin.apply1(a), id), id)
        case .binary(let builtin, let leftStep, let rightStep, let id):
            if let exhausted = spend(id) { return exhausted }
            let a = eval(leftStep)
            if case .error = a { return a }
            let b = eval(rightStep)
            if case .error = b { return b }
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
        case .list(let itemSteps, let id):
            var values: [Value] = []
            values.reserveCapacity(itemSteps.count)
            for itemStep in itemSteps {
                let v = eval(itemStep)
                if case .error = v { return v }
                values.append(v)
            }
            return charge(.list(values), id)
        case .map(let entrySteps, let id):
            var pairs: [(Value, Value)] = []
            pairs.reserveCapacity(entrySteps.count)
            for (k, v) in entrySteps {
                let key = eval(k)
                if case .error = key { return key }
                let value = eval(v)
                if case .error = value { return value }
                pairs.append((key, value))
            }
            switch DictionaryMap.make(pairs) {
            case .success(let map): return charge(.map(map), id)
            case .failure(var e):
                e.exprID = id
                return .error(e)
            }
        case .comprehension(let kind, let slot, let rangeStep, let predicate, let transform, let id):
            return comprehension(kind, slot, eval(rangeStep), predicate, transform, id)
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

    private mutating func comprehension(_ kind: Comprehension.Kind, _ slot: Int, _ range: Value, _ predicate: Step?, _ transform: Step?, _ id: Int32) -> Value {
        let elements: any ListValue
        switch range {
        case .list(let list): elements = list
        case .map(let map): elements = ArrayList(map.keys)
        case .error: return range
        default: return .error(EvalError("\(kind.rawValue)() cannot iterate over \(range.celType)", exprID: id))
        }
        var firstError: Value?
        var count = 0
        var results: [Value] = []
        let saved = slots[slot]
        defer { slots[slot] = saved }
        for i in 0..<elements.count {
            if let exhausted = spend(id) { return exhausted }
            let element = elements[i]
            slots[slot] = element
            var keep = true
            if let predicate {
                let p = eval(predicate)
                switch (kind, p) {
                case (.all, .bool(false)): return p
                case (.exists, .bool(true)): return p
                case (.all, .bool(true)), (.exists, .bool(false)): continue
                case (.existsOne, .bool(let b)): if b { count += 1 }; continue
                case (_, .bool(let b)): keep = b
                case (.all, .error), (.exists, .error):
                    if firstError == nil || (firstError!.isUnrecorded && !p.isUnrecorded) { firstError = p }
                    continue
                case (_, .error): return p
                default:
                    let failure = Value.error(EvalError("\(kind.rawValue)() predicate returned \(p.celType), not bool", exprID: id))
                    if kind == .all || kind == .exists {
                        if firstError == nil { firstError = failure }
                        continue
                    }
                    return failure
                }
            }
            guard keep else { continue }
            switch kind {
            case .filter: results.append(element)
            case .map:
                guard let transform else { continue }
                let v = eval(transform)
                if case .error = v { return v }
                results.append(v)
            default: break
            }
        }
        switch kind {
        case .all: return firstError ?? .bool(true)
        case .exists: return firstError ?? .bool(false)
        case .existsOne: return .bool(count == 1)
        case .filter, .map: return charge(.list(results), id)
        }
    }
}
