import Classification
import Foundation
import Testing

#if canImport(SupportDomain)
    import SupportDomain
#endif

@Suite struct HostileInputTests {
    let classifier = TicketClassifier(model: TinyCorpus.model)

    static let inputs: [String] = [
        "",
        " \n\t ",
        "😀🔥👍🏽👨‍👩‍👧‍👦🇧🇷",
        "مرحبا، البوت لا يعمل منذ الصباح",
        "\u{202E}txet lortnoc\u{202C} שלום עולם",
        "\u{0}\u{1}\u{7}\u{8}\u{1B}[31m\u{7F}\u{FEFF}\u{200B}\u{200D}",
        "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
        "'; DROP TABLE tickets; -- <script>alert(1)</script> %s%n%x {{7*7}}",
        "999999999999999999999999999999999999999999999999999999999999",
        String(repeating: "a", count: 100_000),
        String(repeating: "não funciona o bot ", count: 6_000),
        String(repeating: "€", count: 40_000),
    ]

    /// No text can crash the classifier or make it return something out of range.
    @Test("hostile and empty input yields a valid classification", arguments: inputs)
    func hostile(text: String) {
        for (subject, description) in [(text, text), ("", text), (text, "")] {
            let result = classifier.classify(subject: subject, description: description)
            #expect(TicketType.allCases.contains(result.type))
            for confidence in [result.typeConfidence, result.priorityConfidence, result.languageConfidence] {
                #expect((0...1).contains(confidence))
            }
        }
    }

    /// A 100 KB paste costs no more than the scalars the configuration reads.
    @Test("a 100 KB ticket is classified quickly")
    func hugeInputIsBounded() {
        let huge = String(repeating: "mensagens não entregues no whatsapp ", count: 3_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<10 { _ = classifier.classify(subject: "", description: huge) }
        }
        #expect(elapsed < .seconds(2))
    }
}
