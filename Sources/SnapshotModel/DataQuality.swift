import Diagnostics
import YAMLSource

/// Checks of a valid snapshot's facts against each other, beyond what the schema can say: the
/// typos and slips that would otherwise pass silently and skew a verdict.
///
/// Diagnostic codes:
/// - `SNAP011` (error) a date of something that has happened is after the snapshot's `asOf`
/// - `SNAP012` (error) an end before its start (`left` before `joined`, a period, a mandate)
/// - `SNAP013` (warning) a meeting before the team was created
/// - `SNAP014` (warning) a meeting attended by a member after they left the team
/// - `SNAP015` (warning) a meeting attended by someone who is not a member of the team
public struct DataQuality: Sendable {
    /// Date fields that may lie after `asOf`: plans, not events.
    public static let plannedDates: Set<String> = ["Mandate.start", "Mandate.end", "Period.start", "Period.end", "Person.endDate", "Metadata.asOf"]

    /// (start, end) field pairs, by object type, whose end may not come before their start.
    static let spans: [String: (String, String)] = [
        "Member": ("joined", "left"), "Period": ("start", "end"), "Mandate": ("start", "end"), "Person": ("startDate", "endDate"),
        "PreviousDepartment": ("from", "to"),
    ]

    /// Creates a checker.
    public init() {}

    /// Every problem in `document`, a snapshot that passed schema validation.
    public func check(_ document: YAMLDocument) -> [Diagnostic] {
        guard let asOfText = document.root["metadata"]?["asOf"]?.string, let asOf = ISODate.parse(asOfText) else { return [] }
        var walk = Walk(document: document, asOf: asOf, asOfText: asOfText)
        walk.visit(document.root, SnapshotSchema.root)
        for team in document.root["teams"]?.sequence ?? [] { walk.checkMeetings(team) }
        return walk.diagnostics
    }

    private struct Walk {
        let document: YAMLDocument
        let asOf: Double
        let asOfText: String
        var diagnostics: [Diagnostic] = []
        /// Each object schema met so far, with its (start, end) pair if it has one: found by a
        /// scan of a few dozen identities, where looking its name up hashed the name for every
        /// object of the snapshot.
        var spansMet: [(schema: ObjectIdentifier, span: (String, String)?)] = []

        mutating func span(of schema: ObjectSchema) -> (String, String)? {
            let id = ObjectIdentifier(schema)
            if let met = spansMet.first(where: { $0.schema == id }) { return met.span }
            let span = DataQuality.spans[schema.name]
            spansMet.append((id, span))
            return span
        }

        mutating func report(_ kind: DiagnosticKind, _ message: String, fr: String, _ mark: Mark) {
            diagnostics.append(Diagnostic(kind, message: message, fr: fr, location: document.location(mark)))
        }

        mutating func visit(_ node: YAMLNode, _ schema: ObjectSchema) {
            guard let mapping = node.mapping else { return }
            for index in 0..<mapping.count {
                // The field's type is read in place and its qualified name made only for a date
                // found in the future: building a name for every key of a large snapshot (and
                // copying its field) was more than the schema validation itself cost.
                let key = mapping.entries[index].key
                guard let field = schema.fieldIndex(key) else { continue }
                check(mapping.value(at: index), schema.fieldTypes[field], owner: schema, field: key)
            }
            if let (start, end) = span(of: schema), let s = node[start], let e = node[end],
                let from = s.string.flatMap(ISODate.parse), let to = e.string.flatMap(ISODate.parse), to < from
            {
                report(
                    SnapshotDiagnostics.endBeforeStart, "\(schema.name) '\(end)' (\(e.string!)) is before '\(start)' (\(s.string!))",
                    fr: "\(schema.name) : « \(end) » (\(e.string!)) précède « \(start) » (\(s.string!))", e.mark)
            }
        }

        mutating func check(_ node: YAMLNode, _ type: SchemaType, owner: ObjectSchema, field: String) {
            switch (type, node.value) {
            case (.date, .scalar(.string(let text))):
                guard let date = ISODate.parse(text), date > asOf else { return }
                let name = "\(owner.name).\(field)"
                if !DataQuality.plannedDates.contains(name) {
                    report(
                        SnapshotDiagnostics.futureEvent, "\(name) \(text) is after the snapshot date \(asOfText); a fact recorded cannot lie in the future",
                        fr: "\(name) \(text) est postérieur à la date de l'instantané, \(asOfText) ; un fait consigné ne peut pas être dans le futur", node.mark)
                }
            case (.object(let schema), _): visit(node, schema)
            case (.list(let item), .sequence(let items)): for element in items { check(element, item, owner: owner, field: field) }
            default: break
            }
        }

        mutating func checkMeetings(_ team: YAMLNode) {
            let teamID = team["id"]?.string ?? "?"
            var members: [String: (joined: Double?, left: Double?)] = [:]
            for member in team["members"]?.sequence ?? [] {
                guard let person = member["person"]?.string else { continue }
                members[person] = (member["joined"]?.string.flatMap(ISODate.parse), member["left"]?.string.flatMap(ISODate.parse))
            }
            let created = team["created"]?.string.flatMap(ISODate.parse)
            let knowsMembers = team["members"]?.sequence != nil
            for meeting in team["meetings"]?.sequence ?? [] {
                guard let dateText = meeting["date"]?.string, let date = ISODate.parse(dateText) else { continue }
                if let created, date < created {
                    report(
                        SnapshotDiagnostics.meetingBeforeCreation, "meeting of \(dateText) is before team '\(teamID)' was created (\(team["created"]!.string!))",
                        fr: "la rencontre du \(dateText) précède la création de l'équipe « \(teamID) » (\(team["created"]!.string!))", meeting["date"]!.mark)
                }
                for attendee in meeting["attendees"]?.sequence ?? [] {
                    guard let person = attendee.string else { continue }
                    guard let membership = members[person] else {
                        if knowsMembers {
                            report(
                                SnapshotDiagnostics.attendeeNotMember, "'\(person)' attended the meeting of \(dateText) but is not a member of team '\(teamID)'",
                                fr: "« \(person) » a assisté à la rencontre du \(dateText) sans être membre de l'équipe « \(teamID) »", attendee.mark)
                        }
                        continue
                    }
                    if let left = membership.left, date > left {
                        report(
                            SnapshotDiagnostics.attendedAfterLeaving, "'\(person)' attended the meeting of \(dateText) after leaving team '\(teamID)'",
                            fr: "« \(person) » a assisté à la rencontre du \(dateText) après avoir quitté l'équipe « \(teamID) »", attendee.mark)
                    }
                }
            }
        }
    }
}
