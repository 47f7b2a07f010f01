"""Brazilian Portuguese pieces of the training corpus, written as a support engineer sees them."""

LANGUAGE = "pt-BR"

GREETINGS = ["Olá,", "Oi pessoal,", "Bom dia,", "Boa tarde!", "Prezados,", "Oi, tudo bem?", "Olá equipe Blip,",
             "Bom dia time de suporte.", "Boa noite,", "Prezada equipe,", "E aí pessoal,", ""]
SIGNOFFS = ["Obrigado.", "Obrigada!", "Att,\nMarina - Time de CX", "Aguardo retorno.", "Valeu!", "Abs, Rafael",
            "Fico no aguardo.", "Atenciosamente,\nCarlos Henrique\nCoordenador de Atendimento", "Grato.", "obg",
            "Qualquer dúvida estou à disposição.", "Att. Juliana (TI)", ""]

# ---- incidents: (subject, core sentence, allowed priorities) ----
INCIDENT_CORES = [
    ("Bot fora do ar", "Nosso bot parou de responder em todos os canais, nenhuma mensagem recebe resposta.", "UH"),
    ("URGENTE - WhatsApp não entrega mensagens", "As mensagens enviadas pelo bot no WhatsApp ficam com um relógio e nunca chegam no cliente final.", "UH"),
    ("API retornando 503", "Todas as chamadas para a API de mensagens estão retornando 503 Service Unavailable.", "UH"),
    ("Erro 500 no envio de mensagens ativas", "O endpoint de envio de notificações ativas está respondendo HTTP 500 em praticamente todas as requisições.", "UHN"),
    ("Portal não carrega", "O portal não carrega depois do login, fica na tela branca com o spinner girando.", "UHN"),
    ("Lentidão no Desk", "O Blip Desk está extremamente lento, os atendentes demoram mais de um minuto para ver a mensagem do cliente.", "HN"),
    ("Webhooks pararam", "Nosso endpoint não recebe mais nenhum webhook da plataforma desde cedo, e do nosso lado não mudou nada (conferimos os logs do nginx, nenhuma requisição chega).", "UHN"),
    ("Mensagens duplicadas", "Os clientes estão recebendo a mesma mensagem do bot duas ou três vezes seguidas.", "HN"),
    ("Atraso na entrega", "As mensagens estão chegando com 10 a 15 minutos de atraso no WhatsApp.", "UHN"),
    ("Transbordo para atendimento humano falhando", "Quando o bot transfere para a fila humana o ticket não aparece para nenhum atendente.", "UHN"),
    ("Relatório de analytics zerado", "O dashboard de analytics mostra zero atendimentos desde ontem, mas o bot está atendendo normalmente.", "N"),
    ("Gráfico de eventos com erro", "O gráfico de eventos personalizados trava ao filtrar por período maior que 7 dias.", "NL"),
    ("Timeout nas integrações", "As chamadas HTTP que o bot faz para nossa API estão dando timeout dentro da plataforma, mas a nossa API responde em 200ms quando testamos de fora.", "HN"),
    ("Builder não salva", "Ao publicar o fluxo no Builder aparece 'erro inesperado' e a versão não é salva.", "HN"),
    ("Blip Chat não abre no site", "O widget do Blip Chat não abre mais em nenhum dos nossos sites, o console mostra erro 502 ao buscar a configuração.", "UH"),
    ("Atendentes desconectados", "Os atendentes estão sendo desconectados do Desk a cada poucos minutos e perdem as conversas abertas.", "HN"),
    ("Botão desalinhado no portal", "O botão de salvar na tela de configurações do bot aparece cortado e desalinhado.", "L"),
    ("Tradução errada no menu", "No menu lateral do portal aparece o texto 'menu.settings.title' em vez do nome da opção.", "L"),
    ("Ícone quebrado", "O ícone do canal Instagram aparece quebrado na lista de canais do portal.", "L"),
    ("Templates não disparam", "Os disparos de template agendados não saíram hoje de manhã, ficaram todos com status 'processando'.", "UHN"),
    ("Instabilidade geral", "A plataforma está instável, às vezes o bot responde, às vezes não, e o portal dá erro ao abrir o histórico.", "UH"),
    ("Erro ao abrir histórico", "Ao abrir o histórico de conversas de um contato aparece erro 500 e a tela não carrega.", "HN"),
    ("Mensagens de mídia não chegam", "Imagens e PDFs enviados pelo bot não chegam mais, só as mensagens de texto.", "HN"),
    ("Fila do desk não distribui", "A distribuição automática de tickets parou, tudo fica na fila sem atribuição mesmo com atendentes online.", "UHN"),
    ("Data errada nos tickets", "No Desk os horários dos tickets aparecem com três horas de diferença desde a atualização de ontem.", "NL"),
    ("Alta latência nos bots", "Todos os nossos bots estão demorando entre 20 e 40 segundos para responder qualquer mensagem.", "UH"),
    ("Login no portal com erro", "Ninguém da empresa consegue fazer login no portal, aparece 'Something went wrong' depois de digitar a senha.", "UH"),
    ("Sem receber mensagens do WhatsApp", "O bot não está recebendo as mensagens que os clientes mandam no WhatsApp, o número está conectado e com qualidade alta.", "UH"),
]

