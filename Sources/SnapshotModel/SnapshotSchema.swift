/// The `OrganizationSnapshot` format (`apiVersion: tandem/v1`): what an organization's patient
/// partnership looks like on a given date.
///
/// The schema is data, used three ways: the validator checks documents against it, `tandem schema
/// snapshot` exports it as JSON Schema, and the policy checker reads field names from it.
/// Field names follow Clavel 2019 and Pomey 2018 (see `DOMAIN.md`).
public enum SnapshotSchema {
    /// The only API version this build reads.
    public static let apiVersion = "tandem/v1"
    /// The document kind.
    public static let kind = "OrganizationSnapshot"

    /// The management levels of Clavel 2019, spelled as policies spell them (`level: front-line`): one
    /// spelling per taxonomy term. The old snapshot spelling `front_line` is SNAP004 with a did-you-mean.
    public static let managementLevels = ["top", "mid", "front-line"]

    /// The roles a team member can hold.
    public static let memberRoles = [
        "patient_advisor", "provider", "program_manager", "medical_chief", "icl", "patient_coach",
        "quality_advisor", "professional_coach",
    ]

    /// The document's root.
    public static let root = ObjectSchema(
        "OrganizationSnapshot", "The state of an organization's patient partnership on one date.",
        fields: [
            FieldSchema("apiVersion", .enumeration([apiVersion]), required: true, "Format version."),
            FieldSchema("kind", .enumeration([kind]), required: true, "Document kind."),
            FieldSchema("metadata", .object(metadata), required: true, "Name and date of the snapshot."),
            FieldSchema("organization", .object(organization), required: true, "Organization-level facts."),
            FieldSchema("people", .list(.object(person)), "Everyone the teams refer to: patient advisors, providers, managers."),
            FieldSchema("teams", .list(.object(team)), "Quality-improvement teams (continuous improvement committees)."),
        ])

    /// The schema of one team, person or the organization, for tools that name them.
    public static var objects: [ObjectSchema] { [root, organization, person, team] }

    static let metadata = ObjectSchema(
        "Metadata", "Identifies the snapshot.",
        fields: [
            FieldSchema("name", .string, required: true, "A short name for the snapshot."),
            FieldSchema("asOf", .date, required: true, "The date the facts describe; rules measure time from it."),
            FieldSchema("description", .string, "Free text."),
            FieldSchema("labels", .dictionary(.string), "Free key/value labels (region, program, …)."),
        ])

    static let period = ObjectSchema(
        "Period", "A span of dates.",
        fields: [
            FieldSchema("start", .date, required: true, "First day."),
            FieldSchema("end", .date, required: true, "Last day."),
        ])

    static let organization = ObjectSchema(
        "Organization", "Design and structuring practices held at top and mid management (Clavel 2019).",
        fields: [
            FieldSchema("name", .string, required: true, "Legal or usual name."),
            FieldSchema("type", .string, "Kind of institution (e.g. CISSS, university hospital)."),
            FieldSchema(
                "vision", .object(documentFact("Vision", "An organizational vision of patient partnership.")),
                "Organizational vision of patient partnership."),
            FieldSchema(
                "strategicGoals", .object(documentFact("StrategicGoals", "Whether partnership is in the strategic goals.")),
                "Partnership written into the strategic goals (structuring, top level)."),
            FieldSchema(
                "codeOfEthics", .object(documentFact("CodeOfEthics", "Whether partnership is in the code of ethics.")),
                "Partnership written into the code of ethics (design, top level)."),
            FieldSchema("referenceFramework", .object(referenceFramework), "Principles and values of partnership (design)."),
            FieldSchema("department", .object(department), "The department in charge of partnership and its managers."),
            FieldSchema("logicModel", .object(logicModel), "Goals, targets and strategies, reviewed over time."),
            FieldSchema("communicationsPlan", .object(communicationsPlan), "Awareness of directors and managers (Pomey 2018, step 1)."),
            FieldSchema("awarenessActivities", .list(.object(awarenessActivity)), "Promotion and awareness sessions."),
            FieldSchema("managerAlignment", .object(managerAlignment), "Alignment and knowledge transfer among top, mid and front-line managers."),
            FieldSchema("compensationBudget", .object(compensationBudget), "Funds to compensate patient advisors' costs."),
            FieldSchema("advisorPool", .object(advisorPool), "The list of potential patient advisors."),
            FieldSchema("integrationProcess", .object(integrationProcess), "The structured process for integrating advisors."),
            FieldSchema("communityOfPractice", .object(communityOfPractice), "Community of practice or charter of good practice."),
            FieldSchema("structuralIndicators", .object(structuralIndicators), "Counts reported to management."),
            FieldSchema("knowledgeTransfers", .list(.object(knowledgeTransfer)), "Partnership experience and knowledge transferred among managers."),
            FieldSchema("restructurings", .list(.object(restructuring)), "Mergers and reorganizations the organization went through."),
            FieldSchema("harmonizationCommittee", .object(harmonizationCommittee), "Informal committee harmonizing partnership practices after a merger (Clavel 2019, case 2)."),
        ])

