/// How the customer's chosen type and the classifier's type become the type the SLA uses.
public enum TypeResolution {
    /// Confidence above which a disagreement with the customer's choice is flagged.
    public static let mismatchConfidence = 0.7

    /// The more urgent of the two types, so a mislabeled incident is never under-served, and
    /// whether the classifier confidently disagreed.
    public static func resolve(requested: TicketType?, classification: TicketClassification)
        -> (type: TicketType, mismatch: Bool)
    {
        guard let requested else { return (classification.type, false) }
        let mismatch = requested != classification.type && classification.typeConfidence >= mismatchConfidence
        let type = classification.type.urgencyRank > requested.urgencyRank ? classification.type : requested
        return (type, mismatch)
    }

    /// Doubts and tasks are `normal` unless the text clearly says otherwise; incidents take the
    /// classifier's impact estimate.
    public static func priority(for type: TicketType, classification: TicketClassification) -> Priority {
        if type == .incident { return classification.priority }
        if classification.priority == .urgent { return .high }
        return classification.priority
    }
}