INCIDENT_SCOPE = {
    "U": ["Está afetando 100% dos nossos clientes, a operação está totalmente parada.",
          "Produção parada! Nenhum cliente consegue ser atendido.",
          "Todos os nossos bots estão impactados, não é um caso isolado.",
          "Pelo que vimos no grupo de parceiros, outras empresas estão com o mesmo problema, parece geral.",
          "Estamos em plena Black Friday e a venda está parada, precisamos de ajuda imediata.",
          "É o nosso único canal de atendimento, está tudo parado desde então.",
          "Impacto total: central de atendimento inteira sem conseguir trabalhar."],
    "H": ["Afeta o nosso bot principal de produção, os outros parecem ok.",
          "Cerca de metade das conversas está sendo afetada.",
          "Só o nosso contrato parece estar afetado, mas é o bot de cobrança, que é crítico para nós.",
          "O atendimento está funcionando de forma muito degradada, a fila só cresce.",
          "Está afetando o canal de WhatsApp, o Blip Chat continua normal.",
          "Nossa equipe de 80 atendentes está trabalhando com muita dificuldade."],
    "N": ["Acontece de forma intermitente, umas poucas vezes por hora.",
          "Afeta só alguns usuários, a maioria das conversas segue normal.",
          "Conseguimos contornar por enquanto, mas precisa ser corrigido.",
          "Não está parando o atendimento, mas atrapalha.",
          "É pontual, aconteceu algumas vezes hoje."],
    "L": ["É só visual, não atrapalha o uso.",
          "Nada urgente, é um detalhe estético.",
          "Não impacta o atendimento, só achamos estranho.",
          "Coisa pequena, mas vale registrar."],
}

INCIDENT_TIME = ["Começou por volta das 9h.", "Desde ontem à noite.", "Desde as 14:20 de hoje.", "Começou há uns 30 minutos.",
                 "Desde a atualização de ontem.", "Desde hoje de manhã.", "Faz umas duas horas.", "Hoje 03/04 a partir das 10h30."]

INCIDENT_EVIDENCE = ["Segue o id de uma mensagem: 7f3c2a90-1b2d-4e11-9c0a-55d2e1f0a7b3.",
                     "O status page de vocês está todo verde, mas o problema continua.",
                     "Testamos em outro navegador e em outra rede, mesmo resultado.",
                     "Não fizemos nenhuma alteração no fluxo nem nas configurações.",
                     "Print do erro em anexo.", "Trace-id: 0af7651916cd43dd8448eb211c80319c",
                     "Já limpamos cache e reiniciamos tudo do nosso lado.",
                     "Nosso monitoramento acusou queda às 09:12."]

INCIDENT_ASK = {"U": ["Por favor tratem como crítico!", "Precisamos de retorno URGENTE.", "Alguém pode olhar agora??"],
                "H": ["Podem verificar com prioridade?", "Aguardo retorno o quanto antes.", "Por favor, verifiquem."],
                "N": ["Podem verificar?", "Aguardo.", "Conseguem dar uma olhada?"],
                "L": ["Quando puderem, corrijam por favor.", "Sem pressa.", "Só para conhecimento."]}

