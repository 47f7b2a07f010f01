/// An SLA target length as written in the policy file: `30m`, `2h`, `90s` or `3bd`.
///
/// `s`, `m` and `h` are business seconds, minutes and hours in the target's calendar (real time
/// on a 24×7 calendar). `bd` is business days: N × the calendar's
/// ``BusinessCalendar/businessDaySeconds``, which keeps every target plain seconds-in-calendar
/// arithmetic (`1bd` from Tuesday 14:00 on a Mon–Fri 08:00–18:00 calendar is Wednesday 14:00).
public enum SLADuration: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A number of business seconds.
    case seconds(Int64)
    /// A number of business days.
    case businessDays(Int64)

    /// Parses `<positive whole number><unit>` with unit `s`, `m`, `h` or `bd`; `nil` otherwise.
    public init?(parsing text: String) {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let unit = text.dropFirst(digits.count)
        guard !digits.isEmpty, digits.count <= 12, let count = Int64(digits), count > 0 else { return nil }
        switch unit {
        case "s": self = .seconds(count)
        case "m": self = .seconds(count * 60)
        case "h": self = .seconds(count * 3_600)
        case "bd": self = .businessDays(count)
        default: return nil
        }
    }

    /// The business seconds this duration stands for in `calendar`.
    public func seconds(in calendar: BusinessCalendar) -> Int64 {
        switch self {
        case .seconds(let seconds): seconds
        case .businessDays(let days): days * calendar.businessDaySeconds
        }
    }

    /// The shortest file spelling: `3bd`, `2h`, `30m` or `45s`.
    public var description: String {
        switch self {
        case .businessDays(let days): "\(days)bd"
        case .seconds(let s) where s % 3_600 == 0: "\(s / 3_600)h"
        case .seconds(let s) where s % 60 == 0: "\(s / 60)m"
        case .seconds(let s): "\(s)s"
        }
    }

    /// Decodes the string form, reporting a bad value at the decoder's coding path.
    /// - Throws: ``SLAPolicyError`` (`invalidDuration`).
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let duration = SLADuration(parsing: text) else {
            throw SLAPolicyError(
                .invalidDuration, at: SLAPolicyError.path(decoder.codingPath),
                "\"\(text)\" is not a duration (use 30m, 2h, 3bd)")
        }
        self = duration
    }

    /// Encodes ``description``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
