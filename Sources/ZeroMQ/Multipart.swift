/// One ZeroMQ message: an ordered list of frames sent and received atomically.
public struct Multipart: Sendable, Hashable, ExpressibleByArrayLiteral, RandomAccessCollection {
    public var frames: [[UInt8]]

    public init(_ frames: [[UInt8]]) { self.frames = frames }
    public init(arrayLiteral elements: [UInt8]...) { self.frames = elements }
    /// Frames made from UTF-8 strings, handy for protocol verbs and topics.
    public init(strings: [String]) { self.frames = strings.map { Array($0.utf8) } }

    public var startIndex: Int { frames.startIndex }
    public var endIndex: Int { frames.endIndex }
    public subscript(position: Int) -> [UInt8] { frames[position] }

    /// The frame at `index` as UTF-8 text, or nil when it is missing or not valid UTF-8.
    public func string(at index: Int) -> String? {
        guard frames.indices.contains(index) else { return nil }
        return String(validating: frames[index], as: UTF8.self)
    }

    public mutating func append(_ frame: [UInt8]) { frames.append(frame) }
    public mutating func append(_ text: String) { frames.append(Array(text.utf8)) }
}