INCIDENT_FULL = [
    ("TUDO FORA", "gente o blip caiu?? nenhum bot responde, portal não abre, cliente reclamando no instagram. nossa operação inteira parada", "urgent"),
    ("Queda geral da plataforma", "Prezados, desde 08:45 a plataforma está indisponível para toda a nossa operação: bots não respondem, o Desk não carrega e a API devolve 504 Gateway Timeout. Abrimos também contato pelo WhatsApp do suporte. Solicitamos atuação imediata.", "urgent"),
    ("mensagens nao estao sendo entregues", "nenhuma mensagem do whatsapp ta sendo entregue, nem as do bot nem as dos atendentes. ja olhamos e o numero ta conectado. socorro", "urgent"),
    ("Lentidão geral", "Boa tarde, notamos lentidão em todos os bots desde as 15h, respostas levando mais de 30 segundos. Nada mudou do nosso lado.", "high"),
    ("Erro 502 intermitente na API", "A API de envio de mensagens está devolvendo 502 Bad Gateway em cerca de 5% das chamadas desde ontem. O restante passa. Conseguem investigar?", "normal"),
    ("Desk caindo toda hora", "os atendentes estao sendo deslogados do desk toda hora hoje, nao da pra trabalhar direito. o bot em si ta ok", "high"),
    ("Campo de busca do histórico desconfigurado", "A caixa de busca no histórico de atendimentos está sobrepondo o título da página. Não impede nada, só fica feio.", "low"),
    ("Relatório com números inconsistentes", "O relatório de atendimentos do mês mostra totais diferentes do export CSV para o mesmo período. Parece um problema no cálculo da plataforma, pois os dados brutos batem com o CSV.", "normal"),
    ("Perda de mensagens", "Desde a madrugada estamos perdendo mensagens: o cliente manda e ela não aparece nem no histórico nem no nosso webhook. Afeta nosso bot de vendas em produção.", "high"),
    ("Template aprovado não envia", "Templates que já estavam aprovados e funcionando há meses agora retornam erro interno ao disparar pela API (status 500, 'internal error'). Não mudamos nada. Campanha de hoje travada.", "high"),
    ("Notificações do Desk sem som", "O alerta sonoro de nova mensagem no Desk parou de tocar para todos os atendentes depois da atualização. O resto funciona.", "normal"),
    ("Erro de digitação na tela de login", "Na tela de login está escrito 'Esqueceu sua snha?'. Só avisando.", "low"),
]

