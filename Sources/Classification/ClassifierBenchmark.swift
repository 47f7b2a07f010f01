import Foundation

#if canImport(SupportDomain)
    import SupportDomain
#endif

/// Measures single-threaded classification throughput on typical tickets of about 200
/// characters, so a performance claim can cite a run (`train-classifier bench`).
public enum ClassifierBenchmark {
    /// The outcome of one run.
    public struct Result: Sendable, Codable, Equatable {
        /// Tickets classified.
        public let classifications: Int
        /// Wall time of the timed loop, in seconds.
        public let seconds: Double
        /// Mean length of the sample tickets, in characters (subject plus description).
        public let averageCharacters: Int

        /// Throughput: classifications per second.
        public var classificationsPerSecond: Double { seconds > 0 ? Double(classifications) / seconds : 0 }
        /// Mean latency of one classification, in microseconds.
        public var microsecondsPerClassification: Double {
            classifications > 0 ? seconds * 1_000_000 / Double(classifications) : 0
        }
    }

    /// Typical tickets, one per language and type, each about 200 characters.
    public static let sampleTickets: [(subject: String, description: String)] = [
        (
            "Bot não responde no WhatsApp",
            "Desde as 14h nenhum cliente recebe resposta do bot principal no WhatsApp, o painel mostra mensagens presas em envio e a API retorna 503."
        ),
        (
            "Como configurar horário de atendimento?",
            "Olá, gostaria de saber onde altero o horário de atendimento da fila para que o bot avise quando estivermos fechados. Obrigado"
        ),
        (
            "Exclusão de dados LGPD",
            """
            Prezados, recebemos um pedido de titular e precisamos que vocês excluam todas as \
            conversas e dados do contato +55 11 99999-0000 da nossa base.
            """
        ),
        (
            "Webhook returning 500 for all bots",
            """
            Since 9am UTC every webhook call from the platform fails with HTTP 500 and \
            messages are not delivered to any of our bots. Production is down.
            """
        ),
        (
            "How do I export attendance reports?",
            """
            Hi team, where can I find the report of attendances per agent for last month? I \
            looked in the analytics tab but could not find an export option.
            """
        ),
        (
            "Plantilla rechazada, necesitamos información de la WABA",
            """
            Hola, necesitamos que nos envíen la información de nuestra cuenta WABA y el \
            motivo del rechazo de la plantilla de bienvenida, por favor. Gracias
            """
        ),
    ]

    /// Classifies the sample tickets round-robin `iterations` times after a warm-up.
    public static func run(classifier: TicketClassifier, iterations: Int = 200_000) -> Result {
        let tickets = sampleTickets
        var checksum = 0
        for ticket in tickets {
            checksum &+= classifier.classify(subject: ticket.subject, description: ticket.description).type.hashValue
        }
        let clock = ContinuousClock()
        let start = clock.now
        for iteration in 0..<iterations {
            let ticket = tickets[iteration % tickets.count]
            let result = classifier.classify(subject: ticket.subject, description: ticket.description)
            checksum &+= Int(result.typeConfidence * 1000)
        }
        let elapsed = clock.now - start
        blackHole(checksum)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let characters = tickets.reduce(0) { $0 + $1.subject.count + $1.description.count } / tickets.count
        return Result(classifications: iterations, seconds: seconds, averageCharacters: characters)
    }

    @inline(never)
    private static func blackHole(_ value: Int) {
        if value == Int.min { print("") }
    }
}
