import ArgumentParser

/// An option's value chosen from a fixed list, written as its raw value (`--format sarif`).
///
/// The lists the help and the shell completions show are made directly from the cases here:
/// swift-argument-parser's defaults map the cases through a key path and compare each case's
/// description with its raw value, work it repeats every time it reflects a command (eight times
/// per option when `tandem check` starts), which was 2.3 million instructions — 2% of checking
/// one small snapshot. (Public because two of its types, `ReportFormat` and `Language`, are.)
public protocol ArgumentChoice: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension ArgumentChoice {
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
    /// No case is described beyond its raw value.
    public static var allValueDescriptions: [String: String] { [:] }
    public var defaultValueDescription: String { rawValue }
}
