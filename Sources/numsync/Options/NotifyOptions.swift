import ArgumentParser
import NumSync
import NumSyncCore

/// `--notify` and `--notify-on`: where `drift` and `apply` post how they ended.
struct NotifyOptions: ParsableArguments {
    /// When a notification is sent.
    enum When: String, ExpressibleByArgument, CaseIterable {
        /// When drift is found (drift), or the PBX was changed (apply).
        case drift
        /// When the command fails.
        case failure
        /// Every run, also when nothing differed or changed.
        case always
    }

    @Option(
        help: ArgumentHelp(
            "Post how the run ended to the webhook URL held in this environment variable (repeatable; or NUMSYNC_NOTIFY=A,B). Its value is a URL, or slack:, teams: or json: and a URL (or NUMSYNC_NOTIFY_FORMAT). Never give the URL itself: it is a secret.",
            valueName: "variable"))
    var notify: [String] = []

    @Option(
        help:
            "When to notify: drift (drift found, or the PBX changed), failure, always (repeatable; default drift and failure)."
    )
    var notifyOn: [When] = []

    func validate() throws {
        for name in notify where name.contains("://") || name.contains(":") {
            throw ValidationError(
                "--notify names an environment variable that holds the webhook URL, never the URL itself (it is a secret)"
            )
        }
    }

    /// The variables named, on the command line or in `NUMSYNC_NOTIFY`; none in a target's own
    /// run, since the run over all targets posts one message for them.
    private var names: [String] {
        guard !TargetProcess.isTargetRun else { return [] }
        return notify.isEmpty
            ? (Terminal.environment["NUMSYNC_NOTIFY"] ?? "").split(separator: ",").map {
                String($0).trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty } : notify
    }

    /// Posts `message` when `--notify-on` wants its outcome; a webhook that cannot be read or
    /// reached is a warning, never a change of the exit code.
    func send(_ message: NotificationMessage) async {
        let names = self.names
        guard !names.isEmpty else { return }
        let when = Set(notifyOn.isEmpty ? [.drift, .failure] : notifyOn)
        let wanted: Bool
        switch message.outcome {
        case .drift, .applied: wanted = when.contains(.drift) || when.contains(.always)
        case .failure: wanted = when.contains(.failure) || when.contains(.always)
        case .clean: wanted = when.contains(.always)
        }
        guard wanted else { return }
        var webhooks: [Webhook] = []
        for name in names {
            switch Webhook.read(
                name, value: Terminal.environment[name], defaultFormat: Terminal.environment["NUMSYNC_NOTIFY_FORMAT"])
            {
            case .success(let webhook): webhooks.append(webhook)
            case .failure(let problem): Terminal.warning("no notification: \(problem)")
            }
        }
        for warning in await Notifier(webhooks: webhooks).deliver(message) { Terminal.warning(warning) }
    }
}
