import Foundation
import SupportBus
import SupportDomain
import Testing
import ZeroMQ

@Suite struct BusKeyringTests {
    func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)")
    }

    @Test("keys init makes every pair and the allowlist, mode 0600, and keeps them on a second run")
    func initialize() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let keyring = BusKeyring(folder: dir)
        let first = try keyring.initialize()
        #expect(Set(first.created) == Set(["broker"] + BusIdentity.allCases.map(\.rawValue)))
        for name in first.created {
            for file in [keyring.secretFile(name), keyring.publicFile(name)] {
                let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
                #expect(mode == 0o600, "\(file.lastPathComponent) has mode \(String(mode ?? 0, radix: 8))")
            }
            let published = try String(contentsOf: keyring.publicFile(name), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try keyring.keyPair(name).publicKey == published, "the public half derives from the secret")
        }
        #expect(try FileManager.default.attributesOfItem(atPath: keyring.allowlistFile.path)[.posixPermissions] as? Int == 0o600)
        let listed = try keyring.allowlist()
        #expect(listed.map(\.identity) == BusIdentity.allCases)
        #expect(!listed.contains { $0.publicKey == (try? keyring.keyPair("broker").publicKey) }, "the broker admits clients, not itself")

        let before = try keyring.keyPair("sla")
        let second = try keyring.initialize()
        #expect(second.created.isEmpty)
        #expect(try keyring.keyPair("sla") == before)
        #expect(try keyring.allowlist().count == listed.count)
    }

    @Test("rotate admits a second key beside the first; retire removes one")
    func rotation() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let keyring = BusKeyring(folder: dir)
        try keyring.initialize()
        let old = try keyring.keyPair("sla").publicKey
        let new = try keyring.rotate(.sla)
        #expect(try keyring.keyPair("sla.next") == new)
        #expect(try keyring.allowlist().filter { $0.identity == .sla }.map(\.publicKey) == [old, new.publicKey])
        #expect(try keyring.retire(publicKey: old))
        #expect(try keyring.allowlist().filter { $0.identity == .sla }.map(\.publicKey) == [new.publicKey])
        #expect(try !keyring.retire(publicKey: old), "retiring twice says it was not listed")
    }

    @Test("a malformed allowlist or key file is reported with its place, never its content")
    func malformed() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let keyring = BusKeyring(folder: dir)
        try keyring.initialize()
        var text = try String(contentsOf: keyring.allowlistFile, encoding: .utf8)
        text += "not-a-key intake\n"
        try text.write(to: keyring.allowlistFile, atomically: true, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect {
            try keyring.allowlist()
        } throws: { error in
            "\(error)".contains("allowlist:\(lines)") && "\(error)".contains("<40-character Z85 public key>")
        }
        let secret = "0123456789"
        try secret.write(to: keyring.secretFile("intake"), atomically: true, encoding: .utf8)
        #expect {
            try keyring.credentials(for: .intake)
        } throws: { error in
            "\(error)".contains("intake.key") && !"\(error)".contains(secret)
        }
    }

    @Test("a key pair never shows its secret in a description")
    func redacted() throws {
        let pair = try CurveKeyPair.generate()
        #expect(!"\(pair)".contains(pair.secretKey))
        #expect("\(pair)".contains(pair.publicKey))
        #expect(CurveKeyPair(secretKey: pair.secretKey) == pair)
        #expect(CurveKeyPair(secretKey: "short") == nil)
        #expect(CurveKeyPair.isAvailable, "Debian's libzmq is built with libsodium")
    }
}

@Suite struct BusIdentityTests {
    @Test("each topic may be published by its producer's identity only; the operator publishes nothing")
    func publishing() {
        for topic in Topic.allCases {
            let allowed = BusIdentity.allCases.filter { $0.mayPublish(topic) }
            #expect(allowed == [BusIdentity(rawValue: topic.producer.rawValue)!], "\(topic)")
        }
    }

    @Test("hand-offs follow the topology; deliveries go to their own role only")
    func handOffs() {
        #expect(BusIdentity.intake.mayHandOff(to: .classification))
        #expect(BusIdentity.classification.mayHandOff(to: .sla))
        #expect(BusIdentity.sla.mayHandOff(to: .notification))
        #expect(!BusIdentity.notification.mayHandOff(to: .classification))
        #expect(!BusIdentity.classification.mayHandOff(to: .notification))
        #expect(BusIdentity.operator.mayHandOff(to: .sla), "the operator replays dead letters")
        for identity in BusIdentity.allCases {
            for role in ServiceRole.allCases {
                #expect(identity.mayConsume(role) == (identity.rawValue == role.rawValue))
            }
        }
    }
}
