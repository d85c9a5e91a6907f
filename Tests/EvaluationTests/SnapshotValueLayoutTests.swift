import CEL
import Diagnostics
@testable import Evaluation
import SnapshotModel
import Testing
import YAMLSource

/// How snapshot values are stored, where it decides the cost of every field a rule reads.
@Suite("Snapshot values: storage")
struct SnapshotValueLayoutTests {
    /// A CEL value holds a map or list as a reference and its witness table, two words: copying
    /// it counts one reference, and the value stays small enough to copy in registers.
    @Test func mapsAndListsAreHeldByReference() {
        #expect(MemoryLayout<any MapValue>.size == 2 * MemoryLayout<Int>.size)
        #expect(MemoryLayout<any ListValue>.size == 2 * MemoryLayout<Int>.size)
        // A value is as large as its largest unboxed payload (a string, a map or list reference).
        #expect(MemoryLayout<Value>.size == 2 * MemoryLayout<Int>.size + 1)
    }

    /// A value read through its own tree object reads exactly what the shared one reads.
    @Test func aValueOnItsOwnTreeReadsTheSame() throws {
        let text = """
            apiVersion: tandem/v1
            kind: OrganizationSnapshot
            metadata: {name: own-tree, asOf: 2026-10-01, labels: {unit: north}}
            organization: {name: Lakeside}
            people:
              - {id: pa-1, name: Alice, category: patient_advisor, startDate: 2025-09-01}
            teams:
              - {id: t1, name: Home care, status: active, members: [{person: pa-1, role: patient_advisor}]}
            """
        let loaded = SnapshotLoader().load(SourceText(path: "own-tree.yaml", text: text))
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.message))")
        let snapshot = try #require(loaded.snapshots.first)
        let shared = SnapshotValues.root(snapshot)
        let own = SnapshotValues.root(snapshot, ownTree: true)
        func list(_ value: Value?) -> (any ListValue)? {
            if case .list(let items)? = value { return items }
            return nil
        }
        func describe(_ root: Value) -> String {
            let teams = root.mapValue?.value(forField: "teams")
            let team = SnapshotValues.onOwnTree(list(teams)?[0] ?? .null)
            let member = list(team.mapValue?.value(forField: "members"))?[0]
            let person = list(root.mapValue?.value(forField: "people"))?[0].mapValue
            return [
                "\(list(teams)?.count ?? -1)", "\(team.mapValue?.value(forField: "name") ?? .null)", "\(member?.mapValue?.value(forField: "person") ?? .null)",
                "\(SnapshotValues.onOwnTree(root.mapValue?.value(forField: "metadata") ?? .null).mapValue?.value(forField: "labels")?.mapValue?.value(forField: "unit") ?? .null)",
                "\(person?.value(forField: "startDate") ?? .null)",
                "\(person?.origin(ofField: "name").map { "\($0.line):\($0.column)" } ?? "")",
            ].joined(separator: " | ")
        }
        #expect(describe(own) == describe(shared))
        #expect(describe(shared).hasPrefix("1 | string(\"Home care\") | string(\"pa-1\") | string(\"north\")"))
    }

    /// A selection remembers where it found its field (``FieldMemo``), and what it remembers
    /// never carries over to a map it does not fit: the same selections, with one storage kept
    /// across them all, read a person, a team (another schema), a person of a second document
    /// whose keys are numbered and ordered differently, and one lacking the field, exactly as
    /// the plain reads do. (A team comes first: its `status` is its third field, a person's
    /// third is `category`, required, where a person's absent `status` reads as its default.)
    @Test func aFieldSelectionsMemoNeverCarriesOver() throws {
        func snapshot(_ text: String) throws -> Snapshot {
            let loaded = SnapshotLoader().load(SourceText(path: "memo.yaml", text: text))
            #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.message))")
            return try #require(loaded.snapshots.first)
        }
        let first = try snapshot(
            """
            apiVersion: tandem/v1
            kind: OrganizationSnapshot
            metadata: {name: first, asOf: 2026-10-01}
            organization: {name: Lakeside}
            people:
              - {id: pa-1, name: Alice, category: patient_advisor, startDate: 2025-09-01}
              - {category: patient_advisor, startDate: 2025-10-01, name: Bea, id: pa-2}
            teams:
              - {id: t1, name: Home care, status: active}
            """)
        let second = try snapshot(
            """
            people:
              - {category: professional, id: st-1, name: Chloé}
              - {startDate: 2024-01-05, id: pa-9, category: patient_advisor, name: Dan}
            apiVersion: tandem/v1
            kind: OrganizationSnapshot
            metadata: {asOf: 2026-10-01, name: second}
            organization: {name: Riverside}
            teams: []
            """)
        func items(_ root: Value, _ field: String) -> [Value] {
            guard case .list(let list)? = root.mapValue?.value(forField: field) else { return [] }
            return (0..<list.count).map { list[$0] }
        }
        let subjects = [first, second].flatMap { snapshot in
            let root = SnapshotValues.root(snapshot)
            return items(root, "teams") + items(root, "people")
        }
        let environment = Environment(variables: ["x": .dyn])
        let compiled = try environment.compile("[x.name, x.status, has(x.startDate) ? string(x.startDate) : 'none', x.id]").get()
        var storage = FrameStorage()
        let remembered = subjects.map { Printer.literal(compiled.program.evaluate([$0], slots: [0], storage: &storage)) }
        let plain = subjects.map { Printer.literal(compiled.program.evaluate([$0])) }
        #expect(remembered == plain)
        #expect(
            plain == [
                #"["Home care", "active", "none", "t1"]"#, #"["Alice", "active", "2025-09-01T00:00:00Z", "pa-1"]"#,
                #"["Bea", "active", "2025-10-01T00:00:00Z", "pa-2"]"#, #"["Chloé", "active", "none", "st-1"]"#,
                #"["Dan", "active", "2024-01-05T00:00:00Z", "pa-9"]"#,
            ])
    }

    /// `x in list` over a snapshot's list compares the items' texts where the tree keeps them
    /// (``ListValue/contains(_:)``), and answers what comparing each item as a value answers: a
    /// string item equals the same bytes, and nothing else equals a string.
    @Test func membershipInASnapshotListComparesTextsInPlace() throws {
        let loaded = YAMLLoader().load(
            """
            mixed: [1, "1", true, null, a, {a: 1}, [a], "é", "2026-01-01", ""]
            dates: [2026-01-01, "not a date"]
            """, path: "lists.yaml")
        let root = try #require(loaded.documents.first?.root)
        func list(_ key: String, _ type: SchemaType) throws -> (any ListValue)? {
            if case .list(let items) = SnapshotValues.value(try #require(root[key]), ReadType(type)) { return items }
            return nil
        }
        let mixed = try #require(try list("mixed", .list(.any)))
        let found = ["1", "a", "é", "2026-01-01", "", "true", "null", "e", "A", "1 "].filter { mixed.contains(.string($0)) == true }
        #expect(found == ["1", "a", "é", "2026-01-01", ""])
        #expect(mixed.contains(.int(1)) == nil, "other values are compared item by item")
        // A date list's items read as timestamps, so its texts cannot answer for it.
        #expect(try #require(try list("dates", .list(.date))).contains(.string("not a date")) == nil)
    }
}
