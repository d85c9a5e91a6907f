/// "Did you mean" suggestions, shared by every stage that reports an unknown name.
public enum Suggestion {
    /// The candidate closest to `name` by edit distance, if it is close enough to be a likely typo.
    ///
    /// - Complexity: O(*n* · *m*²) for *n* candidates of length about *m*; candidates whose length
    ///   alone puts them out of reach are skipped without computing a distance.
    public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        let lowered = Array(name.lowercased())
        var best: (String, Int)?
        for candidate in candidates where candidate != name {
            let limit = max(1, min(3, candidate.count / 3))
            // The distance is at least the difference in length.
            if abs(candidate.count - lowered.count) > min(limit, (best?.1 ?? .max) - 1) { continue }
            let distance = editDistance(lowered, Array(candidate.lowercased()))
            if distance <= limit, distance < (best?.1 ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    /// A note of the form `did you mean 'x'?`, or none.
    public static func note(for name: String, in candidates: some Sequence<String>) -> [String] {
        closest(to: name, in: candidates).map { ["did you mean '\($0)'?"] } ?? []
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
    /// transpositions ("taem" → "team") each cost one. Three rolling rows, not a matrix: the
    /// fuzzer found suggestions dominating the cost of reporting many unknown names.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)  // row i - 2
        var previous = Array(0...b.count)  // row i - 1
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = Swift.min(current[j], before[j - 2] + 1)
                }
            }
            swap(&before, &previous)
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
