import Foundation

/// Where the tests' files and the built executables are.
public enum TestPaths {
    /// `Tests/`.
    public static let tests: String = {
        let file = #filePath
        return ((file as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
    }()

    /// `Tests/Fixtures/`.
    public static var fixtures: String { tests + "/Fixtures" }

    /// The package root.
    public static var package: String { (tests as NSString).deletingLastPathComponent }

    /// The directory of the built products (where the test runner itself lives).
    public static let products: String = {
        let runner =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var directory = (runner as NSString).deletingLastPathComponent
        // The runner may sit inside a bundle directory (…/numsyncPackageTests.xctest/…).
        while !FileManager.default.fileExists(atPath: directory + "/numsync"), directory.count > 1 {
            directory = (directory as NSString).deletingLastPathComponent
        }
        return directory
    }()

    /// The built `numsync` executable.
    public static var numsync: String { products + "/numsync" }

    /// The built `numsync-sim` executable.
    public static var simulator: String { products + "/numsync-sim" }

    /// A fresh temporary directory.
    public static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "numsync-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
