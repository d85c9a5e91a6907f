import Testing

@testable import YAMLSource

/// A walk by node number reads what ``YAMLNode`` reads: the same shapes, scalars, keys, values
/// and marks, node for node.
@Suite("Reading a tree by node number")
struct YAMLReaderTests {
    static let text = """
        people:
          - {id: a, name: "Anne", since: 2026-01-01}
          - id: b
            tags: [x, 2, 2.5, true, null]
        teams: []
        count: 3

        """

    /// Every node under `node` (in document order) described through the node API and through
    /// a reader, one line each.
    static func described(_ node: YAMLNode) -> [String] {
        var lines = ["\(node.mark) \(node.typeName) \(node.count) \(node.scalar.map { "\($0)" } ?? "-")"]
        switch node.value {
        case .sequence(let items): for item in items { lines += described(item) }
        case .mapping(let mapping):
            for entry in mapping.entries { lines += ["key \(entry.key) at \(entry.keyMark)"] + described(entry.value) }
        case .scalar: break
        }
        return lines
    }

    static func described(_ reader: YAMLReader, _ id: YAMLReader.ID) -> [String] {
        let typeName = reader.node(id).typeName
        var lines = ["\(reader.mark(id)) \(typeName) \(reader.count(id)) \(reader.scalar(id).map { "\($0)" } ?? "-")"]
        switch reader.shape(id) {
        case .sequence: for index in 0..<reader.count(id) { lines += described(reader, reader.item(id, index)) }
        case .mapping:
            for index in 0..<reader.count(id) {
                lines += ["key \(reader.keyText(reader.key(id, index))) at \(reader.keyMark(id, index))"] + described(reader, reader.value(id, index))
            }
        case .scalar: break
        }
        return lines
    }

    @Test func aReaderSeesWhatNodesSee() throws {
        let root = try #require(YAMLLoader().load(Self.text).documents.first?.root)
        let byNode = Self.described(root)
        let byReader = root.read { reader, id in Self.described(reader, id) }
        #expect(byNode == byReader)
        #expect(byNode.count == 24)
    }

    @Test func keysAreReadByNumberAndStringsInPlace() throws {
        let root = try #require(YAMLLoader().load(Self.text).documents.first?.root)
        root.read { reader, id in
            let people = reader.value(id, forKey: "people")!
            let first = reader.item(people, 0)
            let name = reader.keyNumber(of: "name")!
            #expect(reader.string(reader.value(first, forKey: name)!) == "Anne")
            #expect(reader.isString(reader.value(first, forKey: name)!, "Anne"))
            #expect(!reader.isString(reader.value(first, forKey: name)!, "Ann"))
            // The second person has no name: its key number finds nothing there.
            #expect(reader.value(reader.item(people, 1), forKey: name) == nil)
            #expect(reader.keyNumber(of: "absent") == nil)
            #expect(reader.isNull(reader.item(reader.value(reader.item(people, 1), forKey: "tags")!, 4)))
            #expect(reader.value(people, forKey: name) == nil)  // a sequence has no keys
            #expect(reader.keyCount == Set(["people", "id", "name", "since", "tags", "teams", "count"]).count)
        }
    }

    /// `read(forKeyNumber:hint:)` finds what `value(forKeyNumber:hint:)` finds, whatever the
    /// hint: a scalar in place with its mark, a collection as a node, an absent key as absent.
    @Test func entriesReadInPlaceAreTheNodesEntries() throws {
        let root = try #require(YAMLLoader().load(Self.text).documents.first?.root)
        let people = try #require(root["people"])
        let mappings = [root, people.item(0), people.item(1), people]
        let keys = ["people", "id", "name", "since", "tags", "teams", "count"].compactMap { root.keyNumber(of: $0) }
        #expect(keys.count == 7)
        for mapping in mappings {
            for key in keys {
                for start: Int32 in [0, 1, 5] {
                    var (nodeHint, readHint) = (start, start)
                    let node = mapping.value(forKeyNumber: key, hint: &nodeHint)
                    switch mapping.read(forKeyNumber: key, hint: &readHint) {
                    case .absent:
                        #expect(node == nil)
                    case .scalar(let scalar, let row):
                        #expect(node?.scalar == scalar)
                        #expect(node?.mark == mapping.mark(ofRow: row))
                    case .collection(let found):
                        #expect(node.map { $0.mark == found.mark && $0.count == found.count && $0.scalar == nil } == true)
                    }
                    #expect(nodeHint == readHint)
                }
            }
        }
    }
}
