import Foundation
import TandemCLI

exit(Tandem.run(arguments: Array(CommandLine.arguments.dropFirst())))
