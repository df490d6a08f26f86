import ArgumentParser
import NumSync

/// `numsync schema`: the JSON Schema of the desired-state file.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the desired-state file, for editors.",
        discussion: """
            Save it and point yaml-language-server at it with a modeline in your file.

            Example:
              numsync schema > numsync.schema.json
              # yaml-language-server: $schema=./numsync.schema.json
            """
    )

    func run() throws {
        Terminal.out(DesiredStateSchema.json)
    }
}
