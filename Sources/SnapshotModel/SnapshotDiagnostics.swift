import Diagnostics

/// The schema checks every document kind shares, numbered 001–010 under the kind's prefix:
/// `SNAP` for snapshots, `POL` policies, `RISK` risk models, `WAIV` waivers, `TEST` policy tests.
public enum SchemaDiagnostics {
    public static let unknownKey = DiagnosticKind("SNAP001", .error, "unknown key (with a \"did you mean\")", help: "Fix the spelling the note suggests, or remove the key.")
    public static let missingKey = DiagnosticKind("SNAP002", .error, "missing required key", help: "Add the key; `tandem schema snapshot` lists what each object requires.")
    public static let wrongType = DiagnosticKind("SNAP003", .error, "wrong type", help: "YAML 1.2 reads yes/no/on/off as strings: write true or false; quote text that looks like a number.")
    public static let badValue = DiagnosticKind("SNAP004", .error, "value not in the allowed set", help: "Use one of the values the message lists.")
    public static let badDate = DiagnosticKind("SNAP005", .error, "invalid date, or outside 0001-01-01…9999-12-31", help: "Write YYYY-MM-DD or an RFC 3339 date-time.")
    public static let duplicateID = DiagnosticKind("SNAP006", .error, "duplicate id", help: "Ids of people and teams must be unique.")
    public static let danglingReference = DiagnosticKind("SNAP007", .error, "reference to an id that is not declared", help: "Declare the person, or fix the id the note suggests.")
    public static let outOfRange = DiagnosticKind("SNAP008", .error, "number out of range", help: "Keep the value within the bounds the message gives.")
    public static let noDocument = DiagnosticKind("SNAP009", .error, "file holds no document", help: "The file is empty or only comments.")
    public static let wrongKind = DiagnosticKind("SNAP010", .error, "wrong apiVersion or kind", help: "This build reads apiVersion tandem/v1 and the kind the command expects.")

    /// The shared checks a document kind can fail, under `prefix`: those its schema can trigger
    /// in the validator (no `duplicate id` for a format that declares no ids), plus the
    /// loader's own (`loaderChecks`: `noDocument`, `wrongKind`). A catalogue lists only codes a
    /// user can meet, so every one of them can be tested at its position.
    public static func kinds(prefix: String, schema: ObjectSchema, loaderChecks: [DiagnosticKind]) -> [DiagnosticKind] {
        var types: [SchemaType] = []
        var declares = false
        var required = false
        var seen: Set<ObjectIdentifier> = []
        func walk(_ object: ObjectSchema) {
            guard seen.insert(ObjectIdentifier(object)).inserted else { return }
            declares = declares || object.declares != nil
            for field in object.fields {
                required = required || field.isRequired
                visit(field.type)
            }
        }
        func visit(_ type: SchemaType) {
            types.append(type)
            switch type {
            case .list(let item), .dictionary(let item): visit(item)
            case .object(let object): walk(object)
            default: break
            }
        }
        walk(schema)
        let reachable: [(DiagnosticKind, Bool)] = [
            (unknownKey, true),
            (missingKey, required),
            (wrongType, true),
            (badValue, types.contains { if case .enumeration = $0 { true } else { false } }),
            (badDate, types.contains { if case .date = $0 { true } else { false } }),
            (duplicateID, declares),
            (danglingReference, types.contains { if case .reference = $0 { true } else { false } }),
            (
                outOfRange,
                types.contains {
                    switch $0 {
                    case .integer(let minimum): minimum != nil
                    case .number(let minimum, let maximum): minimum != nil || maximum != nil
                    default: false
                    }
                }
            ),
            (noDocument, loaderChecks.contains { $0.code == noDocument.code }),
            (wrongKind, loaderChecks.contains { $0.code == wrongKind.code }),
        ]
        return reachable.filter(\.1).map { $0.0.prefixed(prefix) }
    }
}

/// Every diagnostic about snapshots: the shared schema checks and the data-quality checks.
public enum SnapshotDiagnostics: DiagnosticCatalogue {
    public static let title = "Snapshots (SNAP…)"
    public static let futureEvent = DiagnosticKind(
        "SNAP011", .error, "a recorded event dated after the snapshot's asOf", help: "Usually a typo (2062 for 2026); plans — mandate and budget periods, endDate — may lie ahead.")
    public static let endBeforeStart = DiagnosticKind("SNAP012", .error, "an end before its start", help: "left before joined, a period or mandate ending before it starts: fix one of the dates.")
    public static let meetingBeforeCreation = DiagnosticKind("SNAP013", .warning, "a meeting before the team was created", help: "Check the meeting's date or the team's created date.")
    public static let attendedAfterLeaving = DiagnosticKind("SNAP014", .warning, "a member attended a meeting after leaving the team", help: "Check the member's left date or the attendance.")
    public static let attendeeNotMember = DiagnosticKind("SNAP015", .warning, "a meeting attendee who is not a member of the team", help: "Add the person to the team's members, or fix the id.")

    public static var kinds: [DiagnosticKind] {
        SchemaDiagnostics.kinds(prefix: "SNAP", schema: SnapshotSchema.root, loaderChecks: [SchemaDiagnostics.noDocument, SchemaDiagnostics.wrongKind]) + [
            futureEvent, endBeforeStart, meetingBeforeCreation, attendedAfterLeaving, attendeeNotMember,
        ]
    }
}