# ---- doubts ----
DOUBT_QUESTIONS = [
    ("Como configurar horário de atendimento", "Como faço para configurar o horário de atendimento da fila para que o bot avise o cliente quando estivermos fechados?"),
    ("Dúvida sobre templates", "Qual a diferença entre template de categoria marketing e utilidade? Quero entender qual usar no aviso de boleto."),
    ("Como integrar com CRM", "Existe alguma forma de enviar os dados coletados pelo bot para o nosso CRM (Salesforce)? Seria via webhook ou tem extensão pronta?"),
    ("Variáveis no builder", "Como salvo a resposta do usuário em uma variável no Builder e uso depois numa requisição HTTP?"),
    ("Quantos atendentes posso ter?", "Quantos atendentes o nosso plano permite cadastrar no Desk? Não achei essa informação no contrato."),
    ("Dúvida sobre cobrança de mensagens", "Como funciona a cobrança das conversas do WhatsApp? Uma conversa iniciada pelo cliente é cobrada igual a uma que nós iniciamos?"),
    ("Tags nos atendimentos", "É possível obrigar o atendente a colocar uma tag antes de encerrar o ticket no Desk?"),
    ("Como testar o bot antes de publicar", "Existe um ambiente de teste ou alguma forma de testar o fluxo sem afetar o bot que está em produção?"),
    ("Regras de transbordo", "Como configuro para o bot transferir para a fila 'Financeiro' quando o usuário digitar boleto?"),
    ("Dúvida sobre API", "Qual endpoint devo usar para consultar o status de entrega de uma mensagem enviada pela API?"),
    ("Respostas rápidas no Desk", "Onde cadastro respostas rápidas para os atendentes usarem no Desk?"),
    ("Limite de caracteres", "Existe limite de caracteres para mensagens de texto e para botões no WhatsApp?"),
    ("Como ver relatórios de atendimento", "Onde encontro o relatório de tempo médio de atendimento por atendente?"),
    ("Permissões de usuário", "Como dou permissão para um colega editar o fluxo do bot sem que ele tenha acesso às configurações de cobrança?"),
    ("Multiplos números de WhatsApp", "Dá para ter dois números de WhatsApp no mesmo bot ou preciso criar outro bot?"),
    ("Pesquisa de satisfação", "Como ativo a pesquisa de satisfação no final do atendimento humano?"),
    ("Uso de IA generativa", "Vocês têm algum recurso de IA generativa para responder perguntas a partir da nossa base de conhecimento? Como habilito?"),
    ("Dúvida sobre opt-in", "Precisamos de opt-in do cliente para mandar template no WhatsApp? Como registrar esse opt-in na plataforma?"),
    ("Como exportar contatos", "Consigo exportar a lista de contatos pelo portal mesmo ou só via API?"),
    ("Janela de 24 horas", "O que é a janela de 24 horas do WhatsApp? O atendente não consegue responder um cliente que falou ontem, isso é normal?"),
    ("Como usar o router", "Como funciona o bot router? Quero separar um bot de vendas e um de suporte atrás do mesmo número."),
    ("Documentação de webhooks", "Onde encontro a documentação dos eventos de webhook e o formato do payload?"),
    ("Configurar mensagem de ausência", "Como configurar uma mensagem automática quando não há atendentes online?"),
    ("Boas práticas de fluxo", "Vocês têm alguma recomendação de boas práticas para montar um menu com muitas opções no WhatsApp?"),
    ("Dúvida sobre SLA", "Qual o prazo de primeira resposta para tickets do nosso plano? Somos plano Plus."),
]

DOUBT_CONFIG_ISSUES = [
    ("Bot não responde fora do horário", "O bot parou de responder depois das 18h. Ontem mexemos nas configurações de horário de atendimento, pode ter a ver? O que devo ajustar?"),
    ("Bot preso no bloco inicial", "Depois que alterei o fluxo ontem o bot fica repetindo a mensagem de boas-vindas e não sai do primeiro bloco. Acho que fiz algo errado na condição de saída, podem me orientar?"),
    ("Webhook não recebe eventos", "Configuramos a URL do webhook mas não recebemos nada. Nosso servidor exige autenticação por token, será que é isso? Como configuro o header?"),
    ("Atendente não vê tickets", "Cadastrei uma nova atendente mas ela não vê nenhum ticket no Desk. Os outros atendentes veem normalmente. Ela precisa estar em alguma fila?"),
    ("Requisição HTTP com erro 401", "A requisição HTTP que o bot faz para a nossa API está retornando 401. Trocamos o token da nossa API semana passada. Onde atualizo isso no bot?"),
    ("Mensagem com variável vazia", "A mensagem do bot está saindo com '{{contact.name}}' em vez do nome do cliente. Configurei algo errado?"),
    ("Template rejeitado", "Nosso template foi rejeitado pela Meta. O que podemos mudar no texto para ser aprovado? Tem alguma regra?"),
    ("Tickets indo para fila errada", "Os tickets de cobrança estão caindo na fila de suporte técnico. Revisamos as regras de atendimento mas não achamos o erro, podem ajudar a entender como funciona a prioridade das regras?"),
    ("Bot não aparece no site", "Coloquei o script do Blip Chat no nosso site mas o botão não aparece. Colei no final do body. Falta alguma coisa?"),
    ("Não recebo e-mail de notificação", "Não estou recebendo os e-mails de novos tickets. Onde configuro as notificações do meu usuário?"),
    ("Botões não aparecem no WhatsApp", "No simulador os botões aparecem, mas no WhatsApp chega só texto. Coloquei 5 botões, será que tem limite?"),
    ("Integração com planilha parou", "A integração com nossa planilha parou depois que mudamos a planilha de pasta no Google Drive. Preciso reconfigurar algo?"),
    ("Pesquisa de satisfação não aparece", "Ativamos a pesquisa de satisfação mas ela não aparece para os clientes. Precisa configurar em cada fila?"),
]

