import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One pass over a worksheet's XML (`xl/worksheets/sheetN.xml`) with Foundation's event parser:
/// each cell's reference, type, value, inline text and whether it holds a formula, and the
/// merged ranges. Every part is read event by event: decoding a sheet through `Decodable`
/// (XMLCoder) took 5.5 of the 7.3 seconds of importing a 1,000-team workbook, and decoding the
/// workbook and its relationships that way was a sixth of the xlsx fuzz target's time.
final class WorksheetEvents: NSObject, XMLParserDelegate {
    private var problems = 0
    /// Stops after many problems (see `stopAfterManyProblems`).
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { stopAfterManyProblems(parser, &problems) }

    struct Cell {
        var reference: String?
        var type: String?
        var value = ""
        var inline = ""
        var formula = false
    }
    struct Row {
        var number: Int?
        var cells: [Cell] = []
    }

    private(set) var rows: [Row] = []
    private(set) var merges: [String] = []
    private var cell: Cell?
    private var inValue = false
    private var inInlineText = false
    private var inPhonetic = 0

    /// Reads `data`; `nil` when it is not well-formed XML.
    static func read(_ data: Data) -> WorksheetEvents? {
        let events = WorksheetEvents()
        let parser = XMLParser(data: data)
        parser.delegate = events
        parser.shouldProcessNamespaces = false
        return parser.parse() ? events : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch localName(name) {
        case "row": rows.append(Row(number: attributes["r"].flatMap { Int($0) }))
        case "c": cell = Cell(reference: attributes["r"], type: attributes["t"])
        case "v": inValue = cell != nil
        case "f": cell?.formula = true
        case "rPh": inPhonetic += 1
        case "t": inInlineText = cell != nil && inPhonetic == 0
        case "mergeCell": if let ref = attributes["ref"] { merges.append(ref) }
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch localName(name) {
        case "c":
            if let cell, !rows.isEmpty { rows[rows.count - 1].cells.append(cell) }
            cell = nil
        case "v": inValue = false
        case "t": inInlineText = false
        case "rPh": inPhonetic -= 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue { cell?.value += string } else if inInlineText { cell?.inline += string }
    }
}

/// The shared-strings table (`xl/sharedStrings.xml`) in one pass: each `<si>`'s text, its rich
/// text runs joined, phonetic guides (`<rPh>`) left out.
final class SharedStringEvents: NSObject, XMLParserDelegate {
    private var problems = 0
    /// Stops after many problems (see `stopAfterManyProblems`).
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { stopAfterManyProblems(parser, &problems) }

    private(set) var strings: [String] = []
    private var inText = false
    private var inPhonetic = 0

    static func read(_ data: Data) -> [String]? {
        let events = SharedStringEvents()
        let parser = XMLParser(data: data)
        parser.delegate = events
        return parser.parse() ? events.strings : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch localName(name) {
        case "si": strings.append("")
        case "rPh": inPhonetic += 1
        case "t": inText = inPhonetic == 0 && !strings.isEmpty
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch localName(name) {
        case "t": inText = false
        case "rPh": inPhonetic -= 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { strings[strings.count - 1] += string }
    }
}

/// The workbook part (`xl/workbook.xml`): its sheets in order, each with its name and the
/// relationship that names its part. A `<sheet>` without both is no readable workbook.
final class WorkbookEvents: NSObject, XMLParserDelegate {
    private var problems = 0
    /// Stops after many problems (see `stopAfterManyProblems`).
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { stopAfterManyProblems(parser, &problems) }

    struct Entry {
        let name: String
        let id: String
    }

    private(set) var sheets: [Entry] = []
    private var sawSheets = false
    private var incomplete = false

    /// The sheets of `data`; `nil` when it is not well-formed XML, has no `<sheets>`, or a sheet
    /// lacks its name or relationship.
    static func read(_ data: Data) -> [Entry]? {
        let events = WorkbookEvents()
        let parser = XMLParser(data: data)
        parser.delegate = events
        return parser.parse() && events.sawSheets && !events.incomplete ? events.sheets : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch localName(name) {
        case "sheets": sawSheets = true
        case "sheet":
            // The relationship attribute is `r:id` in every producer seen; the prefix is the
            // document's choice, so any `…:id` is taken.
            let id = attributes["r:id"] ?? attributes.first { $0.key.hasSuffix(":id") }?.value
            if let sheetName = attributes["name"], let id { sheets.append(Entry(name: sheetName, id: id)) } else { incomplete = true }
        default: break
        }
    }
}

/// A relationships part (`xl/_rels/workbook.xml.rels`): each relationship's target by id.
final class RelationshipEvents: NSObject, XMLParserDelegate {
    private var problems = 0
    /// Stops after many problems (see `stopAfterManyProblems`).
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { stopAfterManyProblems(parser, &problems) }

    private(set) var targets: [String: String] = [:]

    /// The targets of `data` by id (the first of two with one id); `nil` when it is not
    /// well-formed XML.
    static func read(_ data: Data) -> [String: String]? {
        let events = RelationshipEvents()
        let parser = XMLParser(data: data)
        parser.delegate = events
        return parser.parse() ? events.targets : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        guard localName(name) == "Relationship", let id = attributes["Id"], let target = attributes["Target"], targets[id] == nil else { return }
        targets[id] = target
    }
}

/// An element's name without its namespace prefix (`x:sheet` → `sheet`): some producers write
/// SpreadsheetML with a prefix.
private func localName(_ name: String) -> Substring {
    guard let colon = name.lastIndex(of: ":") else { return name[...] }
    return name[name.index(after: colon)...]
}

/// Stops parsing once the part has reported `limit` problems, and it is unreadable.
///
/// Foundation's parser on Linux leaks an error object for every problem libxml2 reports, fatal
/// or not (a namespace warning, an undeclared prefix), and a malformed sheet reports hundreds:
/// the xlsx fuzz target grew by 45 KB per workbook, to gigabytes (found with valgrind; now
/// 3.5 KB at worst). A workbook from a spreadsheet program reports none; a part with ten is not
/// one a committee can have meant, and is refused as unreadable.
private func stopAfterManyProblems(_ parser: XMLParser, _ problems: inout Int, limit: Int = 10) {
    problems += 1
    if problems >= limit { parser.abortParsing() }
}
