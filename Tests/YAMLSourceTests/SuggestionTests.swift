@testable import Diagnostics
import Testing

/// "Did you mean": the edit distance behind every suggestion, against the textbook matrix
/// definition, and the suggestions themselves.
@Suite("Did-you-mean suggestions")
struct SuggestionTests {
    /// Optimal string alignment as the textbook writes it (a full matrix).
    static func reference(_ a: [Character], _ b: [Character]) -> Int {
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }

    @Test func theRollingDistanceIsTheTextbookOne() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcé")
        for _ in 0..<2_000 {
            let a = (0..<Int.random(in: 0...7, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let b = (0..<Int.random(in: 0...7, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            #expect(Suggestion.editDistance(a, b) == Self.reference(a, b), "\(String(a)) / \(String(b))")
        }
        #expect(Suggestion.editDistance(Array("taem"), Array("team")) == 1)
    }

    /// The bounded distance stops early but never changes an answer: the distance when it is
    /// within the bound, nothing when it is not.
    @Test func theBoundedDistanceAnswersWithinItsBoundOnly() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcé")
        for _ in 0..<2_000 {
            let a = (0..<Int.random(in: 0...7, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let b = (0..<Int.random(in: 0...7, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let bound = Int.random(in: 0...4, using: &generator)
            let distance = Self.reference(a, b)
            #expect(Suggestion.editDistance(a, b, atMost: bound) == (distance <= bound ? distance : nil), "\(String(a)) / \(String(b)) within \(bound)")
        }
    }

    @Test func suggestsTheClosestLikelyTypoOnly() {
        #expect(Suggestion.closest(to: "membrs", in: ["members", "meetings", "name"]) == "members")
        #expect(Suggestion.closest(to: "compensationBudjet", in: ["compensationBudget", "communicationsPlan"]) == "compensationBudget")
        #expect(Suggestion.closest(to: "x", in: ["members", "meetings"]) == nil)
        // The nearer of two candidates wins, whatever their order.
        #expect(Suggestion.closest(to: "statu", in: ["start", "status"]) == "status")
        #expect(Suggestion.closest(to: "statu", in: ["status", "start"]) == "status")
        #expect(Suggestion.note(for: "actif", in: ["candidate", "active", "inactive", "exited"]) == ["did you mean 'active'?"])
    }
}
