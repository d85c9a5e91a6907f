// Writes a synthetic OrganizationSnapshot of N teams to stdout, deterministic by seed.
//
//   swift run -c release tandem-generate --teams 20000 --seed 1 > /tmp/big.yaml
//
// Shapes follow Pomey 2018: 6–8 members per team, usually two patient advisors (sometimes one),
// meetings with attendance and decisions, trainings, evaluations and recognition. Every fact the
// seed pack reads is recorded (an empty list or `null` where there is none), so the benchmark
// measures rules deciding, not rules stopping at an unrecorded fact.
import Foundation

struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }
}

var teams = 1000
var seed: UInt64 = 1
var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
    switch arg {
    case "--teams": teams = Int(args.popFirst() ?? "") ?? teams
    case "--seed": seed = UInt64(args.popFirst() ?? "") ?? seed
    default:
        FileHandle.standardError.write(Data("usage: tandem-generate [--teams N] [--seed S]\n".utf8))
        exit(2)
    }
}

var rng = SplitMix64(state: seed)
var out = ""
out.reserveCapacity(teams * 1400)
let stdout = FileHandle.standardOutput
@MainActor func flush() {
    stdout.write(Data(out.utf8))
    out.removeAll(keepingCapacity: true)
}

func date(_ day: Int) -> String {
    let month = 1 + (day / 28) % 12
    let dayOfMonth = 1 + day % 28
    return String(format: "2026-%02d-%02d", month, dayOfMonth)
}

let roles = ["provider", "provider", "program_manager", "medical_chief", "icl", "professional_coach"]
let domains = ["mental health", "oncology", "emergency medicine", "home care", "geriatrics", "pediatrics"]

out += """
    apiVersion: tandem/v1
    kind: OrganizationSnapshot
    metadata: {name: generated-\(teams), asOf: 2026-10-01}
    organization:
      name: Generated Health Network
      strategicGoals: {includesPartnership: true, adopted: 2024-01-01}
      codeOfEthics: {includesPartnership: true}
      referenceFramework: {exists: true}
      department: {name: Partnership office, managers: [{name: Manager, level: mid, since: 2020-01-01}]}
      logicModel: {exists: true, lastReviewed: 2026-03-01}
      compensationBudget: {amount: \(teams * 900), spent: \(teams * 400), currency: CAD, period: {start: 2026-01-01, end: 2026-12-31}, covers: [travel, parking, meals]}
      advisorPool: {size: \(teams * 3), lastUpdated: 2026-06-01, identifiedThrough: [providers]}
      vision: {includesPartnership: true}
      communicationsPlan: {exists: true, lastUpdated: 2026-02-01}
      awarenessActivities: [{date: 2026-02-10, audience: top}]
      managerAlignment: {meetingsPerYear: 2, lastMeeting: 2026-05-01}
      knowledgeTransfers: [{date: 2026-04-01, audience: mid}]
      restructurings: []
      integrationProcess: {documented: true, steps: [request, verification, recruitment, role_explained, assessment], coordination: centralized,
        evaluations: [{date: 2026-04-15, formal: true, measures: [advisor_satisfaction, advisor_benefits, team_perception]}]}
      communityOfPractice: {exists: true}
      structuralIndicators: {period: {start: 2025-04-01, end: 2026-03-31}, advisorRequests: \(teams), advisorsInvolved: \(teams * 2), advisorsLeft: \(teams / 5)}
    people:

    """