DOUBT_CONTEXT = ["Somos novos na plataforma.", "Li a documentação mas não ficou claro.", "Procurei no fórum e não encontrei.",
                 "Estamos montando um bot novo para o time de vendas.", "Trabalho com o bot da nossa empresa há pouco tempo.",
                 "Pergunto porque o cliente interno está cobrando.", "Nosso plano é o Plus, se ajudar."]
DOUBT_HIGH = ["Vamos entrar em produção amanhã, então precisamos dessa resposta hoje.", "Temos um go-live na segunda, é importante."]
DOUBT_LOW = ["Sem pressa, é só curiosidade.", "Não é urgente.", "Quando puderem responder."]

DOUBT_FULL = [
    ("duvida", "oi, como faço pra colocar uma imagem no começo do fluxo? tentei e nao achei a opção", "normal"),
    ("Pergunta sobre relatório", "Bom dia! O relatório de atendimentos considera o horário de Brasília ou UTC? Queria entender antes de montar nosso painel.", "normal"),
    ("não funciona!!!", "o bot não manda a mensagem de encerramento. no fluxo coloquei o bloco de encerramento depois da pesquisa mas acho que ficou sem ligação. como conecto certo?", "normal"),
    ("Ajuda com fila de atendimento", "Como faço para que um atendente só receba tickets da fila dele? Hoje todos recebem tudo.", "normal"),
    ("Curiosidade sobre roadmap", "Vocês pretendem lançar integração nativa com o RD Station? Só curiosidade mesmo.", "low"),
    ("Como mudar a foto do bot no WhatsApp", "Alguém pode me explicar onde troco a foto de perfil do nosso número de WhatsApp? Quero usar a nova logo.", "normal"),
]

# ---- tasks ----
TASK_REQUESTS = [
    ("Solicitação de exclusão de dados (LGPD)", "Recebemos uma solicitação de um titular e precisamos que vocês excluam todos os dados e conversas do contato com telefone +55 31 98888-1234 da plataforma."),
    ("Extração de logs", "Precisamos dos logs de requisições do bot 'atendimentovendas' entre os dias 10 e 12 deste mês para uma auditoria interna."),
    ("Informações da conta WABA", "Solicito as informações da nossa conta WhatsApp Business (WABA ID, nome de exibição aprovado, limite de mensagens e status de verificação)."),
    ("Alteração do nome de exibição", "Precisamos alterar o display name do nosso número de WhatsApp de 'Loja Maia' para 'Maia Store'. Como só vocês conseguem fazer isso, abrimos este chamado."),
    ("Extração de relatório de conversas", "Solicito a extração de todas as conversas do mês de março do bot de cobrança em CSV, incluindo data, contato e atendente."),
    ("Aumento de limite de mensagens", "Precisamos aumentar o limite de envio de mensagens ativas da nossa conta para a campanha do próximo mês."),
    ("Migração de bot entre contratos", "Pedimos a transferência do bot 'sac-principal' do contrato antigo para o novo contrato da empresa, mantendo histórico."),
    ("Troca de número do WhatsApp", "Queremos trocar o número de telefone vinculado ao nosso bot de WhatsApp pelo novo número da central. O antigo será desativado."),
    ("Aprovação de template", "Por favor, submetam para aprovação os três templates em anexo (aviso de vencimento, confirmação de pedido e pesquisa)."),
    ("Cópia da fatura", "Solicito a segunda via da fatura de fevereiro referente ao consumo de mensagens, com detalhamento por bot."),
    ("Ativar funcionalidade no contrato", "Gostaríamos que habilitassem o módulo de Desk avançado no nosso contrato, conforme aditivo assinado semana passada."),
    ("Inclusão de usuário no contrato", "Por favor, incluam o usuário ana.souza@empresa.com.br como administradora do nosso tenant."),
    ("Remoção de usuário", "Solicito a remoção do acesso do ex-colaborador joao.pereira@empresa.com.br de todos os bots da empresa."),
    ("Histórico de conversas antigo", "Precisamos recuperar o histórico completo de conversas de um cliente específico de 2022 para um processo judicial."),
    ("Alteração do e-mail de cobrança", "Favor alterar o e-mail de envio das faturas para financeiro@empresa.com.br."),
    ("Verificação do Business Manager", "Solicito ajuda de vocês para vincular nossa WABA ao novo Business Manager da empresa, já verificado pela Meta."),
    ("Configuração de SSO", "Gostaríamos de configurar o login único (SSO) com o nosso Azure AD para os usuários do portal. Pelo que entendi isso é feito pelo time de vocês."),
    ("Relatório de consumo", "Preciso de um relatório de consumo de mensagens por bot dos últimos 6 meses para o nosso orçamento."),
    ("Excluir bot antigo", "Pedimos a exclusão definitiva do bot 'teste-natal-2021' e de todos os dados associados."),
    ("Alterar retenção de dados", "Queremos reduzir a retenção de dados das conversas para 90 dias, conforme nossa política de privacidade."),
    ("Liberar IP na allowlist", "Precisamos que liberem nossos novos IPs de saída na configuração da nossa conta para acesso à API."),
    ("Selo verde do WhatsApp", "Gostaríamos de solicitar o selo de conta oficial do WhatsApp para nosso número. Quais documentos precisam?"),
    ("Dados de uma conversa específica", "Solicito o export da conversa do protocolo 202404150034 com todos os anexos, para análise do nosso jurídico."),
]