    static let knowledgeTransfer = ObjectSchema(
        "KnowledgeTransfer", "Partnership experience and knowledge shared among managers (Clavel 2019, design, mid level).",
        fields: [
            FieldSchema("date", .date, required: true, "When."),
            FieldSchema("audience", .enumeration(managementLevels), "Managers it reached."),
            FieldSchema("topic", .string, "What was shared."),
        ])

    static let restructuring = ObjectSchema(
        "Restructuring", "A merger or reorganization.",
        fields: [
            FieldSchema("date", .date, required: true, "When it took effect."),
            FieldSchema("kind", .enumeration(["merger", "reorganization", "department_change"]), required: true, "What happened."),
            FieldSchema("description", .string, "Free text."),
        ])

    static let harmonizationCommittee = ObjectSchema(
        "HarmonizationCommittee", "An informal committee of managers harmonizing partnership practices.",
        fields: [
            FieldSchema("exists", .boolean, required: true, "Whether one exists."),
            FieldSchema("established", .date, "When it started."),
        ])

    static func documentFact(_ name: String, _ summary: String) -> ObjectSchema {
        ObjectSchema(
            name, summary,
            fields: [
                FieldSchema("includesPartnership", .boolean, required: true, "Whether patient partnership is written in."),
                FieldSchema("adopted", .date, "When the current version was adopted."),
                FieldSchema("document", .string, "Title or link of the document."),
            ])
    }

    static let referenceFramework = ObjectSchema(
        "ReferenceFramework", "A reference framework for partnership.",
        fields: [
            FieldSchema("exists", .boolean, required: true, "Whether one is adopted."),
            FieldSchema("adopted", .date, "Adoption date."),
            FieldSchema("principles", .list(.string), "Principles and values it states."),
        ])

    static let manager = ObjectSchema(
        "Manager", "A manager in charge of partnership.",
        fields: [
            FieldSchema("name", .string, required: true, "Name."),
            FieldSchema("title", .string, "Position."),
            FieldSchema("level", .enumeration(managementLevels), required: true, "Management level."),
            FieldSchema("since", .date, "In charge since."),
        ])

    static let department = ObjectSchema(
        "Department", "The department in charge of partnership.",
        fields: [
            FieldSchema("name", .string, "Department name (absent with an empty managers list: nobody is in charge)."),
            FieldSchema("established", .date, "When it took charge of partnership."),
            FieldSchema("managers", .list(.object(manager)), "Named managers in charge (continuity matters)."),
            FieldSchema("previous", .list(.object(previousDepartment)), "Departments that were in charge before, most recent last."),
        ])

    static let previousDepartment = ObjectSchema(
        "PreviousDepartment", "A department formerly in charge of partnership.",
        fields: [
            FieldSchema("name", .string, required: true, "Department name."),
            FieldSchema("from", .date, "In charge from."),
            FieldSchema("to", .date, "In charge until."),
        ])

    static let logicModel = ObjectSchema(
        "LogicModel", "The partnership logic model.",
        fields: [
            FieldSchema("exists", .boolean, required: true, "Whether one is written."),
            FieldSchema("lastReviewed", .date, "Last review date."),
            FieldSchema("goals", .list(.string), "Goals."),
            FieldSchema("targets", .list(.string), "Targets."),
            FieldSchema("strategies", .list(.string), "Strategies."),
            FieldSchema("advisorInvolved", .boolean, "Whether a patient advisor helped structure the model."),
        ])

    static let communicationsPlan = ObjectSchema(
        "CommunicationsPlan", "A communications plan on partnership.",
        fields: [
            FieldSchema("exists", .boolean, required: true, "Whether one is written."),
            FieldSchema("lastUpdated", .date, "Last update."),
            FieldSchema("audiences", .list(.enumeration(["top", "mid", "front-line", "providers", "patients"])), "Who it addresses."),
        ])

