import CEL
import SnapshotModel
import Testing

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
}
