extension Sequence {
    /// The elements grouped by `key`: groups in the order their first element came, and each
    /// group's elements in their own order. Hand-offs batch per role or per producer this way,
    /// and the order matters because a worker takes a batch's items in the order they were sent.
    func groupedInOrder<Key: Hashable>(by key: (Element) -> Key) -> [(key: Key, elements: [Element])] {
        var groups: [(key: Key, elements: [Element])] = []
        var index: [Key: Int] = [:]
        for element in self {
            let k = key(element)
            if let i = index[k] {
                groups[i].elements.append(element)
            } else {
                index[k] = groups.count
                groups.append((k, [element]))
            }
        }
        return groups
    }
}
