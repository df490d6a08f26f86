import Foundation
import NumSyncCore
import NumSyncFixtures
import TestSupport
import Testing

@testable import NumSync

@Suite("Targets files")
struct TargetsFileLoaderTests {
    static let directory = fixturesDirectory + "/targets"

    @Test("a targets file loads with its paths resolved against its own directory, and holds no secret")
    func good() throws {
        let (file, diagnostics) = TargetsFileLoader.load(Self.directory + "/good.targets.yaml")
        #expect(diagnostics.isEmpty)
        let targets = try #require(file).targets
        #expect(targets.map(\.name) == ["eu-prod", "us-tenant-acme"])
        #expect(targets[0].files == [Self.directory + "/numbers/eu/"])
        #expect(targets[0].caCertificate == Self.directory + "/certs/eu-ca.pem")
        #expect(targets[0].credentials == .token(variable: "PBX_EU_TOKEN"))
        #expect(targets[0].labels == ["region": "eu", "env": "prod"])
        #expect(targets[1].files == [Self.directory + "/numbers/acme.yaml", "/srv/shared/common.yaml"])
        #expect(
            targets[1].credentials
                == .account(
                    usernameVariable: "ACME_USER", passwordVariable: "ACME_PASSWORD", domain: "acme.example.com"))
        #expect(targets[1].recursive)
        #expect(targets[1].rateLimit == 3000)
    }

    @Test(
        "every problem is found at its place: secrets, names, URLs (queries and fragments too), credentials, labels, limits, unknown keys, and paths a command line would read as options"
    )
    func problems() {
        let path = Self.directory + "/problems.targets.yaml"
        let (file, diagnostics) = TargetsFileLoader.load(path)
        #expect(file == nil)
        let text = DiagnosticRenderer.text(diagnostics).replacingOccurrences(of: Self.directory + "/", with: "")
        expectGolden(text, "targets-problems.txt")
        // No secret from the file is repeated in a message.
        #expect(!text.contains("hunter2"))
        #expect(!text.contains("eyJhbGciOiJIUzI1NiJ9"))
        #expect(!text.contains("secret-fragment"))
    }

    @Test(
        "paths next to a targets file named without a directory start with ./, never with a dash",
        arguments: [
            ("n.yaml", ".", "./n.yaml"), ("../up.yaml", ".", "../up.yaml"), ("./here.yaml", ".", "./here.yaml"),
            ("/abs.yaml", ".", "/abs.yaml"), ("n.yaml", "fleet", "fleet/n.yaml"), ("n.yaml", "/", "/n.yaml"),
        ])
    func resolving(path: String, directory: String, resolved: String) {
        #expect(TargetsFileLoader.resolve(path, in: directory) == resolved)
    }
}
