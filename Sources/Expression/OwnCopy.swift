/// Copies of values made of objects of their own, for a worker thread.
///
/// A worker counts a reference on every value it reads. When two cores evaluate one program at
/// once, the objects its constants are made of — a literal list, a folded map, a long string —
/// are read by both, and each count takes the other core's cache line. A worker given its own
/// copy counts on objects no other core touches.
public enum OwnCopy {
    /// `value` made of objects of its own: strings, lists and maps copied, element by element;
    /// a map or list of another kind (read from a document) is returned as it is.
    public static func of(_ value: Value) -> Value {
        switch value {
        case .string(let text): return .string(string(text))
        case .list(let list as ArrayList): return .list(ArrayList(list.values.map(of)))
        case .list(let list as IndexedList): return IndexedList(list.values.map(of)).map(Value.list) ?? value
        case .map(let map as DictionaryMap):
            guard case .success(let copy) = DictionaryMap.make(map.keys.map { (of($0), of(map.value(forKey: $0) ?? .null)) }) else { return value }
            return .map(copy)
        case .optional(let held?): return .optional(of(held))
        default: return value
        }
    }

    /// `text` in storage of its own (a short string is held in place and shares nothing).
    public static func string(_ text: String) -> String {
        text.utf8.count <= 15 ? text : String(decoding: Array(text.utf8), as: UTF8.self)
    }
}
