/// The four types of managerial practice of Clavel 2019 (Additional file 2).
public enum PracticeType: String, Sendable, CaseIterable, Codable, Comparable {
    case design, structuring, operational, evaluation

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The management level a practice belongs to.
public enum ManagementLevel: String, Sendable, CaseIterable, Codable, Comparable {
    case top, mid
    case frontLine = "front-line"

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The change phase in which a practice matters most.
public enum ChangePhase: String, Sendable, CaseIterable, Codable {
    case initiation, deployment, sustainability
}
