import Diagnostics
import Evaluation
import Foundation
import GRDB
import PolicyCompiler
import RiskScoring

/// Every diagnostic of the history database.
public enum HistoryDiagnostics: DiagnosticCatalogue {
    public static let title = "History (HIST…)"
    public static let cannotOpen = DiagnosticKind(
        "HIST001", .error, "the history file cannot be opened, or is not a Tandem history database",
        help: "Check the path; a file that is not SQLite (or is damaged) is never overwritten: move it aside.")
    public static let newer = DiagnosticKind("HIST002", .error, "the history was written by a newer Tandem", help: "Upgrade Tandem; an older one must not rewrite a schema it does not know.")
    public static let writeFailed = DiagnosticKind(
        "HIST003", .error, "the history is locked by another writer (after waiting 5 s), or a record could not be written",
        help: "Nothing was half-written: each record is one transaction. Retry when the other writer is done.")
    public static let unknownOrganization = DiagnosticKind(
        "HIST004", .error, "no snapshot of that organization is recorded (with \"did you mean\")", help: "`tandem history list` shows the organizations recorded.")

    public static var kinds: [DiagnosticKind] { [cannotOpen, newer, writeFailed, unknownOrganization] }
}

/// Why the history could not be used: a diagnostic kind and a message naming the file.
public struct HistoryError: Error, Sendable {
    /// The kind.
    public var kind: DiagnosticKind
    /// What happened.
    public var message: String
    /// What happened, in French.
    public var fr: String? = nil
    /// Suggestions.
    public var notes: [String] = []

    /// The error as a diagnostic.
    public var diagnostic: Diagnostic { Diagnostic(kind, message: message, fr: fr, notes: notes) }
}

/// One checked snapshot as the history keeps it: who, when, under which policy, every finding
/// with its identity, every risk score and factor, and the waivers in force.
public struct SnapshotRecord: Sendable, Hashable {
    /// One finding.
    public struct FindingRow: Sendable, Hashable {
        /// Organization + rule + subject (``Finding/fingerprint``).
        public var identity: String
        public var rule: String
        public var severity: String
        public var kind: String
        /// `open`, `waived` or `baseline`.
        public var status: String
        public var subjectKind: String
        public var subjectID: String
        public var subjectName: String?
        public var title: String
        public var message: String
    }

    /// One risk score, with its factors.
    public struct ScoreRow: Sendable, Hashable {
        public var subjectKind: String
        public var subjectID: String
        public var subjectName: String?
        public var score: Double
        public var band: String
        public var low: Double
        public var high: Double
        /// Factor id → points.
        public var factors: [String: Double]
    }

    /// A waiver in force when the snapshot was checked.
    public struct WaiverRow: Sendable, Hashable {
        public var rule: String
        public var subject: String
        public var owner: String
        public var reason: String
        public var expires: String
    }

    public var organization: String
    /// `metadata.asOf`, YYYY-MM-DD.
    public var asOf: String
    public var snapshot: String
    public var file: String
    public var policyName: String
    public var policyVersion: String?
    /// A hash of the policy as applied (rules, severities, expressions, parameters).
    public var policyHash: String
    public var toolVersion: String
    public var findings: [FindingRow]
    public var scores: [ScoreRow]
    public var waivers: [WaiverRow]

    /// Creates a record.
    public init(
        organization: String, asOf: String, snapshot: String, file: String, policyName: String, policyVersion: String?, policyHash: String,
        toolVersion: String, findings: [FindingRow], scores: [ScoreRow], waivers: [WaiverRow]
    ) {
        self.organization = organization
        self.asOf = asOf
        self.snapshot = snapshot
        self.file = file
        self.policyName = policyName
        self.policyVersion = policyVersion
        self.policyHash = policyHash
        self.toolVersion = toolVersion
        self.findings = findings
        self.scores = scores
        self.waivers = waivers
    }
}

