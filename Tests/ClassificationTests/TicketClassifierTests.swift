import Classification
import Foundation
import Testing

#if canImport(SupportDomain)
    import SupportDomain
#endif

@Suite struct TicketClassifierTests {
    let classifier = TicketClassifier(model: TinyCorpus.model)

    /// Obvious tickets, unseen in training, get the right type and language.
    @Test(
        "a classifier trained on a tiny set gets obvious tickets right in every language",
        arguments: [
            ("Bot fora do ar", "A API retorna 503 e nenhum bot responde, produção parada", TicketType.incident, Language.ptBR),
            ("Como salvo uma variável?", "Onde encontro na documentação como salvar a resposta numa variável?", .doubt, .ptBR),
            ("Pedido de exclusão de dados", "Solicitamos a exclusão dos dados do titular conforme a LGPD", .task, .ptBR),
            ("Everything down", "The API returns 503 and no bot answers, production is down for every customer", .incident, .en),
            ("How do I save a variable?", "Where in the docs do I find how to save the answer in a variable?", .doubt, .en),
            ("Need the logs", "We need the logs of last week for our audit", .task, .en),
            ("Todo caído", "La API devuelve 503 y ningún bot responde, producción caída para todos los clientes", .incident, .es),
            ("¿Cómo guardo una variable?", "¿Dónde encuentro en la documentación cómo guardar la respuesta en una variable?", .doubt, .es),
            ("Pedido de eliminación", "Solicitamos eliminar los datos del titular por la ley de protección de datos", .task, .es),
        ]
    )
    func obviousCases(subject: String, description: String, type: TicketType, language: Language) {
        let result = classifier.classify(subject: subject, description: description)
        #expect(result.type == type)
        #expect(result.language == language)
    }

    /// Customers write with and without accents and capitals; both spellings are one ticket.
    @Test("accents and capitals do not change the classification")
    func foldingIsInvisible() {
        let plain = classifier.classify(subject: "excluir dados", description: "solicitacao de exclusao conforme lgpd, nao e urgente")
        let accented = classifier.classify(subject: "EXCLUIR DADOS", description: "Solicitação de exclusão conforme LGPD, não é urgente")
        #expect(plain == accented)
    }

    /// Every confidence is a probability, whatever the input.
    @Test(
        "confidences are always within 0 and 1",
        arguments: ["", "ok", "Bot fora do ar", "How do I export a report?", String(repeating: "urgente ", count: 500)]
    )
    func confidencesAreProbabilities(text: String) {
        let result = classifier.classify(subject: text, description: text)
        for confidence in [result.typeConfidence, result.priorityConfidence, result.languageConfidence] {
            #expect((0...1).contains(confidence))
        }
    }

    /// With more evidence the classifier is surer: a tiny input is less certain than a clear one.
    @Test("clear evidence gives more confidence than none")
    func confidenceFollowsEvidence() {
        let nothing = classifier.classify(subject: "", description: "")
        let clear = classifier.classify(subject: "Plataforma caída", description: "Ningún bot responde, la API devuelve 503, producción caída")
        #expect(clear.languageConfidence > nothing.languageConfidence)
    }

    /// Training is deterministic, so a model version names one exact model.
    @Test("training twice on the same tickets gives the same version")
    func deterministicTraining() {
        #expect(ClassifierTrainer.train(TinyCorpus.tickets, calibrationFolds: 3).version == TinyCorpus.model.version)
    }
}
