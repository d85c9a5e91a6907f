import Diagnostics
import YAMLSource

/// Maps a line and column inside an expression back to the YAML file it was written in.
///
/// A plain scalar starts at its mark; a quoted one one column later; a block scalar (`|`, `>`) on
/// the next line, indented. Continuation lines start at their first non-blank column.
struct ExpressionLocator {
    let source: SourceText
    let document: YAMLDocument
    let mark: Mark

    func locate(line: Int, column: Int) -> SourceLocation {
        let base = Int(mark.line)
        let startColumn = Int(mark.column)
        let firstLine = source.line(base) ?? ""
        let indicator = firstLine.unicodeScalars.dropFirst(startColumn - 1).first
        switch indicator {
        case "|", ">":
            let target = base + line
            return SourceLocation(file: document.path, line: target, column: indent(of: target) + column - 1)
        case "'", "\"":
            if line == 1 { return SourceLocation(file: document.path, line: base, column: startColumn + column) }
        default:
            if line == 1 { return SourceLocation(file: document.path, line: base, column: startColumn + column - 1) }
        }
        let target = base + line - 1
        return SourceLocation(file: document.path, line: target, column: indent(of: target) + column - 1)
    }

    private func indent(of line: Int) -> Int {
        guard let text = source.line(line) else { return 1 }
        return (text.unicodeScalars.prefix(while: { $0 == " " || $0 == "\t" }).count) + 1
    }
}
