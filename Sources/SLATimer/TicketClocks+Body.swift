import Foundation
import SupportBus
import SupportDomain

/// A ticket's clocks as the sla store keeps them: a compact binary body (``ByteWriter``), in
/// `ticket_clocks.body` and in the clock journal.
///
/// Why not JSON: only this store reads the bytes, and an update writes one body per ticket it
/// changes. `Codable` JSON spent more time naming keys than the rules spent deciding anything,
/// and each body was 1.7 KB, most of it key names; this form is a few hundred bytes, so the
/// journal, the folds and the table all write less (BENCHMARKS.md).
///
/// Layout: the format byte (1), the ticket summary field by field, the status, the clock count,
/// then each clock field by field. Enums are stored by name; times as `Date` holds them
/// (seconds since 2001), so they read back to the bit. A body that starts with `{` is the JSON
/// of stores written before this form, and still reads.
extension TicketClocks {
    static let bodyFormat: UInt8 = 1

    func body() -> [UInt8] {
        var writer = ByteWriter(capacity: 320)
        writer.byte(Self.bodyFormat)
        writer.summary(ticket)
        writer.string(status.rawValue)
        writer.varint(UInt64(clocks.count))
        for clock in clocks { writer.clock(clock) }
        return writer.bytes
    }

    init(body: some Collection<UInt8>) throws {
        if body.first == UInt8(ascii: "{") {
            self = try Self.legacyDecoder.decode(TicketClocks.self, from: Array(body))
            return
        }
        let decoded: TicketClocks? = try body.withContiguousStorageIfAvailable { buffer in
            var reader = ByteReader(bytes: UnsafeRawBufferPointer(buffer))
            return try Self(reading: &reader, whole: true)
        }
        if let decoded { self = decoded } else { self = try Self(body: Array(body)) }
    }

    /// Reads one body from `reader`; with `whole`, nothing may follow it.
    init(reading reader: inout ByteReader, whole: Bool = false) throws(ByteReader.Failure) {
        let format = try reader.byte()
        guard format == Self.bodyFormat else { throw .malformed("clock body format \(format), this build reads \(Self.bodyFormat)") }
        ticket = try reader.summary()
        status = try reader.raw(TicketStatus.self)
        let count = try reader.count()
        guard count <= ClockKind.allCases.count else { throw .malformed("\(count) clocks on one ticket") }
        clocks = []
        clocks.reserveCapacity(count)
        for _ in 0..<count { clocks.append(try reader.clock()) }
        if whole, !reader.isAtEnd { throw .malformed("bytes after the clock body") }
    }

    /// Bodies (and journal rows) of stores from before the binary form.
    static let legacyDecoder = JSONByteDecoder(dates: .secondsSince1970)
}

extension ByteWriter {
    fileprivate mutating func summary(_ ticket: TicketSummary) {
        string(ticket.id)
        int(Int64(ticket.number))
        string(ticket.account)
        string(ticket.planGroup.rawValue)
        string(ticket.requester)
        string(ticket.requesterName)
        string(ticket.requesterEmail)
        optional(ticket.requesterPhone) { $0.string($1) }
        string(ticket.requesterLanguage.rawValue)
        optional(ticket.requesterTimeZone) { $0.string($1) }
        string(ticket.channel.rawValue)
        string(ticket.subject)
        optional(ticket.type) { $0.string($1.rawValue) }
        optional(ticket.priority) { $0.string($1.rawValue) }
        date(ticket.createdAt)
    }

    fileprivate mutating func clock(_ clock: SLAClock) {
        string(clock.kind.rawValue)
        string(clock.calendar)
        int(clock.targetSeconds)
        date(clock.startedAt)
        int(clock.consumedSeconds)
        optional(clock.runningSince) { $0.date($1) }
        string(clock.state.rawValue)
        bool(clock.breached)
        int(Int64(clock.warningsFired))
        optional(clock.dueAt) { $0.date($1) }
    }

    fileprivate mutating func date(_ date: Date) { double(date.timeIntervalSinceReferenceDate) }
}

extension ByteReader {
    fileprivate mutating func summary() throws(Failure) -> TicketSummary {
        TicketSummary(
            id: try string(), number: Int(try int()), account: try string(), planGroup: try raw(PlanGroup.self),
            requester: try string(), requesterName: try string(), requesterEmail: try string(),
            requesterPhone: try optional { reader throws(Failure) in try reader.string() }, requesterLanguage: try raw(Language.self),
            requesterTimeZone: try optional { reader throws(Failure) in try reader.string() }, channel: try raw(Channel.self),
            subject: try string(), type: try optional { reader throws(Failure) in try reader.raw(TicketType.self) },
            priority: try optional { reader throws(Failure) in try reader.raw(Priority.self) }, createdAt: try date())
    }

    fileprivate mutating func clock() throws(Failure) -> SLAClock {
        SLAClock(
            kind: try raw(ClockKind.self), calendar: try string(), targetSeconds: try int(), startedAt: try date(),
            consumedSeconds: try int(), runningSince: try optional { reader throws(Failure) in try reader.date() },
            state: try raw(SLAClock.State.self), breached: try bool(), warningsFired: Int(try int()),
            dueAt: try optional { reader throws(Failure) in try reader.date() })
    }

    fileprivate mutating func date() throws(Failure) -> Date { Date(timeIntervalSinceReferenceDate: try double()) }
}
