import Expression

/// Loop-invariant parts of a comprehension's body, computed once per evaluation of the
/// comprehension instead of once per element.
///
/// In `team.members.filter(m, m.person in team.meetings.map(mt, mt.attendees).flatten())` the
/// list of attendees does not depend on `m`, yet a tree-walking interpreter rebuilds it for every
/// member. The planner wraps each largest part of a body that reads none of the variables bound
/// on the way to it (the comprehension's own, and those of comprehensions between) in a
/// ``Step/memo(_:slot:)``; the comprehension clears its memos when it starts, and the first
/// evaluation of a memo fills it. A part is still evaluated only where the unplanned expression
/// would have evaluated it (lazily, on first use), so short-circuits, errors and empty ranges
/// mean what they meant: CEL expressions have no side effects, and a comprehension's body sees
/// the same outer variables on every element.
///
/// Not counted against the step budget twice: a part computed once is charged once.
enum LoopInvariants {
    /// The body of `c` with its invariant parts memoized, memo slots taken from `slotCount`.
    static func hoist(_ c: ComprehensionStep, slotCount: inout Int) -> ComprehensionStep {
        guard c.iterates else { return c }
        var memos: [Int] = []
        var hoisted = c.mappingBody { memoize($0, varying: c.variableSlots, memos: &memos, slotCount: &slotCount) }
        hoisted.change { $0.memos = memos }
        return hoisted
    }

    /// `step` with its largest parts that read no slot in `varying` memoized.
    static func memoize(_ step: Step, varying: Set<Int>, memos: inout [Int], slotCount: inout Int) -> Step {
        if isWorthMemoizing(step), freeSlots(step).isDisjoint(with: varying) {
            let slot = slotCount
            slotCount += 1
            memos.append(slot)
            return .memo(step, slot: slot)
        }
        if case .comprehension(let inner) = step {
            // Its range is evaluated once per use, like any operand; its body also varies with
            // its own variables.
            // The range first: memo slots are numbered in the order parts are planned.
            let range = memoize(inner.range, varying: varying, memos: &memos, slotCount: &slotCount)
            let within = varying.union(inner.variableSlots)
            var c = inner.mappingBody { memoize($0, varying: within, memos: &memos, slotCount: &slotCount) }
            c.change { $0.range = range }
            return .comprehension(c)
        }
        return step.mapChildren { memoize($0, varying: varying, memos: &memos, slotCount: &slotCount) }
    }

    /// Reading a constant or a variable costs less than a memo's check.
    static func isWorthMemoizing(_ step: Step) -> Bool {
        switch step {
        case .constant, .slot, .unbound, .memo: false
        default: true
        }
    }

    /// The slots `step` reads that it does not bind itself.
    static func freeSlots(_ step: Step) -> Set<Int> {
        switch step {
        case .slot(let i): return [i]
        case .comprehension(let c):
            var body = Set<Int>()
            if let predicate = c.predicate { body.formUnion(freeSlots(predicate)) }
            if let transform = c.transform { body.formUnion(freeSlots(transform)) }
            body.remove(c.slot)
            if let slot2 = c.slot2 { body.remove(slot2) }
            return body.union(freeSlots(c.range))
        default:
            var free = Set<Int>()
            step.forEachChild { free.formUnion(freeSlots($0)) }
            return free
        }
    }
}

extension ComprehensionStep {
    /// The slots of the comprehension's own variables.
    var variableSlots: Set<Int> { slot2.map { [slot, $0] } ?? [slot] }

    /// The same comprehension with its predicate, then its transform, replaced by `body` of each.
    func mappingBody(_ body: (Step) -> Step) -> ComprehensionStep {
        let (predicate, transform) = (self.predicate.map(body), self.transform.map(body))
        var mapped = self
        mapped.change {
            $0.predicate = predicate
            $0.transform = transform
        }
        return mapped
    }

