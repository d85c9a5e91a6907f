extension SnapshotSchema {
    /// The four CPPU core skills (Clavel 2019).
    public static let coreSkills = ["servicesExperience", "stableHealth", "communication", "availability"]

    /// The twelve selection criteria of Pomey 2018, Box 1.
    public static let boxOneCriteria = [
        "expressesClearly", "constructiveAttitude", "diseaseExperience", "servicesExperience",
        "steadyHealth", "sharesExperience", "generalizesExperience", "helpsBeyondOwnCase",
        "interpersonalSkills", "criticalMind", "understandsPartnership", "availableAndMotivated",
    ]

    static let person = ObjectSchema(
        "Person", "A patient advisor, provider or manager.", declares: .person,
        fields: [
            FieldSchema("id", .string, required: true, "Unique id that teams refer to."),
            FieldSchema("name", .string, required: true, "Name or pseudonym."),
            FieldSchema("category", .enumeration(["patient_advisor", "professional", "manager"]), required: true, "What the person is."),
            FieldSchema("title", .string, "Profession or position."),
            FieldSchema("status", .enumeration(["candidate", "active", "inactive", "exited"]), default: .string("active"), "Engagement status (default active)."),
            FieldSchema("startDate", .date, "When the engagement began."),
            FieldSchema("endDate", .date, "When it ended."),
            FieldSchema("priorMandates", .integer(minimum: 0), "Mandates completed before; 0 means a new advisor (absent: not recorded)."),
            FieldSchema("livedExperience", .string, "Lived experience as patient or family member."),
            FieldSchema("coach", .reference(.person), "The patient coach assigned to a new advisor."),
            FieldSchema("selection", .object(selection), "How the advisor was selected."),
            FieldSchema("training", .list(.object(training)), "Preparation the person received."),
            FieldSchema("exit", .object(exit), "How an advisor's engagement ended."),
        ])

    static let selection = ObjectSchema(
        "Selection", "Selection by interview, by a patient recruiter and a staff member (Pomey 2018).",
        fields: [
            FieldSchema("interviewDate", .date, "When the interview took place."),
            FieldSchema("interviewMode", .enumeration(["phone", "face_to_face", "video"]), "How."),
            FieldSchema("interviewers", .list(.string), "The selection duo (names or roles)."),
            FieldSchema("decision", .enumeration(["selected", "not_selected", "pending"]), "Outcome."),
            FieldSchema("coreSkills", .object(booleanChecklist("CoreSkills", "The four CPPU core skills.", coreSkills)), "Core skills assessed."),
            FieldSchema("criteria", .object(booleanChecklist("BoxOneCriteria", "The twelve Box 1 criteria.", boxOneCriteria)), "Box 1 criteria assessed."),
        ])

    static func booleanChecklist(_ name: String, _ summary: String, _ keys: [String]) -> ObjectSchema {
        ObjectSchema(name, summary, fields: keys.map { FieldSchema($0, .boolean, "Whether the criterion is met (absent: not assessed).") })
    }

    static let training = ObjectSchema(
        "Training", "A training session a person attended.",
        fields: [
            FieldSchema("topic", .string, required: true, "Subject (e.g. partnership, QI methods, confidentiality)."),
            FieldSchema("date", .date, required: true, "When."),
            FieldSchema("completed", .boolean, default: .bool(true), "Whether it was completed (default true)."),
        ])

    static let exit = ObjectSchema(
        "Exit", "The end of an advisor's engagement.",
        fields: [
            FieldSchema("date", .date, required: true, "When the advisor left."),
            FieldSchema("reason", .string, "Why."),
            FieldSchema("supportOffered", .boolean, "Whether exit support was offered."),
            FieldSchema("debriefDate", .date, "Exit debriefing."),
        ])
}
