import ArgumentParser
import Checking
import Import
import SnapshotModel

/// `tandem schema snapshot`: prints the JSON Schema of a document format.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of a Tandem document format.",
        discussion: """
            Point your editor at it for validation and completion, e.g. with the YAML language server:
              tandem schema snapshot > tandem-snapshot.schema.json
              # yaml-language-server: $schema=./tandem-snapshot.schema.json
              tandem schema config > tandem-config.schema.json     # for .tandem.yaml
              tandem schema mapping > tandem-mapping.schema.json   # for an ImportMapping
            """
    )

    enum Format: String, ArgumentChoice {
        case snapshot, config, mapping
    }

    @Argument(help: "The format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format

    func run() throws {
        switch format {
        case .snapshot:
            let exporter = JSONSchemaExporter(id: "https://tandem.dev/schemas/v1/organization-snapshot.json")
            Console.out(try exporter.export(SnapshotSchema.root))
        case .config:
            let exporter = JSONSchemaExporter(id: "https://tandem.dev/schemas/v1/tandem-config.json", acceptsUnknown: false)
            Console.out(try exporter.export(ConfigSchema.root))
        case .mapping:
            let exporter = JSONSchemaExporter(id: "https://tandem.dev/schemas/v1/import-mapping.json", acceptsUnknown: false)
            Console.out(try exporter.export(MappingSchema.root))
        }
    }
}
