import Foundation

extension Date {
    /// An instant written in RFC 3339 with an explicit offset (`2027-02-05T17:00:00-03:00`), so each
    /// test case states both the wall clock and the zone offset it reasoned with.
    static func at(_ text: String) -> Date {
        guard let date = try? Date(text, strategy: .iso8601) else {
            preconditionFailure("bad test instant \(text)")
        }
        return date
    }
}
