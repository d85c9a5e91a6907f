/// One signature of a function.
public struct Overload: Sendable {
    /// A stable id (`add_int64`), as cel-go names them.
    public var id: String
    /// Parameter types; for a member overload the first is the receiver.
    public var parameters: [CELType]
    /// The result type.
    public var result: CELType
    /// Whether it is called as `receiver.name(args)`.
    public var isMember: Bool

    /// Creates an overload.
    public init(_ id: String, _ parameters: [CELType], _ result: CELType, member: Bool = false) {
        self.id = id
        self.parameters = parameters
        self.result = result
        self.isMember = member
    }
}

/// A function the checker knows, with every signature it accepts.
public struct FunctionDecl: Sendable {
    /// The name as written (`size`, `_+_`).
    public var name: String
    /// The signatures.
    public var overloads: [Overload]
    /// One line for documentation.
    public var summary: String

    /// Creates a declaration.
    public init(_ name: String, _ summary: String = "", _ overloads: [Overload]) {
        self.name = name
        self.overloads = overloads
        self.summary = summary
    }
}

/// What names an expression may use: variables with their types, functions, and object types.
public struct Declarations: Sendable {
    /// Variables in scope.
    public var variables: [String: CELType]
    /// Functions by name.
    public var functions: [String: FunctionDecl]
    /// Field types of host objects, when known.
    public var objectTypes: (any ObjectTypeProvider)?
    /// The extension libraries enabled: their functions are declared, their macros and syntax
    /// accepted; the checker rejects the others' with a message naming the library.
    public private(set) var extensions: Set<CELExtension>

    /// Creates declarations, starting from the standard library and the enabled extensions.
    public init(
        variables: [String: CELType] = [:], functions: [FunctionDecl] = StandardLibrary.declarations,
        extensions: Set<CELExtension> = CELExtension.all, objectTypes: (any ObjectTypeProvider)? = nil
    ) {
        self.variables = variables
        self.functions = [:]
        self.extensions = extensions
        self.objectTypes = objectTypes
        for function in functions { declare(function) }
        for library in CELExtension.allCases where extensions.contains(library) {
            for function in library.declarations { declare(function) }
        }
    }

    /// Adds or extends a function.
    public mutating func declare(_ function: FunctionDecl) {
        functions[function.name, default: FunctionDecl(function.name, function.summary, [])].overloads += function.overloads
    }
}

/// The signatures of CEL's standard functions that Tandem supports.
public enum StandardLibrary {
    private static let A = CELType.param("A")
    private static let B = CELType.param("B")

    private static func arithmetic(_ name: String, _ op: String, _ types: [CELType]) -> FunctionDecl {
        FunctionDecl(op, name, types.map { Overload("\(name)_\($0)", [$0, $0], $0) })
    }

    private static let numeric: [CELType] = [.int, .uint, .double]
    private static let ordered: [CELType] = [.int, .uint, .double, .string, .bytes, .bool, .timestamp, .duration]

    private static func comparison(_ name: String, _ op: String) -> FunctionDecl {
        var overloads = ordered.map { Overload("\(name)_\($0)", [$0, $0], .bool) }
        for a in numeric { for b in numeric where a != b { overloads.append(Overload("\(name)_\(a)_\(b)", [a, b], .bool)) } }
        return FunctionDecl(op, "", overloads)
    }

    private static func accessor(_ name: String, timestamp: Bool, duration: Bool) -> FunctionDecl {
        var overloads: [Overload] = []
        if timestamp {
            overloads.append(Overload("timestamp_\(name)", [.timestamp], .int, member: true))
            overloads.append(Overload("timestamp_\(name)_with_tz", [.timestamp, .string], .int, member: true))
        }
        if duration { overloads.append(Overload("duration_\(name)", [.duration], .int, member: true)) }
        return FunctionDecl(name, "", overloads)
    }

