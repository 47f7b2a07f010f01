extension RefusalReason {
    /// The sentence the requester reads, in their language, saying what to do instead.
    ///
    /// `supportEmail` is the address of last resort the SPEC requires when nothing else works.
    public func message(in language: Language, supportEmail: String) -> String {
        switch (self, language) {
        case (.accountUnknown, .en):
            "We could not find this account. Check the account identifier, or write to \(supportEmail)."
        case (.accountUnknown, .ptBR):
            "Não encontramos esta conta. Confira o identificador da conta ou escreva para \(supportEmail)."
        case (.accountUnknown, .es):
            "No encontramos esta cuenta. Revise el identificador de la cuenta o escriba a \(supportEmail)."

        case (.planNotEntitled, .en):
            "Your plan includes self-service support only: see the documentation and the community forum, or upgrade to a paid plan to open tickets."
        case (.planNotEntitled, .ptBR):
            "Seu plano inclui apenas suporte self-service: consulte a documentação e o fórum da comunidade, ou contrate um plano pago para abrir tickets."
        case (.planNotEntitled, .es):
            "Su plan incluye solo soporte de autoservicio: consulte la documentación y el foro de la comunidad, o contrate un plan pago para abrir tickets."

        case (.requesterUnknown, .en):
            "This requester is not a registered platform user. Ask your account administrator to register you, or write to \(supportEmail)."
        case (.requesterUnknown, .ptBR):
            "Este solicitante não é um usuário cadastrado na plataforma. Peça ao administrador da sua conta para cadastrá-lo ou escreva para \(supportEmail)."
        case (.requesterUnknown, .es):
            "Este solicitante no es un usuario registrado en la plataforma. Pida al administrador de su cuenta que lo registre o escriba a \(supportEmail)."

        case (.requesterOutOfScope, .en):
            "You are not a member of the bot team covered by your company's support contract. Ask your account administrator to add you to the bot team."
        case (.requesterOutOfScope, .ptBR):
            "Você não é membro do time de bots coberto pelo contrato de suporte da sua empresa. Peça ao administrador da conta para adicioná-lo ao time de bots."
        case (.requesterOutOfScope, .es):
            "Usted no es miembro del equipo de bots cubierto por el contrato de soporte de su empresa. Pida al administrador de la cuenta que lo agregue al equipo de bots."

        case (.channelNotAllowed, .en):
            "Your plan does not include this channel. Open the ticket through the Service Portal, e-mail or WhatsApp instead."
        case (.channelNotAllowed, .ptBR):
            "Seu plano não inclui este canal. Abra o ticket pelo Portal de Serviços, por e-mail ou pelo WhatsApp."
        case (.channelNotAllowed, .es):
            "Su plan no incluye este canal. Abra el ticket a través del Portal de Servicios, por correo electrónico o por WhatsApp."

        case (.selfServiceChannel, .en):
            "Documentation and the forum are self-service and do not open tickets. To open one, use the Service Portal, e-mail or WhatsApp."
        case (.selfServiceChannel, .ptBR):
            "A documentação e o fórum são self-service e não abrem tickets. Para abrir um, use o Portal de Serviços, o e-mail ou o WhatsApp."
        case (.selfServiceChannel, .es):
            "La documentación y el foro son de autoservicio y no abren tickets. Para abrir uno, use el Portal de Servicios, el correo electrónico o WhatsApp."
        }
    }
}