    /// Whether the body runs once per element (not `cel.bind` or the optional macros, whose body
    /// runs once).
    var iterates: Bool {
        switch kind {
        case .bind, .optMap, .optFlatMap: false
        default: true
        }
    }
}

extension Step {
    /// The step and its operands made anew, constants and names in storage of their own (see
    /// ``Program/ownCopy()``).
    func ownCopy() -> Step {
        switch self {
        case .constant(let value): return .constant(OwnCopy.of(value))
        case .unbound(let name, let id): return .unbound(OwnCopy.string(name), id)
        case .select(let a, let field, let testOnly, let id, let site): return .select(a.ownCopy(), OwnCopy.string(field), testOnly: testOnly, id, site: site)
        case .list(let items, let optional, let id): return .list(items.map { $0.ownCopy() }, optional: Set(optional.map { $0 }), id)
        case .comprehension(var c):
            c.change {
                $0.range = $0.range.ownCopy()
                $0.predicate = $0.predicate?.ownCopy()
                $0.transform = $0.transform?.ownCopy()
                $0.memos = $0.memos.map { $0 }
            }
            return .comprehension(c)
        default: return mapChildren { $0.ownCopy() }
        }
    }

    /// Calls `body` with each direct operand.
    func forEachChild(_ body: (Step) -> Void) {
        switch self {
        case .constant, .slot, .unbound: break
        case .select(let a, _, _, _, _), .not(let a, _), .unary(_, let a, _), .matchesPattern(let a, _, _), .memo(let a, _): body(a)
        case .and(let a, let b, _), .or(let a, let b, _), .binary(_, let a, let b, _), .optionalOr(let a, let b, _, _):
            body(a)
            body(b)
        case .conditional(let a, let b, let c, _):
            body(a)
            body(b)
            body(c)
        case .builtin(_, let args, _), .custom(_, let args, _), .unknownFunction(_, let args, _), .list(let args, _, _): args.forEach(body)
        case .map(let entries, _):
            for entry in entries {
                body(entry.key)
                body(entry.value)
            }
        case .comprehension(let c):
            body(c.range)
            c.predicate.map(body)
            c.transform.map(body)
        }
    }

    /// The step with each direct operand replaced by `transform` of it.
    func mapChildren(_ transform: (Step) -> Step) -> Step {
        switch self {
        case .constant, .slot, .unbound: return self
        case .select(let a, let field, let testOnly, let id, let site): return .select(transform(a), field, testOnly: testOnly, id, site: site)
        case .not(let a, let id): return .not(transform(a), id)
        case .unary(let f, let a, let id): return .unary(f, transform(a), id)
        case .matchesPattern(let a, let pattern, let id): return .matchesPattern(transform(a), pattern, id)
        case .memo(let a, let slot): return .memo(transform(a), slot: slot)
        case .and(let a, let b, let id): return .and(transform(a), transform(b), id)
        case .or(let a, let b, let id): return .or(transform(a), transform(b), id)
        case .binary(let f, let a, let b, let id): return .binary(f, transform(a), transform(b), id)
        case .optionalOr(let a, let b, let orValue, let id): return .optionalOr(transform(a), transform(b), orValue: orValue, id)
        case .conditional(let a, let b, let c, let id): return .conditional(transform(a), transform(b), transform(c), id)
        case .builtin(let f, let args, let id): return .builtin(f, args.map(transform), id)
        case .custom(let f, let args, let id): return .custom(f, args.map(transform), id)
        case .unknownFunction(let name, let args, let id): return .unknownFunction(name, args.map(transform), id)
        case .list(let items, let optional, let id): return .list(items.map(transform), optional: optional, id)
        case .map(let entries, let id): return .map(entries.map { MapEntryStep(key: transform($0.key), value: transform($0.value), optional: $0.optional) }, id)
        case .comprehension(var c):
            let (range, predicate, body) = (transform(c.range), c.predicate.map(transform), c.transform.map(transform))
            c.change {
                $0.range = range
                $0.predicate = predicate
                $0.transform = body
            }
            return .comprehension(c)
        }
    }
}
