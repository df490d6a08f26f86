import ArgumentParser
import NumSync

/// `numsync schema`: the JSON Schema of the desired-state file.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the desired-state file (or the targets file), for editors.",
        discussion: """
            Save it and point yaml-language-server at it with a modeline in your file: \
            # yaml-language-server: $schema=./numsync.schema.json

            Example:
              numsync schema > numsync.schema.json
              numsync schema --targets > numsync.targets.schema.json
            """
    )

    @Flag(help: "Print the schema of the targets file (--targets) instead.")
    var targets = false

    func run() throws {
        Terminal.out(targets ? TargetsFileSchema.json : DesiredStateSchema.json)
    }
}
