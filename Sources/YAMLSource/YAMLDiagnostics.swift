import Diagnostics

/// Every diagnostic of the YAML front end and of reading inputs.
public enum YAMLDiagnostics: DiagnosticCatalogue {
    public static let title = "Reading YAML and JSON (YAML…)"
    public static let syntax = DiagnosticKind("YAML001", .error, "YAML syntax error", help: "libyaml's message is quoted; fix the indentation or quoting it points at.")
    public static let encoding = DiagnosticKind("YAML002", .error, "input is not valid UTF-8", help: "Save the file as UTF-8.")
    public static let duplicateKey = DiagnosticKind("YAML003", .error, "duplicate key in a mapping", help: "Remove one of the two; the note says where the first is.")
    public static let tooDeep = DiagnosticKind("YAML004", .error, "nesting deeper than --max-depth", help: "Flatten the document, or raise --max-depth (at most 1,000).")
    public static let aliasBomb = DiagnosticKind("YAML005", .error, "aliases expand past --max-alias-expansion", help: "A \"billion laughs\" document; remove the nested aliases or raise the limit.")
    public static let tooLarge = DiagnosticKind(
        "YAML006", .error, "input larger than --max-file-size", help: "Split the input or raise --max-file-size; stdin is refused as soon as it passes the limit.")
    public static let unsupported = DiagnosticKind(
        "YAML007", .error, "unsupported construct (complex key, unknown tag, undefined alias)", help: "Use scalar keys, the core schema tags, and anchors defined before their aliases.")
    public static let tooManyDocuments = DiagnosticKind("YAML008", .error, "too many documents in one stream", help: "Split the stream into several files.")
    public static let notJSON = DiagnosticKind(
        "YAML009", .error, "a .json file that is not valid JSON", help: "Remove trailing commas and comments, quote keys and strings with double quotes — or rename the file .yaml.")

    public static var kinds: [DiagnosticKind] {
        [syntax, encoding, duplicateKey, tooDeep, aliasBomb, tooLarge, unsupported, tooManyDocuments, notJSON]
    }
}

/// Every diagnostic about input files and outputs.
public enum InputDiagnostics: DiagnosticCatalogue {
    public static let title = "Inputs and outputs (IO…)"
    public static let missing = DiagnosticKind("IO001", .error, "no such file or directory", help: "Check the path.")
    public static let unreadable = DiagnosticKind(
        "IO002", .error, "an input cannot be read", help: "A file, a directory, stdin, or a name that is not valid UTF-8; the message gives the system's reason.")
    public static let nothingToCheck = DiagnosticKind(
        "IO003", .error, "a directory holds no .yaml, .yml or .json file", help: "A mistyped or empty directory must not pass as a clean run; name the right one.")
    public static let badBaseline = DiagnosticKind("IO004", .error, "the baseline cannot be used", help: "Give a file written by --write-baseline or an earlier JSON report.")
    public static let unwritable = DiagnosticKind("IO005", .error, "a report could not be written", help: "Check the disk and the path; a failed write to stdout is exit 2, never a lost report.")
    public static let outputConflict = DiagnosticKind("IO006", .error, "an --output is one of the inputs, or named twice", help: "Give each report its own new file.")
    public static let skipped = DiagnosticKind(
        "IO008", .error, "a directory walk skipped an entry that is not a regular file", help: "A FIFO, socket or device could block; name it on the command line to read it as a stream.")

    public static let oldBaseline = DiagnosticKind(
        "IO009", .warning, "a baseline written before findings had identities (version 1)",
        help: "It still applies, by snapshot name; write a new one with --write-baseline so next quarter's snapshot, under another name, matches.")

    public static var kinds: [DiagnosticKind] { [missing, unreadable, nothingToCheck, badBaseline, unwritable, outputConflict, skipped, oldBaseline] }
}