var advisorCounts: [Int] = []
var professionalCounts: [Int] = []
for t in 0..<teams {
    let advisors = rng.chance(0.15) ? 1 : 2
    let professionals = rng.int(4...6)
    advisorCounts.append(advisors)
    professionalCounts.append(professionals)
    for a in 0..<advisors {
        let isNew = rng.chance(0.4)
        let startDay = rng.int(0...60)
        out += """
              - id: pa-\(t)-\(a)
                name: Advisor \(t)-\(a)
                category: patient_advisor
                status: active
                startDate: \(date(startDay))
                priorMandates: \(isNew ? 0 : rng.int(1...5))

            """
        out += isNew && rng.chance(0.8) ? "    coach: pa-\((t + 1) % teams)-0\n" : "    coach: null\n"
        out += "    training: [{topic: partnership, date: \(date(rng.chance(0.9) ? max(0, startDay - rng.int(0...10)) : startDay + 5))}]\n"
        out += """
                selection:
                  interviewDate: \(date(rng.int(0...30)))
                  decision: selected
                  coreSkills: {servicesExperience: true, stableHealth: true, communication: true, availability: \(rng.chance(0.9))}
                  criteria: {expressesClearly: true, constructiveAttitude: true, diseaseExperience: true, servicesExperience: true, steadyHealth: true,
                    sharesExperience: true, generalizesExperience: true, helpsBeyondOwnCase: true, interpersonalSkills: true, criticalMind: true,
                    understandsPartnership: true, availableAndMotivated: true}

            """
    }
    for p in 0..<professionals {
        out += "  - {id: pro-\(t)-\(p), name: Professional \(t)-\(p), category: professional}\n"
    }
    if out.utf8.count > 1 << 20 { flush() }
}
out += "teams:\n"
for t in 0..<teams {
    let advisors = advisorCounts[t]
    let professionals = professionalCounts[t]
    let start = rng.int(0...100)
    out += """
          - id: team-\(t)
            name: Team \(t)
            status: \(rng.chance(0.9) ? "active" : "completed")
            setting: {domain: \(domains[t % domains.count]), area: \(rng.chance(0.5) ? "urban" : "rural")}
            mandate:
              start: \(date(start))
              end: 2027-\(String(format: "%02d", 1 + t % 12))-15
              objectives:
                - {text: Improve outcome \(t), smart: \(rng.chance(0.8)), fixedOn: \(date(start + rng.int(0...30)))}
            members:

        """
    var ids: [String] = []
    for a in 0..<advisors {
        ids.append("pa-\(t)-\(a)")
        out += "      - {person: pa-\(t)-\(a), role: patient_advisor, joined: \(date(start + rng.int(0...20))), rolesDocumented: \(rng.chance(0.85)), confidentialityAgreement: \(rng.chance(0.85))}\n"
    }
    for p in 0..<professionals {
        ids.append("pro-\(t)-\(p)")
        out += "      - {person: pro-\(t)-\(p), role: \(roles[p % roles.count]), joined: \(date(start))}\n"
    }
    out += "    coLeads: [\(ids[0]), \(ids[advisors])]\n    meetings:\n"
    for m in 0..<rng.int(1...4) {
        let attendees = ids.filter { _ in rng.chance(0.8) }
        out += "      - date: \(date(start + 10 + m * 30))\n"
        out += "        attendees: [\(attendees.joined(separator: ", "))]\n"
        out += "        agendaSentInAdvance: \(rng.chance(0.9))\n        accessibleDocuments: \(rng.chance(0.9))\n"
        out += "        decisions:\n"
        out += "          - {summary: Decision \(m), proposedBy: \(ids[rng.int(0...(ids.count - 1))]), adopted: \(rng.chance(0.6))}\n"
    }
    out += "    trainings:\n      - {topic: QI and partnership, date: \(date(start)), joint: \(rng.chance(0.7))}\n"
    if rng.chance(0.7) {
        out +=
            "    evaluations:\n      - {date: \(date(start + 90)), stage: mid_mandate, method: questionnaire, advisorSatisfaction: \(Double(rng.int(20...50)) / 10), sharedWithTeam: \(rng.chance(0.7))}\n"
    } else {
        out += "    evaluations: []\n"
    }
    if rng.chance(0.5) {
        out += "    recognition:\n      - {date: \(date(start + 120)), form: letter, recipients: [\(ids[0])]}\n"
    } else {
        out += "    recognition: []\n"
    }
    out += "    progressReports: [{date: \(date(start + 150)), audience: top}]\n"
    out += "    feedback: [{date: \(date(start + 100)), from: \(ids[0])}, {date: \(date(start + 100)), from: \(ids[advisors])}]\n"
    out += "    engagementLevel: \(["consultation", "involvement", "collaboration", "partnership"][rng.int(0...3)])\n"
    if out.utf8.count > 1 << 20 { flush() }
}
flush()
