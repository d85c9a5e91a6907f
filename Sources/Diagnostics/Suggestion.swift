/// "Did you mean" suggestions, shared by every stage that reports an unknown name.
public enum Suggestion {
    /// The candidate closest to `name` by edit distance, if it is close enough to be a likely typo.
    ///
    /// Distances count Unicode scalars of the lowercased texts (`é` as written by a keyboard is
    /// one). A candidate whose length alone puts it out of reach is skipped without computing
    /// anything, and a distance stops as soon as it exceeds the best so far: the import fuzz
    /// target spent a third of its time here on long unknown headers.
    ///
    /// - Complexity: O(*n* · *m*²) for *n* candidates of length about *m*, and O(1) for each
    ///   candidate much shorter or longer than `name`.
    public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        // A name has at least a quarter as many scalars as UTF-8 bytes.
        let nameBytes = name.utf8.count
        var lowered: [Unicode.Scalar]?
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let candidateBytes = candidate.utf8.count
            if nameBytes / 4 > candidateBytes + 3 { continue }
            let other = Array(candidate.lowercased().unicodeScalars)
            let reach = min(max(1, min(3, other.count / 3)), (best?.distance ?? .max) - 1)
            if nameBytes / 4 > other.count + reach || nameBytes < other.count - reach { continue }
            let mine = lowered ?? Array(name.lowercased().unicodeScalars)
            lowered = mine
            // The distance is at least the difference in length.
            if abs(other.count - mine.count) > reach { continue }
            if let distance = editDistance(mine, other, atMost: reach) { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// A note of the form `did you mean 'x'?`, or none.
    public static func note(for name: String, in candidates: some Sequence<String>) -> [String] {
        closest(to: name, in: candidates).map { ["did you mean '\($0)'?"] } ?? []
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
    /// transpositions ("taem" → "team") each cost one. Three rolling rows, not a matrix: the
    /// fuzzer found suggestions dominating the cost of reporting many unknown names.
    static func editDistance<Element: Equatable>(_ a: [Element], _ b: [Element]) -> Int {
        editDistance(a, b, atMost: .max)!
    }

    /// The distance if it is at most `bound`, else `nil` — decided as soon as a whole row of the
    /// matrix exceeds `bound`: no later cell can come back under it (a transposition reaches two
    /// rows back, but through a cell of the row between that is no larger).
    static func editDistance<Element: Equatable>(_ a: [Element], _ b: [Element], atMost bound: Int) -> Int? {
        if a.isEmpty { return b.count <= bound ? b.count : nil }
        if b.isEmpty { return a.count <= bound ? a.count : nil }
        var before = [Int](repeating: 0, count: b.count + 1)  // row i - 2
        var previous = Array(0...b.count)  // row i - 1
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var smallest = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = Swift.min(current[j], before[j - 2] + 1)
                }
                smallest = Swift.min(smallest, current[j])
            }
            if smallest > bound { return nil }
            swap(&before, &previous)
            swap(&previous, &current)
        }
        return previous[b.count] <= bound ? previous[b.count] : nil
    }
}

/// How many "did you mean" searches a stage still makes for one input. Each search compares a name
/// with every candidate, so one for every unknown name is quadratic: a snapshot whose 350,000
/// member references all dangle, among 200,000 people, would never finish. The first names get a
/// suggestion (as many as the renderer shows diagnostics per file); the rest are reported without.
public struct SuggestionBudget: Sendable {
    /// Searches left.
    public private(set) var remaining: Int

    /// A budget of `searches`.
    public init(_ searches: Int = DiagnosticRenderer.perFileLimit) {
        remaining = searches
    }

    /// ``Suggestion/note(for:in:)`` while searches remain, else no note; `candidates` is only
    /// made when a search is.
    public mutating func note(for name: String, in candidates: () -> [String]) -> [String] {
        guard remaining > 0 else { return [] }
        remaining -= 1
        return Suggestion.note(for: name, in: candidates())
    }
}
