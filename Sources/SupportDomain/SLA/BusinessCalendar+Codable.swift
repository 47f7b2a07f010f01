import Foundation

/// The calendar file format (see ``BusinessCalendar``): plain `Codable`, so JSON and YAML read the
/// same, and every error names its path in the document.
extension BusinessCalendar: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, timeZone, alwaysOpen, hours, holidays, businessDay
    }

    /// Decodes and validates a calendar.
    /// - Throws: ``SLAPolicyError`` naming the field and value: an unknown time zone, a bad time
    ///   (`"25:00"`), an interval that ends before it starts, overlapping intervals, a bad holiday
    ///   date, a week with no hours, or a business day that is not a duration.
    public init(from decoder: any Decoder) throws {
        let path = SLAPolicyError.path(decoder.codingPath)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decodePolicyField(String.self, forKey: .name)
        let zoneName = try container.decodePolicyField(String.self, forKey: .timeZone)
        guard let timeZone = TimeZone(identifier: zoneName) else {
            throw SLAPolicyError(
                .invalidTimeZone, at: SLAPolicyError.join(path, "timeZone"),
                "\"\(zoneName)\" is not an IANA time zone (e.g. America/Sao_Paulo, UTC)")
        }
        let alwaysOpen = try container.decodeIfPresent(Bool.self, forKey: .alwaysOpen) ?? false
        let hours = try container.decodeIfPresent(WeeklyHours.self, forKey: .hours) ?? WeeklyHours([:])
        let holidays = try container.decodeIfPresent([Holiday].self, forKey: .holidays) ?? []
        var businessDay: Int64?
        if let text = try container.decodeIfPresent(String.self, forKey: .businessDay) {
            guard case .seconds(let seconds)? = SLADuration(parsing: text) else {
                throw SLAPolicyError(
                    .invalidDuration, at: SLAPolicyError.join(path, "businessDay"),
                    "\"\(text)\" is not a business day length (use 8h, 10h, 510m)")
            }
            businessDay = seconds
        }
        try self.init(
            name: name, timeZone: timeZone, isAlwaysOpen: alwaysOpen, hours: hours, holidays: holidays,
            businessDaySeconds: businessDay, at: path)
    }

    /// Encodes the file format; a 24×7 calendar as `{"name", "alwaysOpen": true, "timeZone"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(timeZone.identifier, forKey: .timeZone)
        if isAlwaysOpen {
            try container.encode(true, forKey: .alwaysOpen)
            if businessDaySeconds != 86_400 {
                try container.encode(SLADuration.seconds(businessDaySeconds).description, forKey: .businessDay)
            }
            return
        }
        try container.encode(hours, forKey: .hours)
        if !holidays.isEmpty { try container.encode(holidays, forKey: .holidays) }
        try container.encode(SLADuration.seconds(businessDaySeconds).description, forKey: .businessDay)
    }
}
