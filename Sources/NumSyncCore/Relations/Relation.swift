/// Something that hangs off the records of a list, declared once as a list is: which list owns
/// it, the key entries manage it with, what it points at, its value and where PortSIP keeps it.
/// Every stage that reads, plans, writes, renders or serves it reads the declaration.
///
/// A relation of an owner record to a target record (an exclusive number to a call queue) holds a
/// value (the set of exclusive agents); a relation without targets holds its value on the owner
/// itself (a call queue's members). An entry that has the relation's key manages it completely:
/// targets it does not name hold nothing.
public struct Relation: Sendable, Hashable {
    /// What a relation holds for one owner and target.
    public enum Value: Sendable, Hashable {
        /// A set of extension numbers (3 to 64 digits), in any order: exclusive agents.
        case extensions
        /// A set of extension numbers, each with a skill level (`Member`): members.
        case members
    }

    /// The key of the list that owns it, e.g. `exclusive_numbers`.
    public let ownerKey: String
    /// The key of an owner's entry that manages it, e.g. `queues`.
    public let key: String
    /// What it is called in messages, e.g. `exclusive agents`.
    public let name: String
    /// What it is, for editors (the JSON Schema) and documentation.
    public let summary: String
    /// What one item of its value is called in summaries, e.g. `agent`.
    public let itemName: String
    /// What it points at (call queues), matched by that list's key field (`extension_number`);
    /// nil when the value hangs off the owner itself.
    public let target: PortSIPList?
    /// What it holds for one owner and target.
    public let value: Value
    /// Where PortSIP lists the targets an owner holds something in: `{id}` is the owner's id;
    /// nil without targets.
    public let targetsPath: PathTemplate?
    /// Where PortSIP reads and sets the value: `{id}` is the owner's id, `{target}` the target's.
    public let valuePath: PathTemplate
    /// Where PortSIP removes the whole value; nil when it has no such request (then a value is
    /// emptied by setting an empty one, and a "set" that adds cannot remove items).
    public let clearPath: PathTemplate?
    /// The key its changes are listed under in JSON plans and reports, e.g. `agent_changes`.
    public let changesKey: String

    /// Declares a relation.
    public init(
        ownerKey: String, key: String, name: String, itemName: String, summary: String, target: PortSIPList?,
        value: Value, targetsPath: PathTemplate?, valuePath: PathTemplate, clearPath: PathTemplate?, changesKey: String
    ) {
        self.itemName = itemName
        self.ownerKey = ownerKey
        self.key = key
        self.name = name
        self.summary = summary
        self.target = target
        self.value = value
        self.targetsPath = targetsPath
        self.valuePath = valuePath
        self.clearPath = clearPath
        self.changesKey = changesKey
    }

    /// The list that owns it: a managed list, or one numsync reads only (call queues).
    public var owner: PortSIPList {
        // A declaration names a list numsync knows; the catalog test checks it.
        PortSIPList.known(ownerKey)!
    }

    /// Every relation numsync knows, in the order plans show them.
    public static let all: [Relation] = [.exclusiveAgents, .queueMembers, .ringGroupMembers]
}

/// A path under `/api` with named parameters, e.g. `exclusive_numbers/{id}/call_queues`.
public struct PathTemplate: Sendable, Hashable, ExpressibleByStringLiteral {
    /// The template, e.g. `exclusive_numbers/{id}/call_queues/{target}/agents`.
    public let template: String

    /// Creates a template.
    public init(stringLiteral template: String) {
        self.template = template
    }

    /// The path with every `{name}` segment replaced by `parameters[name]`, which the caller has
    /// already escaped for a path. A value is never read as a template itself.
    public func filled(_ parameters: [String: String]) -> String {
        segments.map { segment in segment.parameter.flatMap { parameters[$0] } ?? segment.text }.joined(separator: "/")
    }

    /// The template with every `{name}` segment written as `prefix` and the name, e.g. `:id` for
    /// a router.
    public func pattern(parameterPrefix prefix: String) -> String {
        segments.map { segment in segment.parameter.map { prefix + $0 } ?? segment.text }.joined(separator: "/")
    }

    /// The parameters' names, in the order they appear.
    package var parameterNames: [String] { segments.compactMap(\.parameter) }

    private var segments: [(text: String, parameter: String?)] {
        template.split(separator: "/", omittingEmptySubsequences: false).map { part in
            let isParameter = part.count > 2 && part.first == "{" && part.last == "}"
            return (String(part), isParameter ? String(part.dropFirst().dropLast()) : nil)
        }
    }
}