    /// Every standard declaration.
    public static let declarations: [FunctionDecl] = [
        FunctionDecl(
            "_+_", "addition, concatenation",
            [
                Overload("add_int64", [.int, .int], .int), Overload("add_uint64", [.uint, .uint], .uint),
                Overload("add_double", [.double, .double], .double), Overload("add_string", [.string, .string], .string),
                Overload("add_bytes", [.bytes, .bytes], .bytes), Overload("add_list", [.list(A), .list(A)], .list(A)),
                Overload("add_timestamp_duration", [.timestamp, .duration], .timestamp),
                Overload("add_duration_timestamp", [.duration, .timestamp], .timestamp),
                Overload("add_duration_duration", [.duration, .duration], .duration),
            ]),
        FunctionDecl(
            "_-_", "subtraction",
            [
                Overload("subtract_int64", [.int, .int], .int), Overload("subtract_uint64", [.uint, .uint], .uint),
                Overload("subtract_double", [.double, .double], .double),
                Overload("subtract_timestamp_timestamp", [.timestamp, .timestamp], .duration),
                Overload("subtract_timestamp_duration", [.timestamp, .duration], .timestamp),
                Overload("subtract_duration_duration", [.duration, .duration], .duration),
            ]),
        arithmetic("multiply", "_*_", numeric),
        arithmetic("divide", "_/_", numeric),
        arithmetic("modulo", "_%_", [.int, .uint]),
        FunctionDecl("-_", "negation", [Overload("negate_int64", [.int], .int), Overload("negate_double", [.double], .double)]),
        FunctionDecl("!_", "logical not", [Overload("logical_not", [.bool], .bool)]),
        FunctionDecl("_&&_", "logical and", [Overload("logical_and", [.bool, .bool], .bool)]),
        FunctionDecl("_||_", "logical or", [Overload("logical_or", [.bool, .bool], .bool)]),
        FunctionDecl("_?_:_", "conditional", [Overload("conditional", [.bool, A, A], A)]),
        FunctionDecl("_==_", "equality", [Overload("equals", [A, A], .bool)]),
        FunctionDecl("_!=_", "inequality", [Overload("not_equals", [A, A], .bool)]),
        comparison("less", "_<_"), comparison("less_equals", "_<=_"),
        comparison("greater", "_>_"), comparison("greater_equals", "_>=_"),
        FunctionDecl(
            "@in", "membership",
            [
                Overload("in_list", [A, .list(A)], .bool), Overload("in_map", [A, .map(A, B)], .bool),
            ]),
        FunctionDecl(
            "_[_]", "indexing",
            [
                Overload("index_list", [.list(A), .int], A), Overload("index_list_uint", [.list(A), .uint], A),
                Overload("index_list_double", [.list(A), .double], A), Overload("index_map", [.map(A, B), A], B),
            ]),
        FunctionDecl(
            "size", "number of elements, characters or bytes",
            [
                Overload("size_string", [.string], .int), Overload("size_bytes", [.bytes], .int),
                Overload("size_list", [.list(A)], .int), Overload("size_map", [.map(A, B)], .int),
                Overload("string_size", [.string], .int, member: true), Overload("bytes_size", [.bytes], .int, member: true),
                Overload("list_size", [.list(A)], .int, member: true), Overload("map_size", [.map(A, B)], .int, member: true),
            ]),
        FunctionDecl("contains", "substring test", [Overload("contains_string", [.string, .string], .bool, member: true)]),
        FunctionDecl("startsWith", "prefix test", [Overload("starts_with_string", [.string, .string], .bool, member: true)]),
        FunctionDecl("endsWith", "suffix test", [Overload("ends_with_string", [.string, .string], .bool, member: true)]),
        FunctionDecl(
            "matches", "RE2-style regular expression search",
            [
                Overload("matches", [.string, .string], .bool), Overload("matches_string", [.string, .string], .bool, member: true),
            ]),
        FunctionDecl(
            "int", "conversion to int",
            [
                Overload("int64_to_int64", [.int], .int), Overload("uint64_to_int64", [.uint], .int),
                Overload("double_to_int64", [.double], .int), Overload("string_to_int64", [.string], .int),
                Overload("timestamp_to_int64", [.timestamp], .int),
            ]),
        FunctionDecl(
            "uint", "conversion to uint",
            [
                Overload("uint64_to_uint64", [.uint], .uint), Overload("int64_to_uint64", [.int], .uint),
                Overload("double_to_uint64", [.double], .uint), Overload("string_to_uint64", [.string], .uint),
            ]),
        FunctionDecl(
            "double", "conversion to double",
            [
                Overload("double_to_double", [.double], .double), Overload("int64_to_double", [.int], .double),
                Overload("uint64_to_double", [.uint], .double), Overload("string_to_double", [.string], .double),
            ]),
        FunctionDecl(
            "string", "conversion to string",
            [
                Overload("string_to_string", [.string], .string), Overload("int64_to_string", [.int], .string),
                Overload("uint64_to_string", [.uint], .string), Overload("double_to_string", [.double], .string),
                Overload("bool_to_string", [.bool], .string), Overload("bytes_to_string", [.bytes], .string),
                Overload("timestamp_to_string", [.timestamp], .string), Overload("duration_to_string", [.duration], .string),
            ]),
        FunctionDecl("bool", "conversion to bool", [Overload("bool_to_bool", [.bool], .bool), Overload("string_to_bool", [.string], .bool)]),
        FunctionDecl("bytes", "conversion to bytes", [Overload("bytes_to_bytes", [.bytes], .bytes), Overload("string_to_bytes", [.string], .bytes)]),
        FunctionDecl(
            "timestamp", "RFC 3339 text or epoch seconds to timestamp",
            [
                Overload("string_to_timestamp", [.string], .timestamp), Overload("timestamp_to_timestamp", [.timestamp], .timestamp),
                Overload("int64_to_timestamp", [.int], .timestamp),
            ]),
        FunctionDecl(
            "duration", "Go-style text (1h30m) to duration",
            [
                Overload("string_to_duration", [.string], .duration), Overload("duration_to_duration", [.duration], .duration),
            ]),
        FunctionDecl("dyn", "defer type checking to run time", [Overload("to_dyn", [A], .dyn)]),
        FunctionDecl("type", "the type of a value", [Overload("type", [A], .type(A))]),
        accessor("getFullYear", timestamp: true, duration: false),
        accessor("getMonth", timestamp: true, duration: false),
        accessor("getDate", timestamp: true, duration: false),
        accessor("getDayOfMonth", timestamp: true, duration: false),
        accessor("getDayOfWeek", timestamp: true, duration: false),
        accessor("getDayOfYear", timestamp: true, duration: false),
        accessor("getHours", timestamp: true, duration: true),
        accessor("getMinutes", timestamp: true, duration: true),
        accessor("getSeconds", timestamp: true, duration: true),
        accessor("getMilliseconds", timestamp: true, duration: true),
    ]

    /// Identifiers that denote types (`type(x) == int`).
    public static let typeNames: [String: CELType] = [
        "int": .int, "uint": .uint, "double": .double, "bool": .bool, "string": .string, "bytes": .bytes,
        "list": .list(.dyn), "map": .map(.dyn, .dyn), "null_type": .null, "type": .type(.dyn),
        "google.protobuf.Timestamp": .timestamp, "google.protobuf.Duration": .duration,
        "optional_type": .optional(.dyn),
    ]
}
