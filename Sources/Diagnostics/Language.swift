/// A language Tandem speaks: policy texts may be written in each, and reports are printed in
/// the one chosen (`--lang`). English is the default; French serves Quebec's committees.
public enum Language: String, Sendable, CaseIterable, Codable {
    case en, fr

    /// The language asked for by the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`, in POSIX
    /// order of precedence): French for `fr…`, English otherwise.
    ///
    /// Each variable is read through `variable`, one at a time: the whole environment made into a
    /// dictionary cost a third of a million instructions at every start.
    public static func fromEnvironment(_ variable: (String) -> String?) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = variable(key), !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("fr") ? .fr : .en
        }
        return .en
    }
}
