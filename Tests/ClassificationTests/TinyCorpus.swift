import Classification

#if canImport(SupportDomain)
    import SupportDomain
#endif

/// A hand-written set of two tickets per type and language: small enough to read, enough for the
/// obvious cases.
enum TinyCorpus {
    static let tickets: [LabeledTicket] = [
        .init(
            subject: "Como configuro o horário de atendimento?",
            description: "Onde altero o horário da fila no portal? Não encontrei na documentação.",
            type: .doubt,
            priority: .normal,
            language: .ptBR
        ),
        .init(
            subject: "Dúvida sobre variáveis",
            description: "Como salvo a resposta do usuário numa variável do fluxo?",
            type: .doubt,
            priority: .normal,
            language: .ptBR
        ),
        .init(
            subject: "Exclusão de dados LGPD",
            description: "Solicitamos a exclusão de todos os dados do contato, pedido do titular pela LGPD.",
            type: .task,
            priority: .normal,
            language: .ptBR
        ),
        .init(
            subject: "Extração de logs",
            description: "Precisamos dos logs do bot de vendas da semana passada para auditoria.",
            type: .task,
            priority: .normal,
            language: .ptBR
        ),
        .init(
            subject: "Plataforma fora do ar",
            description: "Nenhum bot responde, a API retorna 503 para todos os clientes, produção parada.",
            type: .incident,
            priority: .urgent,
            language: .ptBR
        ),
        .init(
            subject: "Mensagens não entregues",
            description: "Todas as mensagens do WhatsApp estão falhando desde as 9h, operação totalmente parada.",
            type: .incident,
            priority: .urgent,
            language: .ptBR
        ),
        .init(
            subject: "How do I set business hours?",
            description: "Where do I change the queue hours in the portal? I could not find it in the docs.",
            type: .doubt,
            priority: .normal,
            language: .en
        ),
        .init(
            subject: "Question about variables",
            description: "How do I save the user's answer in a flow variable?",
            type: .doubt,
            priority: .normal,
            language: .en
        ),
        .init(
            subject: "GDPR data deletion",
            description: "Please delete all data of this contact, a data subject request under GDPR.",
            type: .task,
            priority: .normal,
            language: .en
        ),
        .init(
            subject: "Log extraction",
            description: "We need the logs of the sales bot from last week for an audit.",
            type: .task,
            priority: .normal,
            language: .en
        ),
        .init(
            subject: "Platform down",
            description: "No bot answers, the API returns 503 for every customer, production is down.",
            type: .incident,
            priority: .urgent,
            language: .en
        ),
        .init(
            subject: "Messages not delivered",
            description: "Every WhatsApp message has been failing since 9am, operations completely stopped.",
            type: .incident,
            priority: .urgent,
            language: .en
        ),
        .init(
            subject: "¿Cómo configuro el horario de atención?",
            description: "¿Dónde cambio el horario de la cola en el portal? No lo encontré en la documentación.",
            type: .doubt,
            priority: .normal,
            language: .es
        ),
        .init(
            subject: "Consulta sobre variables",
            description: "¿Cómo guardo la respuesta del usuario en una variable del flujo?",
            type: .doubt,
            priority: .normal,
            language: .es
        ),
        .init(
            subject: "Eliminación de datos",
            description: "Solicitamos eliminar todos los datos del contacto, pedido del titular por ley de protección de datos.",
            type: .task,
            priority: .normal,
            language: .es
        ),
        .init(
            subject: "Extracción de logs",
            description: "Necesitamos los logs del bot de ventas de la semana pasada para una auditoría.",
            type: .task,
            priority: .normal,
            language: .es
        ),
        .init(
            subject: "Plataforma caída",
            description: "Ningún bot responde, la API devuelve 503 para todos los clientes, producción caída.",
            type: .incident,
            priority: .urgent,
            language: .es
        ),
        .init(
            subject: "Mensajes no entregados",
            description: "Todos los mensajes de WhatsApp fallan desde las 9, la operación está totalmente detenida.",
            type: .incident,
            priority: .urgent,
            language: .es
        ),
    ]

    static let model = ClassifierTrainer.train(tickets, calibrationFolds: 3)
}