TASK_CONTEXT = ["Segue em anexo a autorização assinada.", "O contrato é o 4471-B.", "Nosso tenant é 'lojasmaia'.",
                "Isso foi alinhado com nosso gerente de conta.", "O bot em questão é o 'sac-principal'.",
                "Se precisar de alguma aprovação formal, me avisem.", "Podem responder neste mesmo chamado com o arquivo."]
TASK_HIGH = ["O prazo legal para atender o titular vence na sexta-feira.", "Temos uma auditoria na quinta, precisamos disso até lá.",
             "É uma determinação judicial com prazo de 48 horas.", "A campanha começa segunda, precisamos com urgência."]
TASK_LOW = ["Sem urgência.", "Pode ser na próxima semana.", "Quando for possível."]

TASK_FULL = [
    ("lgpd", "pessoal preciso que apaguem os dados de um cliente que pediu pela lgpd, cpf 123.456.789-00, telefone 11 97777-6666. é pra ontem pq o prazo ta acabando", "high"),
    ("Pedido de logs do webhook", "Olá, conseguem extrair os logs de entrega do webhook do nosso bot no dia 02/05 entre 10h e 11h? Queremos conferir se algum evento foi reenviado.", "normal"),
    ("waba", "qual é o id da nossa waba e quem é o dono do business manager? precisamos dessa info pra um fornecedor", "normal"),
    ("Ajuste de configuração interna", "Prezados, solicitamos que alterem o tempo de expiração da sessão do bot de 30 para 60 minutos, configuração que não está disponível no portal.", "normal"),
    ("Extração para BI", "Bom dia, precisamos de um dump dos eventos de tracking do último trimestre para carregar no nosso BI. Pode ser CSV ou JSON.", "low"),
    ("Mudança de titular do contrato", "Pedimos a alteração do responsável técnico do contrato para Fernanda Lima (fernanda.lima@empresa.com.br).", "normal"),
]

