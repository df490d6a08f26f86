/// Reads a targets file from its YAML document, collecting every problem with its place.
public struct TargetsFileDecoder {
    /// The keys a target may have.
    public static let targetKeys = [
        "name", "url", "token_env", "username_env", "password_env", "domain", "ca_cert", "policy", "files", "recursive",
        "labels", "rate_limit",
    ]

    /// Keys that would hold a secret, and the key to use instead.
    static let secretKeys = [
        "token": "token_env", "password": "password_env", "username": "username_env", "api_key": "token_env",
        "secret": "token_env", "access_token": "token_env",
    ]

    private let document: YAMLDocument
    private var diagnostics: [Diagnostic] = []
    private var targets: [Target] = []
    /// Every target's name and place, valid or not, to find a name used twice.
    private var names: [(String, SourceLocation)] = []

    private init(document: YAMLDocument) {
        self.document = document
    }

    /// The targets of `document`, and every problem found (the file is usable only without errors).
    public static func decode(_ document: YAMLDocument) -> (file: TargetsFile, diagnostics: [Diagnostic]) {
        var decoder = TargetsFileDecoder(document: document)
        decoder.decodeFile()
        return (TargetsFile(file: document.file, targets: decoder.targets), decoder.diagnostics.sorted())
    }

    private mutating func decodeFile() {
        let root = document.root
        guard document[root].kind == .mapping else {
            diagnostics.append(
                .expectedTopLevelMapping(found: document[root], list: "targets", at: document.location(of: root)))
            return
        }
        var sawTargets = false
        for (key, value) in document.pairs(of: root) {
            let name = document[key].text
            guard name == "targets" else {
                diagnostics.append(
                    .unknownKey(name, in: "the top level", allowed: ["targets"], at: document.location(of: key)))
                continue
            }
            sawTargets = true
            guard document[value].kind == .sequence else {
                diagnostics.append(
                    .expected(
                        "a list of targets", for: "targets", found: document[value], at: document.location(of: value)))
                continue
            }
            if document.items(of: value).isEmpty { diagnostics.append(.noTargets(at: document.location(of: value))) }
            for item in document.items(of: value) { decodeTarget(item) }
        }
        if !sawTargets {
            diagnostics.append(.missingTargetKey("targets", target: nil, at: document.location(of: root)))
        }
        var first: [String: SourceLocation] = [:]
        for (name, location) in names {
            if let earlier = first[name] {
                diagnostics.append(.duplicateTarget(name, at: location, first: earlier))
            } else {
                first[name] = location
            }
        }
    }

    private mutating func decodeTarget(_ index: Int32) {
        let location = document.location(of: index)
        guard document[index].kind == .mapping else {
            diagnostics.append(
                .expectedEntryMapping(found: document[index], list: "targets", keyField: "name", at: location))
            return
        }
        var values: [String: Int32] = [:]
        let before = diagnostics.count
        for (key, value) in document.pairs(of: index) {
            let name = document[key].text
            if let instead = Self.secretKeys[name] {
                diagnostics.append(.secretInTargetsFile(name, instead: instead, at: document.location(of: key)))
            } else if !Self.targetKeys.contains(name) {
                diagnostics.append(
                    .unknownKey(name, in: "a target", allowed: Self.targetKeys, at: document.location(of: key)))
            } else {
                values[name] = value
            }
        }
        let name = values["name"].flatMap { text($0, key: "name") }
        if let name { names.append((name, location)) }
        if let name, let node = values["name"], !Self.isTargetName(name) {
            diagnostics.append(.invalidTargetName(name, at: document.location(of: node)))
        }
        if values["name"] == nil { diagnostics.append(.missingTargetKey("name", target: nil, at: location)) }
        let url = values["url"].flatMap { text($0, key: "url") }
        if let url, let node = values["url"] { checkURL(url, at: document.location(of: node)) }
        if values["url"] == nil { diagnostics.append(.missingTargetKey("url", target: name, at: location)) }
        let credentials = decodeCredentials(values, target: name, at: location)
        let caCertificate = values["ca_cert"].flatMap { path($0, key: "ca_cert") }
        let policy = values["policy"].flatMap { path($0, key: "policy") }
        let files = decodeFiles(values["files"], target: name, at: location)
        let recursive = values["recursive"].flatMap { decodeBoolean($0, key: "recursive") } ?? false
        let labels = values["labels"].map { decodeLabels($0) } ?? [:]
        let rateLimit = values["rate_limit"].flatMap { decodeRateLimit($0) }
        guard diagnostics.count == before, let name, let url, let credentials, let files else { return }
        targets.append(
            Target(
                name: name, url: url, credentials: credentials, caCertificate: caCertificate, files: files,
                recursive: recursive, labels: labels, rateLimit: rateLimit, policy: policy, location: location))
    }

