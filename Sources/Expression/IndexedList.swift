/// A list of scalars with a hash index, so `x in list` is O(1).
///
/// The policy evaluator builds one when a rule variable that does not depend on the subject (and
/// so is evaluated once per snapshot) yields a long list: `person.coach in advisorIDs` then costs
/// the same for ten people or a million.
public final class IndexedList: ListValue {
    /// The elements.
    public let values: [Value]
    private let index: Set<MapKey>

    /// Indexes `values`; returns `nil` when an element cannot be indexed (lists, maps, doubles
    /// without an integral value), in which case the caller keeps the plain list.
    public init?(_ values: [Value]) {
        var index = Set<MapKey>()
        index.reserveCapacity(values.count)
        for value in values {
            guard let key = MapKey(value) else { return nil }
            index.insert(key)
        }
        self.values = values
        self.index = index
    }

    /// Another list object over `other`'s elements and index, shared, not copied: for a worker
    /// thread that counts its references to the list on an object of its own.
    public init(sharing other: IndexedList) {
        values = other.values
        index = other.index
    }

    /// `value` with a hash index when it is a list of more than 16 scalars, otherwise unchanged;
    /// applied to values computed once per snapshot and then searched once per subject.
    public static func indexing(_ value: Value) -> Value {
        guard case .list(let list) = value, list.count > 16, !(list is IndexedList) else { return value }
        return IndexedList((0..<list.count).map { list[$0] }).map(Value.list) ?? value
    }

    public var count: Int { values.count }
    public subscript(i: Int) -> Value { values[i] }

    /// Whether `value` is an element (numbers compare across int, uint and double, as `==` does).
    /// A value that cannot be a key — `null`, a fractional double, a list, a timestamp — equals no
    /// element (every element is a key), so the answer is `false` without a scan: `coach: null`
    /// tested against a list of 100,000 ids must not cost 100,000 comparisons.
    public func containsIndexed(_ value: Value) -> Bool? {
        guard let key = MapKey(value) else { return false }
        return index.contains(key)
    }

    /// ``containsIndexed(_:)``: the index always answers.
    public func contains(_ value: Value) -> Bool? { containsIndexed(value) }
}
