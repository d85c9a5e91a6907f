import Diagnostics
import SnapshotModel
import TestSupport
import Testing

/// Facts that contradict each other are caught before any rule reads them.
@Suite("Data quality of a valid snapshot")
struct DataQualityTests {
    func codes(_ text: String) -> [String] {
        let loaded = SnapshotLoader().load(SourceText(path: "q.yaml", text: text))
        return loaded.diagnostics.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.code) \($0.severity.rawValue)" }
    }

    let head = """
        apiVersion: tandem/v1
        kind: OrganizationSnapshot
        metadata: {name: q, asOf: 2026-10-01}
        organization:
          name: O
          awarenessActivities: [{date: 2062-03-01, audience: top}]
          compensationBudget: {amount: 1, spent: 0, period: {start: 2026-01-01, end: 2027-12-31}}
        people:
          - {id: a, name: A, category: patient_advisor, startDate: 2026-05-01, endDate: 2026-01-01}
          - {id: b, name: B, category: professional}
          - {id: c, name: C, category: professional}
        teams:
          - id: t
            name: T
            status: active
            created: 2026-03-01
            mandate: {start: 2026-03-01, end: 2027-03-01}
            members:
              - {person: a, role: patient_advisor, joined: 2026-04-01, left: 2026-03-15}
              - {person: b, role: provider, joined: 2026-03-01, left: 2026-06-01}
            meetings:
              - {date: 2026-02-01, attendees: [b]}
              - {date: 2026-07-01, attendees: [b, c]}

        """

    @Test func eachInconsistencyHasItsCodeAndPlace() {
        #expect(
            codes(head) == [
                "6:32 SNAP011 error",  // an awareness session in 2062: a typo, not a plan
                "9:81 SNAP012 error",  // the person's endDate before startDate
                "19:70 SNAP012 error",  // left before joined
                "22:16 SNAP013 warning",  // a meeting before the team was created
                "23:40 SNAP014 warning",  // b attended after leaving
                "23:43 SNAP015 warning",  // c is not a member
            ])
    }

    @Test func plannedDatesMayLieAhead() {
        // The budget period and the mandate end after asOf: plans, not errors.
        let planned = head.replacingOccurrences(of: "2062-03-01", with: "2026-03-01")
            .replacingOccurrences(of: "endDate: 2026-01-01", with: "endDate: 2027-01-01")
            .replacingOccurrences(of: "left: 2026-03-15", with: "left: 2026-09-15")
        #expect(!codes(planned).contains { $0.contains("error") })
    }

    /// A team whose members are `members` (person ids, each joined 2026-03-01, with a `left`
    /// date where given) and one meeting on 2026-07-01 attended by `attendees`.
    func team(members: [(String, String?)], attendees: [String]) -> String {
        let people = Set(members.map(\.0) + attendees).sorted().map { "  - {id: \($0), name: N, category: professional}" }
        let rows = members.map { "      - {person: \($0.0), role: provider, joined: 2026-03-01\($0.1.map { ", left: \($0)" } ?? "")}" }
        return """
            apiVersion: tandem/v1
            kind: OrganizationSnapshot
            metadata: {name: q, asOf: 2026-10-01}
            organization: {name: O}
            people:
            \(people.joined(separator: "\n"))
            teams:
              - id: t
                name: T
                status: active
                created: 2026-03-01
                members:
            \(rows.joined(separator: "\n"))
                meetings:
                  - {date: 2026-07-01, attendees: [\(attendees.joined(separator: ", "))]}

            """
    }

    @Test func aPersonListedTwiceCountsAsTheirLastEntry() {
        let leftThenBack = team(members: [("b", "2026-06-01"), ("b", nil)], attendees: ["b"])
        #expect(!codes(leftThenBack).contains { $0.contains("SNAP014") })
        let thenLeft = team(members: [("b", nil), ("b", "2026-06-01")], attendees: ["b"])
        #expect(codes(thenLeft).filter { $0.contains("SNAP014") }.count == 1)
    }

    @Test func aLargeTeamIsCheckedAsASmallOneIs() {
        // Past 32 members the walk finds attendees through a dictionary instead of a scan: the
        // same findings either way, a person listed twice still counting as their last entry.
        for size in [3, 40] {
            var members: [(String, String?)] = (0..<size).map { ("p\($0)", nil) }
            members[1].1 = "2026-06-01"
            members.append(("p2", "2026-05-01"))
            let found = codes(team(members: members, attendees: ["p0", "p1", "p2", "stranger"]))
            #expect(found.filter { $0.contains("SNAP014") }.count == 2, "\(size) members: \(found)")
            #expect(found.filter { $0.contains("SNAP015") }.count == 1, "\(size) members: \(found)")
        }
    }
}
