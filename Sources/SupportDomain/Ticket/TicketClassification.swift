/// What the classifier decided about a ticket's text, with its confidence in each field.
public struct TicketClassification: Codable, Sendable, Hashable {
    public var type: TicketType
    public var typeConfidence: Double
    public var priority: Priority
    public var priorityConfidence: Double
    public var language: Language
    public var languageConfidence: Double

    public init(
        type: TicketType, typeConfidence: Double, priority: Priority, priorityConfidence: Double,
        language: Language, languageConfidence: Double
    ) {
        self.type = type
        self.typeConfidence = typeConfidence
        self.priority = priority
        self.priorityConfidence = priorityConfidence
        self.language = language
        self.languageConfidence = languageConfidence
    }
}