# ---- harder hand-written cases: the rule, not the words, decides ----
INCIDENT_FULL += [
    ("Clientes de um estado sem receber", "Só os clientes com DDD 21 não recebem as respostas do bot desde hoje cedo; os outros estados recebem normal. Não temos nenhuma regra por DDD no fluxo.", "high"),
    ("api lenta", "a api de vocês ta levando 8 segundos pra responder um simples GET de contato, normalmente é 300ms. todos os nossos bots estão sofrendo", "urgent"),
    ("Falha no disparo em massa", "O disparo em massa pelo portal trava em 37% e não avança. Já tentamos com listas menores e acontece igual. A campanha atinge só uma parte da base, então não é tudo parado.", "normal"),
    ("Instagram sem mensagens", "O canal de Instagram parou de receber DMs desde a madrugada. WhatsApp e Blip Chat ok. Instagram é nosso segundo canal em volume.", "high"),
    ("Cor errada no widget", "Depois do deploy de vocês a cor do cabeçalho do widget do Blip Chat mudou para cinza sozinha, configuramos azul e no painel continua azul.", "low"),
    ("erro ao anexar arquivo no desk", "atendentes nao conseguem mais anexar arquivo no desk, da erro 'upload failed' pra qualquer arquivo, ate 10kb. o resto do desk ta normal", "normal"),
    ("Bot respondendo mensagens de outro bot", "Estamos vendo clientes do bot de vendas receberem respostas do fluxo do bot de suporte, sem termos alterado o router. Parece um problema de roteamento na plataforma. Isso está confundindo clientes em produção.", "high"),
    ("Queda total da API de contatos", "A API de contatos responde 500 para qualquer chamada há 40 minutos. Sem ela nenhum fluxo nosso consegue identificar o cliente, o atendimento inteiro parou.", "urgent"),
]

DOUBT_FULL += [
    ("Bot parou de funcionar", "O bot parou de funcionar depois que eu apaguei um bloco que achava que não era usado. Tem como recuperar a versão anterior do fluxo?", "normal"),
    ("Erro 429 nas chamadas", "Estamos recebendo 429 quando disparamos muitas mensagens de uma vez pelo nosso sistema. Qual o limite de requisições por segundo e como devemos fazer o controle do nosso lado?", "normal"),
    ("mensagens não chegam", "as mensagens do bot não chegam para um cliente específico, os outros recebem. ele disse que bloqueou o número sem querer. tem algo que a gente possa fazer?", "normal"),
    ("Atendimento humano não funciona", "Quando o cliente pede atendente o bot diz que não tem ninguém disponível, mas tem 3 pessoas logadas. Percebi que elas estão com status 'pausa'. É isso? Como o status afeta a distribuição?", "normal"),
    ("Como funciona o limite de templates", "Quantos templates podemos ter aprovados ao mesmo tempo numa WABA? Queremos planejar as campanhas do ano.", "low"),
    ("Dúvida urgente sobre migração", "Vamos migrar o número da central para a plataforma na sexta. O número precisa estar desconectado do app do WhatsApp antes? Qual o passo a passo do nosso lado?", "high"),
]

TASK_FULL += [
    ("Logs para investigar reclamação", "Um cliente diz que recebeu uma mensagem estranha do nosso bot no dia 14/03 às 16h. Não é um problema na plataforma, só precisamos dos logs daquela conversa para entender o que o fluxo respondeu.", "normal"),
    ("Reativar número bloqueado na WABA", "Nosso segundo número foi desativado na WABA depois que o cliente deixou de usar. Pedimos que reativem e nos informem o status de qualidade atual.", "normal"),
    ("Alteração de configuração do canal", "Solicitamos habilitar o recebimento de mensagens de grupos/listas no canal do WhatsApp, que pelo que soubemos só vocês conseguem ativar.", "low"),
    ("Solicitação jurídica", "Por ordem judicial (processo 0012345-67.2024.8.26.0100), precisamos do conteúdo integral das conversas do número +55 11 91234-5678 entre janeiro e março. Prazo de 5 dias.", "high"),
    ("Apagar conversas de teste", "Podem remover todas as conversas de teste do nosso bot de homologação? São uns 2 mil registros que estão poluindo os relatórios.", "low"),
    ("Exportar base de contatos", "Precisamos da base completa de contatos com os campos extras do bot 'cadastro' em CSV, são mais de 500 mil registros e o export do portal não aguenta.", "normal"),
]
