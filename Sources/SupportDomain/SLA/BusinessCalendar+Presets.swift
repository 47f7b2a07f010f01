import Foundation

/// Calendars the default SLA policy uses (SPEC, "SLA" defaults).
extension BusinessCalendar {
    /// Mon–Fri 08:00–18:00 in America/Sao_Paulo, closed on Brazilian national holidays; named
    /// `brazil-business-hours`, `1bd` = 10 h.
    ///
    /// Holidays: New Year (01-01), Carnival Monday and Tuesday (Easter −48, −47), Good Friday
    /// (Easter −2), Tiradentes (04-21), Labour Day (05-01), Corpus Christi (Easter +60),
    /// Independence (09-07), Our Lady of Aparecida (10-12), All Souls (11-02), Republic (11-15),
    /// Black Consciousness (11-20, national since 2024; applied to every year), Christmas (12-25).
    /// Carnival and Corpus Christi are optional points nationally but closed by most contracts.
    public static let brazilBusinessHours: BusinessCalendar = {
        do {
            let day = try WallClockInterval("08:00", "18:00")
            return try BusinessCalendar(
                name: "brazil-business-hours",
                timeZone: TimeZone(identifier: "America/Sao_Paulo")!,
                hours: WeeklyHours([.mon, .tue, .wed, .thu, .fri], [day]),
                holidays: [
                    Holiday(date: "01-01", name: "New Year's Day"),
                    Holiday(.easter(offsetDays: -48), name: "Carnival Monday"),
                    Holiday(.easter(offsetDays: -47), name: "Carnival Tuesday"),
                    Holiday(.easter(offsetDays: -2), name: "Good Friday"),
                    Holiday(date: "04-21", name: "Tiradentes"),
                    Holiday(date: "05-01", name: "Labour Day"),
                    Holiday(.easter(offsetDays: 60), name: "Corpus Christi"),
                    Holiday(date: "09-07", name: "Independence Day"),
                    Holiday(date: "10-12", name: "Our Lady of Aparecida"),
                    Holiday(date: "11-02", name: "All Souls' Day"),
                    Holiday(date: "11-15", name: "Proclamation of the Republic"),
                    Holiday(date: "11-20", name: "Black Consciousness Day"),
                    Holiday(date: "12-25", name: "Christmas Day"),
                ],
                businessDaySeconds: 36_000)
        } catch {
            preconditionFailure("the built-in Brazil calendar is invalid: \(error)")
        }
    }()

    /// Every second of every day, in UTC; named `24x7`, `1bd` = 24 h.
    public static let twentyFourSeven: BusinessCalendar = {
        do {
            return try BusinessCalendar.alwaysOpen(name: "24x7")
        } catch {
            preconditionFailure("the built-in 24×7 calendar is invalid: \(error)")
        }
    }()
}
