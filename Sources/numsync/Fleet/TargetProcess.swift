import CParentDeath
import Foundation

/// A target's run: numsync started again by a run over a targets file, which tells it its
/// process id. Such a run ends with the run that started it, and never starts targets itself.
enum TargetProcess {
    /// The variable that carries the starting run's process id.
    static let parentVariable = "NUMSYNC_FLEET_PARENT"

    /// Whether this process is a target's run.
    static var isTargetRun: Bool { Terminal.environment[parentVariable] != nil }

    /// In a target's run, asks for SIGTERM when the run that started it ends, however it ends
    /// (`kill -KILL` of a CI job included): an apply then starts nothing new and lets requests
    /// in flight finish, a plan or drift ends at once. A run whose starter is already gone ends
    /// here. Elsewhere, does nothing.
    static func followStarter() {
        guard let text = Terminal.environment[parentVariable], let starter = Int32(text) else { return }
        if numsync_set_parent_death_signal(SIGTERM) != 0 {
            // No parent-death signal here (not Linux): look for the starter every half second.
            Thread.detachNewThread {
                while getppid() == starter { usleep(500_000) }
                kill(getpid(), SIGTERM)
            }
        }
        // The starter may have ended before the request above was made.
        if getppid() != starter { Foundation.exit(ExitStatus.interrupted) }
    }
}
