import Diagnostics
import YAMLSource

/// Maps a line and column inside an expression back to the YAML file it was written in.
///
/// Literal block scalars (`|`) keep their lines: expression line *n* is the *n*-th content line.
/// Folded blocks (`>`) fold lines at the block's indentation but keep the breaks of lines indented
/// further and of empty lines; plain and quoted scalars fold every line into one, joined by
/// spaces. Quoted scalars start one column after their quote.
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
        if indicator == ">" { return folded(base: base, line: line, column: column) }
        // Plain and quoted scalars fold every line into one, joined by spaces: segments are
        // (source line, first column, length).
        var segments: [(line: Int, column: Int, length: Int)] = []
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
        return walk(segments, column: column) ?? at(base, startColumn + column - 1)
    }

    /// A folded block (`>`, `>-`): lines at the block's indentation fold into one expression line,
    /// joined by spaces, but a line indented further keeps its line break (and its extra
    /// indentation), and so does an empty line — YAML's folding rules. Expression line *n* is
    /// found by replaying them.
    private func folded(base: Int, line: Int, column: Int) -> SourceLocation {
        var lines: [[(line: Int, column: Int, length: Int)]] = []
        var blockIndent: Int?
        var previousMoreIndented = false
        var empty = 0
        var target = base + 1
        while let text = source.line(target), target - base < 10_000 {
            let scalars = Array(text.unicodeScalars)
            let trimmed = scalars.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.isEmpty {
                empty += 1
                target += 1
                continue
            }
            let lineIndent = indent(of: target)
            if lineIndent <= indent(of: base) { break }
            let indentation = blockIndent ?? lineIndent
            blockIndent = indentation
            let moreIndented = lineIndent > indentation
            let segment = (target, indentation, max(0, scalars.count - indentation + 1))
            if lines.isEmpty {
                lines.append([segment])
            } else {
                // Line breaks between this line and the last: folded to a space only between two
                // lines at the block's indentation with no empty line between them.
                let breaks = moreIndented || previousMoreIndented ? empty + 1 : empty
                if breaks == 0 {
                    lines[lines.count - 1].append(segment)
                } else {
                    for _ in 1..<breaks { lines.append([]) }
                    lines.append([segment])
                }
            }
            previousMoreIndented = moreIndented
            empty = 0
            target += 1
        }
        guard line >= 1, line <= lines.count, let found = walk(lines[line - 1], column: column) else {
            return at(base, Int(mark.column))
        }
        return found
    }

    /// The place of `column` in an expression line made of folded segments joined by spaces.
    private func walk(_ segments: [(line: Int, column: Int, length: Int)], column: Int) -> SourceLocation? {
        guard let last = segments.last else { return nil }
        var remaining = column - 1
        for segment in segments {
            if remaining <= segment.length { return at(segment.line, segment.column + remaining) }
            remaining -= segment.length + 1
        }
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