    static let awarenessActivity = ObjectSchema(
        "AwarenessActivity", "A promotion or awareness session.",
        fields: [
            FieldSchema("date", .date, required: true, "When."),
            FieldSchema("audience", .enumeration(["top", "mid", "front-line", "providers", "patients"]), required: true, "Who attended."),
            FieldSchema("topic", .string, "Subject."),
        ])

    static let managerAlignment = ObjectSchema(
        "ManagerAlignment", "Alignment of management levels on partnership.",
        fields: [
            FieldSchema("meetingsPerYear", .integer(minimum: 0), "Joint meetings of top, mid and front-line managers per year."),
            FieldSchema("lastMeeting", .date, "Most recent joint meeting."),
        ])

    static let compensationBudget = ObjectSchema(
        "CompensationBudget", "Funds to compensate advisors' costs; remuneration is prohibited in Quebec public institutions, compensation of costs is allowed.",
        fields: [
            FieldSchema("amount", .number(minimum: 0), required: true, "Budget for the period."),
            FieldSchema("spent", .number(minimum: 0), required: true, "Spent so far in the period."),
            FieldSchema("currency", .string, "ISO 4217 code."),
            FieldSchema("period", .object(period), "The period the budget covers (none when amount is 0: no budget)."),
            FieldSchema("covers", .list(.enumeration(["travel", "parking", "meals", "childcare", "respite_care", "training", "other"])), "Costs it reimburses."),
            FieldSchema("source", .enumeration(["operating_budget", "foundation", "grant", "other"]), "Where the money comes from."),
        ])

    static let advisorPool = ObjectSchema(
        "AdvisorPool", "The list of potential patient advisors.",
        fields: [
            FieldSchema("size", .integer(minimum: 0), required: true, "Potential advisors listed."),
            FieldSchema("lastUpdated", .date, "Last update."),
            FieldSchema("managedBy", .string, "Who keeps it."),
            FieldSchema(
                "identifiedThrough", .list(.enumeration(["providers", "patient_associations", "social_media", "other"])),
                "How potential advisors are identified (Pomey 2018: via clinicians, patient associations or social media)."),
        ])

    static let integrationProcess = ObjectSchema(
        "IntegrationProcess", "The structured integration process (Clavel 2019, case 1's five steps).",
        fields: [
            FieldSchema("documented", .boolean, required: true, "Whether the process is written down."),
            FieldSchema("steps", .list(.enumeration(["request", "verification", "recruitment", "role_explained", "assessment"])), "Steps the process includes."),
            FieldSchema("coordination", .enumeration(["centralized", "shared", "none"]), "Centralized in one department (case 1), shared between managers (case 2), or not organized."),
            FieldSchema("evaluations", .list(.object(processEvaluation)), "Evaluations of the integration process itself."),
        ])

    static let processEvaluation = ObjectSchema(
        "ProcessEvaluation", "An evaluation of the advisor integration process (Clavel 2019, evaluating, mid level).",
        fields: [
            FieldSchema("date", .date, required: true, "When."),
            FieldSchema("formal", .boolean, required: true, "Formal (data collected on set measures) or informal (feedback in meetings)."),
            FieldSchema("measures", .list(.enumeration(["advisor_satisfaction", "advisor_benefits", "team_perception"])), "What it measured."),
        ])

    static let communityOfPractice = ObjectSchema(
        "CommunityOfPractice", "A community of practice among advisors and teams.",
        fields: [
            FieldSchema("exists", .boolean, required: true, "Whether one exists."),
            FieldSchema("charter", .boolean, "Whether a charter of good practice exists."),
            FieldSchema("lastMeeting", .date, "Most recent meeting."),
        ])

    static let structuralIndicators = ObjectSchema(
        "StructuralIndicators", "Structural indicators of partnership (Clavel 2019, evaluating).",
        fields: [
            FieldSchema("period", .object(period), required: true, "Period counted."),
            FieldSchema("advisorRequests", .integer(minimum: 0), "Requests for patient advisors."),
            FieldSchema("teamsWithAdvisors", .integer(minimum: 0), "Teams involving advisors."),
            FieldSchema("purposes", .list(.string), "What advisors were requested for."),
            FieldSchema("reportedTo", .enumeration(managementLevels), "Level the indicators are reported to."),
            FieldSchema("advisorsInvolved", .integer(minimum: 0), "Patient advisors involved during the period."),
            FieldSchema("advisorsLeft", .integer(minimum: 0), "Of them, advisors who left during the period."),
        ])
}
