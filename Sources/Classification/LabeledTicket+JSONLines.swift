import Foundation

extension LabeledTicket {
    /// Reads a corpus file of one JSON object per line (`subject`, `description`, `type`,
    /// `priority`, `language`); blank lines are skipped.
    ///
    /// - Throws: `DecodingError` naming the line number of the first bad line; any error reading
    ///   the file.
    public static func readJSONLines(from url: URL) throws -> [LabeledTicket] {
        let text = try String(contentsOf: url, encoding: .utf8)
        let decoder = JSONDecoder()
        var tickets: [LabeledTicket] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            do {
                tickets.append(try decoder.decode(LabeledTicket.self, from: Data(line.utf8)))
            } catch {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: [], debugDescription: "\(url.lastPathComponent) line \(number + 1): \(error)")
                )
            }
        }
        return tickets
    }
}
