import CEL
import SnapshotModel
import Testing
import YAMLSource

/// The facts and messages object schemas make beforehand for absent fields are the ones
/// `EvalError.unrecorded` would make, and the borrowed field types are the fields' own.
@Suite struct SchemaFactTests {
    static func objects(_ type: SchemaType, into found: inout [ObjectSchema]) {
        switch type {
        case .list(let item), .dictionary(let item): objects(item, into: &found)
        case .object(let schema):
            guard !found.contains(where: { $0 === schema }) else { return }
            found.append(schema)
            for field in schema.fields { objects(field.type, into: &found) }
        default: break
        }
    }

    @Test func everyFieldsFactAndMessageAreMadeAsAtEvaluation() {
        var schemas: [ObjectSchema] = []
        Self.objects(.object(SnapshotSchema.root), into: &schemas)
        #expect(schemas.count > 10)
        for schema in schemas {
            #expect(schema.fieldTypes.count == schema.fields.count)
            for (index, field) in schema.fields.enumerated() {
                #expect(schema.facts[index] == "\(schema.name).\(field.name)")
                #expect(schema.unrecordedMessages[index] == EvalError.unrecorded(schema.facts[index]).message)
                #expect(schema.fieldTypes[index].displayName == field.type.displayName)
            }
        }
    }

    /// What a read type says of a field (how its node converts, whether `unknown` marks an
    /// unrecorded fact) is what the field's schema type says, to its list's element.
    @Test func everyFieldsReadTypeIsItsSchemaType() {
        func expectSame(_ read: ReadType, _ type: SchemaType, _ comment: Comment) {
            let unknown = YAMLNode(.string(FieldSchema.unknownMarker), at: Mark(line: 1, column: 1))
            #expect(read.hasUnknownMarker == FieldSchema.isUnknownMarker(unknown, for: type), comment)
            switch type {
            case .object(let schema):
                #expect(read.kind == .object && read.object === schema, comment)
            case .list(let item), .dictionary(let item):
                if case .list = type { #expect(read.kind == .list, comment) } else { #expect(read.kind == .dictionary, comment) }
                if let element = read.element { expectSame(element.pointee, item, comment) } else { Issue.record("no element: \(comment)") }
            case .date: #expect(read.kind == .date, comment)
            case .number: #expect(read.kind == .number, comment)
            default: #expect(read.kind == .other && read.object == nil && read.element == nil, comment)
            }
        }
        var schemas: [ObjectSchema] = []
        Self.objects(.object(SnapshotSchema.root), into: &schemas)
        var lists = 0
        for schema in schemas {
            #expect(schema.readTypes.count == schema.fields.count)
            for (index, field) in schema.fields.enumerated() {
                expectSame(schema.readTypes[index], field.type, "\(schema.name).\(field.name)")
                if case .list = field.type { lists += 1 }
            }
        }
        #expect(lists > 10)
        #expect(!ReadType.any.hasUnknownMarker && ReadType.any.kind == .other)
    }
}