/// A recorded snapshot, as `history list` shows it.
public struct StoredSnapshot: Sendable, Hashable {
    public var organization: String
    public var asOf: String
    public var snapshot: String
    public var policy: String
    public var policyHash: String
    public var recordedAt: String
    public var openFindings: Int
    public var organizationScore: Double?
    public var organizationBand: String?
}

/// The history database: SQLite through GRDB, migrated from its first version, one transaction
/// per record. A record is keyed by organization, `asOf` and policy hash: recording the same
/// snapshot under the same policy again replaces it; under another policy, both are kept.
public struct HistoryStore: Sendable {
    /// The default file, under the working directory.
    public static let defaultPath = ".tandem/history.sqlite"

    /// The migrations this Tandem knows, oldest first. A database that has applied one this list
    /// lacks was written by a newer Tandem and is refused.
    static let migrationIDs = ["v1-snapshots-findings-scores-waivers"]

    let queue: DatabaseQueue
    /// The file.
    public let path: String

    /// Opens (creating it and its directory if needed) and migrates the history at `path`.
    public init(path: String) throws(HistoryError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw HistoryError(
                kind: Self.isLocked(error) ? HistoryDiagnostics.writeFailed : HistoryDiagnostics.cannotOpen, message: "cannot open history \(path): \(Self.describe(error))",
                fr: "impossible d'ouvrir l'historique \(path) : \(Self.describe(error))")
        }
        var migrator = DatabaseMigrator()
        migrator.registerMigration(Self.migrationIDs[0]) { db in
            try db.create(table: "snapshot") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("organization", .text).notNull()
                t.column("asOf", .text).notNull()
                t.column("name", .text).notNull()
                t.column("file", .text).notNull()
                t.column("policyName", .text).notNull()
                t.column("policyVersion", .text)
                t.column("policyHash", .text).notNull()
                t.column("toolVersion", .text).notNull()
                t.column("recordedAt", .text).notNull()
                t.uniqueKey(["organization", "asOf", "policyHash"])
            }
            try db.create(table: "finding") { t in
                t.belongsTo("snapshot", onDelete: .cascade).notNull()
                t.column("identity", .text).notNull().indexed()
                t.column("rule", .text).notNull()
                t.column("severity", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("status", .text).notNull()
                t.column("subjectKind", .text).notNull()
                t.column("subjectId", .text).notNull()
                t.column("subjectName", .text)
                t.column("title", .text).notNull()
                t.column("message", .text).notNull()
            }
            try db.create(table: "score") { t in
                t.belongsTo("snapshot", onDelete: .cascade).notNull()
                t.column("subjectKind", .text).notNull()
                t.column("subjectId", .text).notNull()
                t.column("subjectName", .text)
                t.column("score", .double).notNull()
                t.column("band", .text).notNull()
                t.column("low", .double).notNull()
                t.column("high", .double).notNull()
            }
            try db.create(table: "factor") { t in
                t.belongsTo("snapshot", onDelete: .cascade).notNull()
                t.column("subjectId", .text).notNull()
                t.column("factorId", .text).notNull()
                t.column("points", .double).notNull()
            }
            try db.create(table: "waiver") { t in
                t.belongsTo("snapshot", onDelete: .cascade).notNull()
                t.column("rule", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("owner", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("expires", .text).notNull()
            }
        }
        do {
            let applied = try queue.read { db in try migrator.appliedIdentifiers(db) }
            let unknown = applied.subtracting(Self.migrationIDs)
            if !unknown.isEmpty {
                throw HistoryError(
                    kind: HistoryDiagnostics.newer, message: "history \(path) was written by a newer Tandem (schema \(unknown.sorted().joined(separator: ", ")))",
                    fr: "l'historique \(path) a été écrit par une version plus récente de Tandem (schéma \(unknown.sorted().joined(separator: ", ")))",
                    notes: ["this Tandem knows: \(Self.migrationIDs.joined(separator: ", "))"])
            }
            try migrator.migrate(queue)
        } catch let error as HistoryError {
            throw error
        } catch {
            throw HistoryError(
                kind: Self.isLocked(error) ? HistoryDiagnostics.writeFailed : HistoryDiagnostics.cannotOpen,
                message: Self.isLocked(error) ? "history \(path) is locked by another writer: \(Self.describe(error))" : "history \(path) is not a Tandem history database: \(Self.describe(error))",
                fr: Self.isLocked(error)
                    ? "l'historique \(path) est verrouillé par un autre processus : \(Self.describe(error))"
                    : "\(path) n'est pas une base d'historique Tandem : \(Self.describe(error))")
        }
    }

    /// A lock held by another connection past the busy timeout: HIST003 (retry later), never
    /// HIST001, which tells the user the file is not a history.
    static func isLocked(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    /// Whether a record replaced an earlier one.
    public enum Outcome: String, Sendable {
        case added, replaced
    }

    /// Records `record` in one transaction, replacing the same organization, `asOf` and policy.
    @discardableResult
    public func record(_ record: SnapshotRecord, recordedAt: String) throws(HistoryError) -> Outcome {
        do {
            return try queue.write { db in
                var outcome = Outcome.added
                if try Int.fetchOne(
                    db, sql: "SELECT id FROM snapshot WHERE organization = ? AND asOf = ? AND policyHash = ?",
                    arguments: [record.organization, record.asOf, record.policyHash]) != nil
                {
                    try db.execute(
                        sql: "DELETE FROM snapshot WHERE organization = ? AND asOf = ? AND policyHash = ?",
                        arguments: [record.organization, record.asOf, record.policyHash])
                    outcome = .replaced
                }
                try db.execute(
                    sql: """
                        INSERT INTO snapshot (organization, asOf, name, file, policyName, policyVersion, policyHash, toolVersion, recordedAt)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        record.organization, record.asOf, record.snapshot, record.file, record.policyName, record.policyVersion,
                        record.policyHash, record.toolVersion, recordedAt,
                    ])
                let id = db.lastInsertedRowID
                for f in record.findings {
                    try db.execute(
                        sql: """
                            INSERT INTO finding (snapshotId, identity, rule, severity, kind, status, subjectKind, subjectId, subjectName, title, message)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """, arguments: [id, f.identity, f.rule, f.severity, f.kind, f.status, f.subjectKind, f.subjectID, f.subjectName, f.title, f.message])
                }
                for s in record.scores {
                    try db.execute(
                        sql: "INSERT INTO score (snapshotId, subjectKind, subjectId, subjectName, score, band, low, high) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        arguments: [id, s.subjectKind, s.subjectID, s.subjectName, s.score, s.band, s.low, s.high])
                    for (factor, points) in s.factors.sorted(by: { $0.key < $1.key }) {
                        try db.execute(sql: "INSERT INTO factor (snapshotId, subjectId, factorId, points) VALUES (?, ?, ?, ?)", arguments: [id, s.subjectID, factor, points])
                    }
                }
                for w in record.waivers {
                    try db.execute(
                        sql: "INSERT INTO waiver (snapshotId, rule, subject, owner, reason, expires) VALUES (?, ?, ?, ?, ?, ?)",
                        arguments: [id, w.rule, w.subject, w.owner, w.reason, w.expires])
                }
                return outcome
            }
        } catch {
            throw HistoryError(
                kind: HistoryDiagnostics.writeFailed, message: "cannot record \(record.organization) \(record.asOf) in \(path): \(Self.describe(error))",
                fr: "impossible de consigner \(record.organization) \(record.asOf) dans \(path) : \(Self.describe(error))")
        }
    }

    /// Every recorded snapshot, by organization, `asOf`, then recording time.
    public func snapshots(organization: String? = nil) throws(HistoryError) -> [StoredSnapshot] {
        do {
            return try queue.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT s.organization, s.asOf, s.name, s.policyName, s.policyVersion, s.policyHash, s.recordedAt,
                          (SELECT COUNT(*) FROM finding f WHERE f.snapshotId = s.id AND f.status = 'open' AND f.kind != 'insufficient-evidence') AS open,
                          (SELECT score FROM score c WHERE c.snapshotId = s.id AND c.subjectKind = 'Organization') AS orgScore,
                          (SELECT band FROM score c WHERE c.snapshotId = s.id AND c.subjectKind = 'Organization') AS orgBand
                        FROM snapshot s \(organization == nil ? "" : "WHERE s.organization = ?")
                        ORDER BY s.organization, s.asOf, s.recordedAt, s.id
                        """, arguments: organization.map { [$0] } ?? [])
                return rows.map { row in
                    let version: String? = row["policyVersion"]
                    return StoredSnapshot(
                        organization: row["organization"], asOf: row["asOf"], snapshot: row["name"],
                        policy: (row["policyName"] as String) + (version.map { " \($0)" } ?? ""), policyHash: row["policyHash"],
                        recordedAt: row["recordedAt"], openFindings: row["open"], organizationScore: row["orgScore"], organizationBand: row["orgBand"])
                }
            }
        } catch {
            throw HistoryError(
                kind: Self.isLocked(error) ? HistoryDiagnostics.writeFailed : HistoryDiagnostics.cannotOpen, message: "cannot read history \(path): \(Self.describe(error))",
                fr: "impossible de lire l'historique \(path) : \(Self.describe(error))")
        }
    }

    /// The organizations recorded.
    public func organizations() throws(HistoryError) -> [String] {
        do {
            return try queue.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT organization FROM snapshot ORDER BY organization") }
        } catch {
            throw HistoryError(
                kind: Self.isLocked(error) ? HistoryDiagnostics.writeFailed : HistoryDiagnostics.cannotOpen, message: "cannot read history \(path): \(Self.describe(error))",
                fr: "impossible de lire l'historique \(path) : \(Self.describe(error))")
        }
    }

    /// The stored rows of one organization's snapshots, oldest first, for ``Trend``.
    func load(organization: String) throws(HistoryError) -> [Trend.Snapshot] {
        do {
            return try queue.read { db in
                let snapshots = try Row.fetchAll(db, sql: "SELECT * FROM snapshot WHERE organization = ? ORDER BY asOf, recordedAt, id", arguments: [organization])
                return try snapshots.map { row in
                    let id: Int64 = row["id"]
                    let findings = try Row.fetchAll(db, sql: "SELECT * FROM finding WHERE snapshotId = ? ORDER BY rule, subjectKind, subjectId", arguments: [id]).map { f in
                        Trend.FindingRef(
                            identity: f["identity"], rule: f["rule"], severity: f["severity"], kind: f["kind"], status: f["status"],
                            subjectKind: f["subjectKind"], subjectID: f["subjectId"], title: f["title"])
                    }
                    let scores = try Row.fetchAll(db, sql: "SELECT * FROM score WHERE snapshotId = ? ORDER BY subjectKind DESC, subjectId", arguments: [id]).map { s in
                        Trend.ScorePoint(subjectKind: s["subjectKind"], subjectID: s["subjectId"], subjectName: s["subjectName"], score: s["score"], band: s["band"], low: s["low"], high: s["high"])
                    }
                    let waivers = try Row.fetchAll(db, sql: "SELECT * FROM waiver WHERE snapshotId = ? ORDER BY rule, subject", arguments: [id]).map { w in
                        Trend.WaiverRef(rule: w["rule"], subject: w["subject"], owner: w["owner"], expires: w["expires"])
                    }
                    let version: String? = row["policyVersion"]
                    return Trend.Snapshot(
                        asOf: row["asOf"], name: row["name"], policy: (row["policyName"] as String) + (version.map { " \($0)" } ?? ""),
                        policyHash: row["policyHash"], findings: findings, scores: scores, waivers: waivers)
                }
            }
        } catch {
            throw HistoryError(
                kind: Self.isLocked(error) ? HistoryDiagnostics.writeFailed : HistoryDiagnostics.cannotOpen, message: "cannot read history \(path): \(Self.describe(error))",
                fr: "impossible de lire l'historique \(path) : \(Self.describe(error))")
        }
    }
}
