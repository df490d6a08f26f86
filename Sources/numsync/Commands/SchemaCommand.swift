import ArgumentParser
import NumSync

/// `numsync schema`: the JSON Schema of the desired-state file.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the desired-state file (or the targets or policy file), for editors.",
        discussion: """
            Save it and point yaml-language-server at it with a modeline in your file: \
            # yaml-language-server: $schema=./numsync.schema.json

            Example:
              numsync schema > numsync.schema.json
              numsync schema --targets > numsync.targets.schema.json
              numsync schema --policy > numsync.policy.schema.json
            """
    )

    @Flag(help: "Print the schema of the targets file (--targets) instead.")
    var targets = false

    @Flag(help: "Print the schema of the policy file (--policy) instead.")
    var policy = false

    func validate() throws {
        if targets && policy { throw ValidationError("pass --targets or --policy, not both") }
    }

    func run() throws {
        Terminal.out(targets ? TargetsFileSchema.json : policy ? PolicyFileSchema.json : DesiredStateSchema.json)
    }
}
