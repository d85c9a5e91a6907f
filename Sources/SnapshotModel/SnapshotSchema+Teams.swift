extension SnapshotSchema {
    static let team = ObjectSchema(
        "Team", "A quality-improvement team (Pomey 2018: 6–8 members).", declares: .team,
        fields: [
            FieldSchema("id", .string, required: true, "Unique id."),
            FieldSchema("name", .string, required: true, "Name."),
            FieldSchema("status", .enumeration(["planned", "active", "completed", "suspended"]), required: true, "Lifecycle status."),
            FieldSchema("standing", .boolean, default: .bool(false), "A standing committee with no planned end (default false: a fixed-term project)."),
            FieldSchema("created", .date, "When the team was set up."),
            FieldSchema("setting", .object(setting), "Clinical setting."),
            FieldSchema("request", .object(request), "The request for advisors (steps 1–2 of the integration process)."),
            FieldSchema("mandate", .object(mandate), "Mandate and objectives."),
            FieldSchema("members", .list(.object(member)), "Members and their roles."),
            FieldSchema("coLeads", .list(.reference(.person)), "The co-leading duo (ideally a patient and a professional)."),
            FieldSchema("meetings", .list(.object(meeting)), "Meetings, attendance and decisions."),
            FieldSchema("trainings", .list(.object(teamTraining)), "Team trainings."),
            FieldSchema("evaluations", .list(.object(evaluation)), "Evaluations of the partnership."),
            FieldSchema("feedback", .list(.object(feedback)), "Feedback given by advisors or the team."),
            FieldSchema("recognition", .list(.object(recognition)), "Recognition of members' work."),
            FieldSchema("improvementCycles", .list(.object(improvementCycle)), "Plan-Do-Study-Act cycles."),
            FieldSchema("progressReports", .list(.object(progressReport)), "Progress reported to management."),
            FieldSchema(
                "engagementLevel", .enumeration(["information", "consultation", "involvement", "collaboration", "partnership"]),
                "Level on the engagement continuum (Carman 2013)."),
        ])

    static let setting = ObjectSchema(
        "Setting", "Where the team works.",
        fields: [
            FieldSchema("domain", .string, "Clinical domain (mental health, oncology, …)."),
            FieldSchema("area", .enumeration(["urban", "rural", "mixed"]), "Urban or rural."),
            FieldSchema("services", .string, "Services (ambulatory, hospital, …)."),
            FieldSchema("site", .string, "Site name."),
        ])

    static let request = ObjectSchema(
        "Request", "A request for patient advisors.",
        fields: [
            FieldSchema("requestedBy", .string, "Manager or provider who asked."),
            FieldSchema("date", .date, "When."),
            FieldSchema("verified", .boolean, "Whether the request was checked as appropriate."),
            FieldSchema("rationale", .string, "Why advisors add value here."),
        ])

    static let mandate = ObjectSchema(
        "Mandate", "What the team is charged with.",
        fields: [
            FieldSchema("description", .string, "The mandate."),
            FieldSchema("start", .date, "Start."),
            FieldSchema("end", .date, "Planned end."),
            FieldSchema("objectives", .list(.object(objective)), "Objectives."),
        ])

    static let objective = ObjectSchema(
        "Objective", "An objective of the mandate.",
        fields: [
            FieldSchema("text", .string, required: true, "The objective."),
            FieldSchema("smart", .boolean, "Specific, measurable, achievable, realistic, time-bound."),
            FieldSchema("fixedOn", .date, "When it was fixed."),
        ])

    static let member = ObjectSchema(
        "Member", "A person's membership of a team.",
        fields: [
            FieldSchema("person", .reference(.person), required: true, "The person's id."),
            FieldSchema("role", .enumeration(memberRoles), required: true, "Role on the team."),
            FieldSchema("joined", .date, "When they joined."),
            FieldSchema("left", .date, "When they left."),
            FieldSchema("active", .boolean, default: .bool(true), "Whether they are a current member (default true)."),
            FieldSchema("rolesDocumented", .boolean, "Whether roles and responsibilities were documented for them."),
            FieldSchema("confidentialityAgreement", .boolean, "Whether confidentiality was covered and signed."),
        ])

    static let decision = ObjectSchema(
        "Decision", "A decision taken at a meeting.",
        fields: [
            FieldSchema("summary", .string, required: true, "What was decided."),
            FieldSchema("proposedBy", .reference(.person), "Who proposed it."),
            FieldSchema("adopted", .boolean, "Whether the proposal was adopted."),
        ])

    static let meeting = ObjectSchema(
        "Meeting", "A team meeting.",
        fields: [
            FieldSchema("date", .date, required: true, "When."),
            FieldSchema("attendees", .list(.reference(.person)), "Who attended."),
            FieldSchema("agendaSentInAdvance", .boolean, "Structured agenda sent beforehand."),
            FieldSchema("accessibleDocuments", .boolean, "Documents at an accessible literacy level."),
            FieldSchema("decisions", .list(.object(decision)), "Decisions and proposals."),
        ])

    static let teamTraining = ObjectSchema(
        "TeamTraining", "A training session for the team.",
        fields: [
            FieldSchema("topic", .string, required: true, "Subject."),
            FieldSchema("date", .date, required: true, "When."),
            FieldSchema("attendees", .list(.reference(.person)), "Who attended."),
            FieldSchema("joint", .boolean, "Professionals and advisors trained together."),
            FieldSchema("facilitators", .list(.string), "Who led it (ideally a quality advisor and advisor tandem)."),
        ])

    static let evaluation = ObjectSchema(
        "Evaluation", "An evaluation of the partnership experience.",
        fields: [
            FieldSchema("date", .date, required: true, "When."),
            FieldSchema("stage", .enumeration(["mid_mandate", "end_of_mandate", "ongoing"]), required: true, "When in the mandate."),
            FieldSchema("method", .enumeration(["questionnaire", "interview", "reflexive_exercise", "focus_group"]), "How."),
            FieldSchema("respondents", .list(.reference(.person)), "Who answered."),
            FieldSchema("advisorSatisfaction", .number(minimum: 0, maximum: 5), "Mean advisor satisfaction, 0–5."),
            FieldSchema("contributionPerceived", .number(minimum: 0, maximum: 5), "Team perception of advisors' contribution, 0–5."),
            FieldSchema("sharedWithTeam", .boolean, "Whether results were fed back to the team."),
            FieldSchema("formal", .boolean, "Formal (questionnaire, interviews on set measures) or informal (discussion in a meeting)."),
        ])

    static let feedback = ObjectSchema(
        "Feedback", "Feedback on the partnership experience.",
        fields: [
            FieldSchema("date", .date, required: true, "When."),
            FieldSchema("from", .reference(.person), "Who gave it."),
            FieldSchema("summary", .string, "What was said."),
            FieldSchema("actedOn", .boolean, "Whether it led to a change."),
        ])

    static let recognition = ObjectSchema(
        "Recognition", "Recognition of members' contribution.",
        fields: [
            FieldSchema("date", .date, required: true, "When."),
            FieldSchema("form", .enumeration(["letter", "certificate", "event", "public_acknowledgement", "other"]), required: true, "How."),
            FieldSchema("recipients", .list(.reference(.person)), "Who was recognized."),
        ])

    static let improvementCycle = ObjectSchema(
        "ImprovementCycle", "A Plan-Do-Study-Act cycle.",
        fields: [
            FieldSchema("name", .string, required: true, "What the cycle tests."),
            FieldSchema("started", .date, "Start."),
            FieldSchema("completed", .date, "End."),
            FieldSchema("stage", .enumeration(["plan", "do", "study", "act", "done"]), "Current stage."),
        ])

    static let progressReport = ObjectSchema(
        "ProgressReport", "Progress reported to upper management.",
        fields: [
            FieldSchema("date", .date, required: true, "When."),
            FieldSchema("audience", .enumeration(managementLevels), "To whom."),
        ])
}
