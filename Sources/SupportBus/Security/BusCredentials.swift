public import ZeroMQ

/// What a client socket needs to talk CURVE to the broker: its own key pair and the broker's
/// public key. Without the broker's exact key the handshake fails, so a client cannot be
/// talked into a fake broker; without a listed key pair the broker's ZAP handler refuses it.
public struct BusCredentials: Sendable, Hashable {
    public var keyPair: CurveKeyPair
    public var serverPublicKey: String

    public init(keyPair: CurveKeyPair, serverPublicKey: String) {
        self.keyPair = keyPair
        self.serverPublicKey = serverPublicKey
    }

    /// The socket options that make a client socket a CURVE client.
    public var clientOptions: [(SocketOption<[UInt8]>, [UInt8])] {
        [
            (.curveServerKey, Array(serverPublicKey.utf8)),
            (.curvePublicKey, Array(keyPair.publicKey.utf8)),
            (.curveSecretKey, Array(keyPair.secretKey.utf8)),
        ]
    }

    /// The socket options that make a bound socket a CURVE server whose peers go through ZAP.
    public static func serverOptions(_ keyPair: CurveKeyPair) -> (
        [(SocketOption<Int32>, Int32)], [(SocketOption<[UInt8]>, [UInt8])]
    ) {
        ([(.curveServer, 1)], [(.curveSecretKey, Array(keyPair.secretKey.utf8)), (.zapDomain, Array("supportdesk".utf8))])
    }
}

extension CurveKeyPair: Hashable {
    public func hash(into hasher: inout Hasher) { hasher.combine(publicKey) }
}
