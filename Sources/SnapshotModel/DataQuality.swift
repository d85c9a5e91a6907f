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
        return document.root.read { reader, root in
            var walk = Walk(document: document, reader: reader, asOf: asOf, asOfText: asOfText)
            walk.visit(root, SnapshotSchema.root)
            if let teams = reader.value(root, forKey: "teams"), reader.shape(teams) == .sequence {
                let keys = Walk.MeetingKeys(reader)
                for index in 0..<reader.count(teams) { walk.checkMeetings(reader.item(teams, index), keys) }
            }
            return walk.diagnostics
        }
    }

    /// Whether a value of `type` can hold something the walk checks: a date, or an object with a
    /// (start, end) pair. Every other field is skipped unread.
    static func holdsDates(_ type: SchemaType, _ known: inout [ObjectIdentifier: Bool]) -> Bool {
        switch type {
        case .date: return true
        case .list(let item): return holdsDates(item, &known)
        case .object(let schema):
            let id = ObjectIdentifier(schema)
            if let answer = known[id] { return answer }
            // A schema met again while its own fields are weighed is assumed to hold dates:
            // visiting a field needlessly costs time, skipping one would lose a check.
            known[id] = true
            let answer = spans[schema.name] != nil || schema.fields.contains { holdsDates($0.type, &known) }
            known[id] = answer
            return answer
        default: return false
        }
    }

    private struct Walk {
        let document: YAMLDocument
        let reader: YAMLReader
        let asOf: Double
        let asOfText: String
        var diagnostics: [Diagnostic] = []
        /// The fields each key names, by object schema, only those that can hold a date.
        var keyFields: KeyFields
        /// Each schema's (start, end) pair as key numbers, at its table's position in
        /// `keyFields`; nil when the schema has none or the document never writes one of its keys.
        var spans: [(start: Int, end: Int, names: (String, String))?] = []
        var holdsDates: [ObjectIdentifier: Bool] = [:]

        init(document: YAMLDocument, reader: YAMLReader, asOf: Double, asOfText: String) {
            self.document = document
            self.reader = reader
            keyFields = KeyFields(reader)
            self.asOf = asOf
            self.asOfText = asOfText
        }

        /// The position of `schema`'s table in `keyFields` (and of its pair in `spans`).
        mutating func table(of schema: ObjectSchema) -> Int {
            if let table = keyFields.table(of: schema) { return table }
            var span: (Int, Int, (String, String))?
            if let (start, end) = DataQuality.spans[schema.name], let s = reader.keyNumber(of: start), let e = reader.keyNumber(of: end) { span = (s, e, (start, end)) }
            spans.append(span)
            let dated = schema.fields.map { DataQuality.holdsDates($0.type, &holdsDates) }
            return keyFields.add(schema, accepting: dated)
        }

        mutating func report(_ kind: DiagnosticKind, _ message: String, fr: String, _ mark: Mark) {
            diagnostics.append(Diagnostic(kind, message: message, fr: fr, location: document.location(mark)))
        }

        mutating func visit(_ node: YAMLReader.ID, _ schema: ObjectSchema) {
            guard reader.shape(node) == .mapping else { return }
            let table = table(of: schema)
            for index in 0..<reader.count(node) {
                // The field's qualified name is made only for a date found in the future:
                // building a name for every key of a large snapshot was more than the schema
                // validation itself cost.
                let key = reader.key(node, index)
                guard let field = keyFields.field(key, of: schema, table: table) else { continue }
                check(reader.value(node, index), schema.checkTypes.pointer(field), owner: schema, key: key)
            }
            if let (start, end, (startName, endName)) = spans[table], let s = reader.value(node, forKey: start), let e = reader.value(node, forKey: end),
                let startText = reader.string(s), let endText = reader.string(e),
                let from = ISODate.parse(startText), let to = ISODate.parse(endText), to < from
            {
                report(
                    SnapshotDiagnostics.endBeforeStart, "\(schema.name) '\(endName)' (\(endText)) is before '\(startName)' (\(startText))",
                    fr: "\(schema.name) : « \(endName) » (\(endText)) précède « \(startName) » (\(startText))", reader.mark(e))
            }
        }

        /// `key` is the document's number of the field's key, named in a message.
        /// The type is read in place (see ``CheckType``).
        mutating func check(_ node: YAMLReader.ID, _ type: UnsafePointer<CheckType>, owner: ObjectSchema, key: Int) {
            switch type.pointee.kind {
            case .date:
                guard let text = reader.string(node), let date = ISODate.parse(text), date > asOf else { return }
                let name = "\(owner.name).\(reader.keyText(key))"
                if !DataQuality.plannedDates.contains(name) {
                    report(
                        SnapshotDiagnostics.futureEvent, "\(name) \(text) is after the snapshot date \(asOfText); a fact recorded cannot lie in the future",
                        fr: "\(name) \(text) est postérieur à la date de l'instantané, \(asOfText) ; un fait consigné ne peut pas être dans le futur", reader.mark(node))
                }
            case .object:
                // Borrowed, not counted (see `SchemaValidator`'s walk).
                if let schema = type.pointee.objectReference { schema._withUnsafeGuaranteedRef { visit(node, $0) } }
            case .list:
                guard reader.shape(node) == .sequence, let item = type.pointee.element else { return }
                for index in 0..<reader.count(node) { check(reader.item(node, index), item, owner: owner, key: key) }
            default: break
            }
        }

        /// The key numbers the meeting checks read (nil for a key the document never writes).
        struct MeetingKeys {
            let id, members, person, joined, left, created, meetings, date, attendees: Int?
            init(_ reader: YAMLReader) {
                (id, members, person) = (reader.keyNumber(of: "id"), reader.keyNumber(of: "members"), reader.keyNumber(of: "person"))
                (joined, left, created) = (reader.keyNumber(of: "joined"), reader.keyNumber(of: "left"), reader.keyNumber(of: "created"))
                (meetings, date, attendees) = (reader.keyNumber(of: "meetings"), reader.keyNumber(of: "date"), reader.keyNumber(of: "attendees"))
            }
        }

        func value(_ node: YAMLReader.ID, _ key: Int?) -> YAMLReader.ID? { key.flatMap { reader.value(node, forKey: $0) } }
        func string(_ node: YAMLReader.ID, _ key: Int?) -> String? { value(node, key).flatMap { reader.string($0) } }
        func date(_ node: YAMLReader.ID, _ key: Int?) -> Double? { string(node, key).flatMap(ISODate.parse) }
        func items(_ node: YAMLReader.ID, _ key: Int?) -> (list: YAMLReader.ID, count: Int)? {
            guard let list = value(node, key), reader.shape(list) == .sequence else { return nil }
            return (list, reader.count(list))
        }

        mutating func checkMeetings(_ team: YAMLReader.ID, _ keys: MeetingKeys) {
            guard let meetings = items(team, keys.meetings), meetings.count > 0 else { return }
            let teamID = string(team, keys.id) ?? "?"
            // A team's members are few: found by a scan of the list, where a dictionary hashed
            // every member's and every attendee's id; a team of more members than a scan suits
            // gets the dictionary. A person listed twice counts as their last entry.
            var members: [(person: String, left: Double?)] = []
            let memberList = items(team, keys.members)
            for index in 0..<(memberList?.count ?? 0) {
                let member = reader.item(memberList!.list, index)
                guard let person = string(member, keys.person) else { continue }
                members.append((person, date(member, keys.left)))
            }
            var byPerson: [String: Int]?
            if members.count > 32 {
                byPerson = [:]
                for (index, member) in members.enumerated() { byPerson![member.person] = index }
            }
            let createdText = string(team, keys.created)
            let created = createdText.flatMap(ISODate.parse)
            let knowsMembers = memberList != nil
            for index in 0..<meetings.count {
                let meeting = reader.item(meetings.list, index)
                guard let dateNode = value(meeting, keys.date), let dateText = reader.string(dateNode), let date = ISODate.parse(dateText) else { continue }
                if let created, date < created {
                    report(
                        SnapshotDiagnostics.meetingBeforeCreation, "meeting of \(dateText) is before team '\(teamID)' was created (\(createdText!))",
                        fr: "la rencontre du \(dateText) précède la création de l'équipe « \(teamID) » (\(createdText!))", reader.mark(dateNode))
                }
                guard let attendees = items(meeting, keys.attendees) else { continue }
                for index in 0..<attendees.count {
                    let attendee = reader.item(attendees.list, index)
                    guard let person = reader.string(attendee) else { continue }
                    let found = byPerson.map { $0[person] } ?? members.lastIndex { $0.person == person }
                    guard let found else {
                        if knowsMembers {
                            report(
                                SnapshotDiagnostics.attendeeNotMember, "'\(person)' attended the meeting of \(dateText) but is not a member of team '\(teamID)'",
                                fr: "« \(person) » a assisté à la rencontre du \(dateText) sans être membre de l'équipe « \(teamID) »", reader.mark(attendee))
                        }
                        continue
                    }
                    if let left = members[found].left, date > left {
                        report(
                            SnapshotDiagnostics.attendedAfterLeaving, "'\(person)' attended the meeting of \(dateText) after leaving team '\(teamID)'",
                            fr: "« \(person) » a assisté à la rencontre du \(dateText) après avoir quitté l'équipe « \(teamID) »", reader.mark(attendee))
                    }
                }
            }
        }
    }
}
