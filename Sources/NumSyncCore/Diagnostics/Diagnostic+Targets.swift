/// The wording of every problem in a targets file and in choosing targets.
extension Diagnostic {
    /// A key that would hold a secret (`token`, `password`, ...).
    public static func secretInTargetsFile(_ key: String, instead: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "`\(key)` would put a secret in the targets file; put it in an environment variable and name "
                + "the variable with `\(instead)`")
    }

    /// A `*_env` value that is not an environment variable's name, e.g. a pasted token.
    public static func notAVariableName(_ key: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "`\(key)` must name an environment variable (letters, digits and `_`, e.g. PBX_EU_TOKEN); "
                + "this value is not one and may be a secret itself: take it out of the file")
    }

    /// A URL that carries a user name or password, or is not HTTP(S).
    public static func invalidTargetURL(_ reason: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(location: location, message: "`url` \(reason)")
    }

    /// A `files` or `ca_cert` entry that a command line would read as an option.
    public static func targetPathLooksLikeOption(_ key: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "\(key == "files" ? "a `files` entry" : "`\(key)`") must not start with `-` (a command line would "
                + "read it as an option); write the path as `./-name`")
    }

    /// A target without a required key.
    public static func missingTargetKey(_ key: String, target: String?, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message: "target \(target.map { "`\($0)` " } ?? "")has no `\(key)`")
    }

    /// Credentials given two ways, or half of an account.
    public static func targetCredentials(_ problem: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(location: location, message: problem)
    }

    /// A target name that cannot be used in file names, metrics and CI job names.
    public static func invalidTargetName(_ name: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "target name \(name.quotedForDisplay) must start with a letter or digit and hold only letters, "
                + "digits, `.`, `_` and `-` (it names report files, metrics and CI jobs)")
    }

    /// The same target name twice.
    public static func duplicateTarget(_ name: String, at location: SourceLocation, first: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            location: location, message: "target `\(name)` is named twice",
            notes: [Note(location: first, message: "first named here")])
    }

    /// A label name Prometheus and `--select` cannot use.
    public static func invalidLabelName(_ name: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "label name \(name.quotedForDisplay) must start with a letter or `_` and hold only letters, digits "
                + "and `_`")
    }

    /// A `rate_limit` that is not a whole number of requests a minute.
    public static func invalidRateLimit(_ text: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "`rate_limit` must be a whole number of requests a minute (0: no limit), found \(text.quotedForDisplay)"
        )
    }

    /// A targets file with no targets.
    public static func noTargets(at location: SourceLocation) -> Diagnostic {
        Diagnostic(location: location, message: "`targets` lists no target")
    }

    // MARK: Choosing targets

    /// A `--target` or `--exclude` pattern that matches no target.
    public static func patternMatchesNoTarget(_ option: String, _ pattern: String, names: [String]) -> Diagnostic {
        var message = "\(option) \(pattern.quotedForDisplay) matches no target"
        if let suggestion = Suggestion.closest(to: pattern, among: names) {
            message += "; did you mean `\(suggestion)`?"
        } else {
            message += " (targets: \(names.joined(separator: ", ")))"
        }
        return Diagnostic(location: nil, message: message)
    }

    /// A `--select` that is not `key=value`.
    public static func invalidSelector(_ text: String) -> Diagnostic {
        Diagnostic(
            location: nil, message: "--select \(text.quotedForDisplay) must be key=value, e.g. --select env=prod")
    }

    /// A selection that leaves no target.
    public static func noTargetSelected(of count: Int) -> Diagnostic {
        Diagnostic(location: nil, message: "the selection leaves none of the \(count) targets")
    }
}
