import ArgumentParser
import NumSync

/// `--format` and `--no-color`.
struct OutputOptions: ParsableArguments {
    /// What a report looks like.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
        case markdown
    }

    @Option(help: "Output format: text, json or markdown (for pull-request comments).")
    var format: Format = .text

    @Flag(help: "No colour, even on a terminal (NO_COLOR does the same).")
    var noColor = false

    /// Colour only on a terminal, and never when asked not to.
    var style: TextStyle {
        let disabled = noColor || !(Terminal.environment["NO_COLOR"] ?? "").isEmpty
        return TextStyle(colored: !disabled && Terminal.outputIsTerminal && format == .text)
    }
}
