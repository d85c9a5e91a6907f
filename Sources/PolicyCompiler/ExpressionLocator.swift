import Diagnostics
import YAMLSource

/// Maps a line and column inside an expression back to the YAML file it was written in.
///
/// Literal block scalars (`|`) keep their lines: expression line *n* is the *n*-th content line.
/// Every other style folds its lines into one, joined by spaces, so a column is found by walking
/// the source lines the scalar spans. Quoted scalars start one column after their quote.
struct ExpressionLocator {
    let source: SourceText
    let document: YAMLDocument
    let mark: Mark

    func locate(line: Int, column: Int) -> SourceLocation {
        let base = Int(mark.line)
        let startColumn = Int(mark.column)
        let firstLine = Array((source.line(base) ?? "").unicodeScalars)
        let indicator = startColumn - 1 < firstLine.count ? firstLine[startColumn - 1] : " "
        if indicator == "|" {
            // The expression's columns count from the block's indentation (its first content
            // line's), not from each line's own: a line indented further keeps that in its text.
            var first = base + 1
            while let text = source.line(first), text.unicodeScalars.allSatisfy({ $0 == " " || $0 == "\t" }), first - base < 10_000 { first += 1 }
            return at(base + line, indent(of: first) + column - 1)
        }
        // Folded text: segments are (source line, first column, length).
        var segments: [(line: Int, column: Int, length: Int)] = []
        if indicator == ">" {
            var target = base + 1
            while let text = source.line(target), target - base < 10_000 {
                let trimmed = text.unicodeScalars.drop(while: { $0 == " " || $0 == "\t" })
                if !trimmed.isEmpty && indent(of: target) <= indent(of: base) { break }
                segments.append((target, indent(of: target), trimmed.count))
                target += 1
            }
        } else {
            let quoted = indicator == "'" || indicator == "\""
            let first = startColumn + (quoted ? 1 : 0)
            segments.append((base, first, max(0, firstLine.count - first + 1)))
            var target = base + 1
            while let text = source.line(target), target - base < 10_000 {
                let trimmed = text.unicodeScalars.drop(while: { $0 == " " || $0 == "\t" })
                if trimmed.isEmpty || indent(of: target) <= indent(of: base) || trimmed.first == "#" { break }
                segments.append((target, indent(of: target), trimmed.count))
                target += 1
            }
        }
        guard !segments.isEmpty else { return at(base, startColumn + column - 1) }
        var remaining = column - 1
        for segment in segments {
            if remaining <= segment.length { return at(segment.line, segment.column + remaining) }
            remaining -= segment.length + 1
        }
        let last = segments[segments.count - 1]
        return at(last.line, last.column + last.length)
    }

    private func at(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: document.path, line: line, column: column)
    }

    private func indent(of line: Int) -> Int {
        guard let text = source.line(line) else { return 1 }
        return (text.unicodeScalars.prefix(while: { $0 == " " || $0 == "\t" }).count) + 1
    }
}