    private mutating func decodeCredentials(_ values: [String: Int32], target: String?, at location: SourceLocation)
        -> Target.Credentials?
    {
        var variables: [String: String] = [:]
        for key in ["token_env", "username_env", "password_env"] {
            guard let node = values[key], let value = text(node, key: key) else { continue }
            guard Self.isVariableName(value) else {
                diagnostics.append(.notAVariableName(key, at: document.location(of: node)))
                continue
            }
            variables[key] = value
        }
        let domain = values["domain"].flatMap { text($0, key: "domain") }
        let account = values["username_env"] != nil || values["password_env"] != nil
        switch (values["token_env"] != nil, account) {
        case (true, true):
            diagnostics.append(
                .targetCredentials(
                    "target \(target.map { "`\($0)` " } ?? "")names both `token_env` and an account "
                        + "(`username_env`/`password_env`); use one", at: location))
            return nil
        case (false, false):
            diagnostics.append(
                .targetCredentials(
                    "target \(target.map { "`\($0)` " } ?? "")names no credentials: add `token_env`, or "
                        + "`username_env` and `password_env`", at: location))
            return nil
        case (true, false):
            if values["domain"] != nil {
                diagnostics.append(
                    .targetCredentials(
                        "`domain` is for signing in with an account; a token carries its tenant",
                        at: document.location(of: values["domain"]!)))
            }
            return variables["token_env"].map { .token(variable: $0) }
        case (false, true):
            guard values["username_env"] != nil, values["password_env"] != nil else {
                let missing = values["username_env"] == nil ? "username_env" : "password_env"
                diagnostics.append(.missingTargetKey(missing, target: target, at: location))
                return nil
            }
            guard let username = variables["username_env"], let password = variables["password_env"] else {
                return nil
            }
            return .account(usernameVariable: username, passwordVariable: password, domain: domain)
        }
    }

    private mutating func checkURL(_ url: String, at location: SourceLocation) {
        let lowered = url.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else {
            diagnostics.append(
                .invalidTargetURL("must start with https:// (or http:// for this machine)", at: location))
            return
        }
        let authority = url.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).first ?? ""
        if authority.contains("@") {
            diagnostics.append(
                .invalidTargetURL(
                    "holds a user name or password; name environment variables with `username_env` and "
                        + "`password_env` instead", at: location))
        }
        // A query or fragment is where tokens get pasted (`?access_token=...`); it would be sent,
        // logged and shown. Neither is part of a PBX's address.
        if url.contains("?") || url.contains("#") {
            diagnostics.append(
                .invalidTargetURL(
                    "must not have a query (`?...`) or a fragment (`#...`); name the variable that holds the "
                        + "token with `token_env` instead", at: location))
        }
    }

    private mutating func decodeFiles(_ index: Int32?, target: String?, at location: SourceLocation) -> [String]? {
        guard let index else {
            diagnostics.append(.missingTargetKey("files", target: target, at: location))
            return nil
        }
        guard document[index].kind == .sequence, !document.items(of: index).isEmpty else {
            diagnostics.append(
                .expected(
                    "a non-empty list of desired-state files or directories", for: "files", found: document[index],
                    at: document.location(of: index)))
            return nil
        }
        var files: [String] = []
        for item in document.items(of: index) {
            guard let file = path(item, key: "files"), !file.isEmpty else { continue }
            files.append(file)
        }
        return files.count == document.items(of: index).count ? files : nil
    }

    private mutating func decodeLabels(_ index: Int32) -> [String: String] {
        guard document[index].kind == .mapping else {
            diagnostics.append(
                .expected(
                    "a mapping of label names to values", for: "labels", found: document[index],
                    at: document.location(of: index)))
            return [:]
        }
        var labels: [String: String] = [:]
        for (key, value) in document.pairs(of: index) {
            let name = document[key].text
            guard Self.isLabelName(name) else {
                diagnostics.append(.invalidLabelName(name, at: document.location(of: key)))
                continue
            }
            labels[name] = text(value, key: "labels.\(name)")
        }
        return labels
    }

    private mutating func decodeRateLimit(_ index: Int32) -> Int? {
        let node = document[index]
        guard node.kind == .scalar, let value = Int(node.text), value >= 0 else {
            diagnostics.append(
                .invalidRateLimit(
                    node.kind == .scalar ? node.text : node.kindDescription, at: document.location(of: index)))
            return nil
        }
        return value
    }

    private mutating func decodeBoolean(_ index: Int32, key: String) -> Bool? {
        if document.text(of: index, equals: "true") { return true }
        if document.text(of: index, equals: "false") { return false }
        diagnostics.append(.invalidBoolean(key, node: document[index], at: document.location(of: index)))
        return nil
    }

    /// A path's text; one that starts with `-` is reported: it would reach a command line.
    private mutating func path(_ index: Int32, key: String) -> String? {
        guard let path = text(index, key: key) else { return nil }
        guard !path.hasPrefix("-") else {
            diagnostics.append(.targetPathLooksLikeOption(key, at: document.location(of: index)))
            return nil
        }
        return path
    }

    /// A scalar's text; anything else (or null) is reported.
    private mutating func text(_ index: Int32, key: String) -> String? {
        let node = document[index]
        guard node.kind == .scalar, !document.isNull(index) else {
            diagnostics.append(.expected("text", for: key, found: node, at: document.location(of: index)))
            return nil
        }
        return node.text
    }

    /// Letters, digits, `.`, `_`, `-`; a letter or digit first.
    static func isTargetName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIIAlphanumeric else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "." || $0 == "_" || $0 == "-" }
    }

    /// An environment variable's name: letters, digits and `_`, not a digit first.
    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIIAlphanumeric || first == "_",
            !("0"..."9").contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "_" }
    }

    /// A Prometheus label name: letters, digits and `_`, not a digit first.
    static func isLabelName(_ name: String) -> Bool { isVariableName(name) }
}

extension Unicode.Scalar {
    /// `A`–`Z`, `a`–`z` or `0`–`9`.
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
