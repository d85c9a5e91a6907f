import Checking
import Diagnostics
import Evaluation
import History
import PolicyCompiler
import Reporting

/// Records each checked snapshot into the history as the check goes; the first failure stops
/// recording and is reported at the end (exit 2), never a partly written record.
final class HistoryRecorder {
    let store: HistoryStore
    let policy: CompiledPolicySet
    let waivers: WaiverSet?
    let toolVersion: String
    let recordedAt: String
    private(set) var added = 0
    private(set) var replaced = 0
    private(set) var organizations: Set<String> = []
    private var failure: HistoryError?

    init(store: HistoryStore, policy: CompiledPolicySet, waivers: WaiverSet?, toolVersion: String, recordedAt: String) {
        self.store = store
        self.policy = policy
        self.waivers = waivers
        self.toolVersion = toolVersion
        self.recordedAt = recordedAt
    }

    /// Records the snapshots of `file`; `entries` are its findings with their statuses.
    func record(_ file: CheckPipeline.FileCheck, entries: [CheckResult.Entry]) {
        guard failure == nil else { return }
        for snapshot in file.snapshots {
            let mine = entries.filter { $0.finding.snapshot == snapshot.name && $0.finding.location.file == file.file.path }
            let record = SnapshotRecord(snapshot, file: file.file.path, entries: mine, policy: policy, waivers: waivers, toolVersion: toolVersion)
            do {
                switch try store.record(record, recordedAt: recordedAt) {
                case .added: added += 1
                case .replaced: replaced += 1
                }
                organizations.insert(record.organization)
            } catch {
                failure = error
                return
            }
        }
    }

    /// Says what was recorded (stderr), or fails with the first error.
    func finish() throws {
        if let failure {
            Console.report(failure.kind, failure.message, notes: failure.notes)
            throw TandemExit(code: .inputError)
        }
        Console.error("recorded \(added + replaced) snapshot(s) in \(store.path)" + (replaced > 0 ? " (\(replaced) replaced: same organization, date and policy)" : ""))
    }
}
