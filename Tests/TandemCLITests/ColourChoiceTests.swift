@testable import TandemCLI
import Testing

/// When the text report is coloured: `--color` decides, and `auto` follows the terminal and
/// `NO_COLOR` as no-color.org defines it (set and not empty).
@Suite("Colour choice")
struct ColourChoiceTests {
    typealias Mode = CheckCommand.ColorMode

    @Test func autoColoursATerminalUnlessNoColorIsSet() {
        #expect(Mode.auto.colours(onTerminal: true, noColor: nil))
        #expect(!Mode.auto.colours(onTerminal: true, noColor: "1"))
        #expect(!Mode.auto.colours(onTerminal: true, noColor: "false"), "any value but the empty one turns colour off")
        #expect(Mode.auto.colours(onTerminal: true, noColor: ""), "an empty NO_COLOR is not set")
        #expect(!Mode.auto.colours(onTerminal: false, noColor: nil), "a pipe or a file gets no colour")
    }

    @Test func alwaysAndNeverIgnoreTheTerminalAndNoColor() {
        for onTerminal in [true, false] {
            for noColor in [nil, "", "1"] as [String?] {
                #expect(Mode.always.colours(onTerminal: onTerminal, noColor: noColor))
                #expect(!Mode.never.colours(onTerminal: onTerminal, noColor: noColor))
            }
        }
    }
}
