"""Spanish pieces of the training corpus (Latin American and Spanish usage mixed, as customers write)."""

LANGUAGE = "es"

GREETINGS = ["Hola,", "Hola equipo,", "Buenos días,", "Buenas tardes.", "Estimados,", "Hola, ¿qué tal?", "Buen día,",
             "Estimado equipo de soporte:", "Qué tal chicos,", "Buenas,", ""]
SIGNOFFS = ["Gracias.", "¡Muchas gracias!", "Saludos,\nValentina", "Quedo atento.", "Saludos cordiales,\nJorge Ramírez\nJefe de Operaciones",
            "Gracias de antemano.", "Un saludo, Lucía", "Quedamos a la espera de su respuesta.", "Slds", "Cualquier cosa me avisan.", ""]

INCIDENT_CORES = [
    ("Bot caído", "Nuestro bot dejó de responder en todos los canales, ningún mensaje recibe respuesta.", "UH"),
    ("URGENTE - WhatsApp no entrega mensajes", "Los mensajes que envía el bot por WhatsApp se quedan con un solo check y nunca llegan al cliente.", "UH"),
    ("La API devuelve 503", "Todas las llamadas a la API de mensajes están devolviendo 503 Service Unavailable.", "UH"),
    ("Error 500 al enviar mensajes activos", "El endpoint de notificaciones activas responde HTTP 500 en casi todas las solicitudes.", "UHN"),
    ("El portal no carga", "El portal no carga después de iniciar sesión, se queda en pantalla blanca con el indicador de carga.", "UHN"),
    ("Lentitud en el Desk", "El Desk está lentísimo, los agentes tardan más de un minuto en ver el mensaje del cliente.", "HN"),
    ("Dejaron de llegar los webhooks", "Nuestro endpoint no recibe ningún webhook de la plataforma desde temprano. De nuestro lado no cambiamos nada y en los logs del servidor no entra ninguna petición.", "UHN"),
    ("Mensajes duplicados", "Los clientes reciben el mismo mensaje del bot dos o tres veces seguidas.", "HN"),
    ("Demora en la entrega", "Los mensajes llegan con 10 a 15 minutos de retraso en WhatsApp.", "UHN"),
    ("Falla la derivación a agentes", "Cuando el bot deriva a la cola de atención humana, el ticket no le aparece a ningún agente.", "UHN"),
    ("Analytics en cero", "El panel de analytics muestra cero atenciones desde ayer, aunque el bot está atendiendo con normalidad.", "N"),
    ("Gráfico de eventos falla", "El gráfico de eventos personalizados se congela al filtrar por un período mayor a 7 días.", "NL"),
    ("Timeouts en integraciones", "Las peticiones HTTP que hace el bot a nuestra API dan timeout dentro de la plataforma, pero nuestra API responde en 200 ms desde afuera.", "HN"),
    ("No se puede publicar en el Builder", "Al publicar el flujo en el Builder aparece 'error inesperado' y la versión no se guarda.", "HN"),
    ("El widget de Blip Chat no abre", "El widget de Blip Chat ya no abre en ninguno de nuestros sitios; la consola muestra un 502 al obtener la configuración.", "UH"),
    ("Agentes desconectados", "Los agentes se desconectan del Desk cada pocos minutos y pierden las conversaciones abiertas.", "HN"),
    ("Botón desalineado", "El botón de guardar en la pantalla de configuración del bot aparece cortado y desalineado.", "L"),
    ("Texto sin traducir", "En el menú lateral aparece la clave 'menu.settings.title' en lugar del nombre de la opción.", "L"),
    ("Ícono roto", "El ícono del canal de Instagram se ve roto en la lista de canales del portal.", "L"),
    ("Envíos programados trabados", "Los envíos de plantillas programados para esta mañana no salieron, quedaron todos en 'procesando'.", "UHN"),
    ("Plataforma inestable", "La plataforma está inestable: a veces el bot responde y a veces no, y el portal da error al abrir el historial.", "UH"),
    ("Error al abrir el historial", "Al abrir el historial de conversaciones de un contacto aparece error 500 y la página no carga.", "HN"),
    ("No llegan mensajes multimedia", "Las imágenes y los PDF que envía el bot ya no llegan, solo los mensajes de texto.", "HN"),
    ("La cola no distribuye", "La distribución automática de tickets se detuvo, todo queda en cola sin asignar aunque hay agentes conectados.", "UHN"),
    ("Hora incorrecta en tickets", "Desde la actualización de ayer, los horarios de los tickets en el Desk aparecen con tres horas de diferencia.", "NL"),
    ("Alta latencia en todos los bots", "Todos nuestros bots tardan entre 20 y 40 segundos en responder cualquier mensaje.", "UH"),
    ("Nadie puede iniciar sesión", "Nadie de la empresa puede entrar al portal, sale 'Something went wrong' después de poner la contraseña.", "UH"),
    ("No entran mensajes de WhatsApp", "El bot no recibe lo que los clientes escriben por WhatsApp; el número figura conectado y con calidad alta.", "UH"),
]

INCIDENT_SCOPE = {
    "U": ["Afecta al 100% de nuestros clientes, la operación está totalmente detenida.",
          "¡Producción caída! Ningún cliente puede ser atendido.",
          "Todos nuestros bots están afectados, no es un caso aislado.",
          "Otras empresas en la comunidad de partners reportan lo mismo, parece general.",
          "Estamos en pleno Hot Sale y las ventas están paradas, necesitamos ayuda ya.",
          "Es nuestro único canal de atención y está todo caído desde entonces.",
          "Impacto total: el contact center entero no puede trabajar."],
    "H": ["Afecta a nuestro bot principal de producción; los demás parecen estar bien.",
          "Más o menos la mitad de las conversaciones están afectadas.",
          "Solo parece afectar a nuestra cuenta, pero es el bot de cobranzas, que es crítico.",
          "La atención funciona muy degradada, la cola no para de crecer.",
          "Está afectado el canal de WhatsApp; Blip Chat sigue normal.",
          "Nuestro equipo de 80 agentes está trabajando con mucha dificultad."],
    "N": ["Pasa de forma intermitente, unas pocas veces por hora.",
          "Afecta solo a algunos usuarios, la mayoría de las conversaciones va bien.",
          "Por ahora lo estamos sorteando, pero hay que corregirlo.",
          "No detiene la atención, pero molesta.",
          "Es puntual, pasó algunas veces hoy."],
    "L": ["Es solo visual, no afecta el uso.",
          "Nada urgente, es un detalle estético.",
          "No impacta la atención, solo nos llamó la atención.",
          "Es algo menor, pero vale la pena reportarlo."],
}

INCIDENT_TIME = ["Empezó alrededor de las 9.", "Desde anoche.", "Desde las 14:20 de hoy.", "Comenzó hace unos 30 minutos.",
                 "Desde la actualización de ayer.", "Desde esta mañana.", "Hace unas dos horas.", "Hoy desde las 10:30."]

INCIDENT_EVIDENCE = ["Id de ejemplo de un mensaje: 7f3c2a90-1b2d-4e11-9c0a-55d2e1f0a7b3.",
                     "La página de estado de ustedes está toda en verde, pero el problema sigue.",
                     "Probamos en otro navegador y otra red, mismo resultado.",
                     "No hicimos ningún cambio en el flujo ni en la configuración.",
                     "Adjunto captura del error.", "trace-id: 0af7651916cd43dd8448eb211c80319c",
                     "Ya limpiamos caché y reiniciamos todo de nuestro lado.",
                     "Nuestro monitoreo marcó la caída a las 09:12."]

INCIDENT_ASK = {"U": ["¡Por favor trátenlo como crítico!", "Necesitamos respuesta URGENTE.", "¿¿Alguien puede revisarlo ya??"],
                "H": ["¿Pueden revisarlo con prioridad?", "Quedo atento a su respuesta lo antes posible.", "Por favor, revisen."],
                "N": ["¿Pueden revisarlo?", "Quedo atento.", "¿Le pueden echar un vistazo?"],
                "L": ["Cuando puedan, corríjanlo por favor.", "Sin apuro.", "Solo para que lo sepan."]}

INCIDENT_FULL = [
    ("SE CAYÓ TODO", "se cayó blip?? ningún bot responde, el portal no abre, los clientes se quejan en redes. toda la operación parada", "urgent"),
    ("Caída general de la plataforma", "Estimados, desde las 08:45 la plataforma no está disponible para toda nuestra operación: los bots no responden, el Desk no carga y la API devuelve 504 Gateway Timeout. También escribimos al WhatsApp de soporte. Solicitamos atención inmediata.", "urgent"),
    ("no se entregan los mensajes", "ningun mensaje de whatsapp se esta entregando, ni los del bot ni los de los agentes. el numero esta conectado. ayuda por favor", "urgent"),
    ("Lentitud general", "Buenas tardes, notamos lentitud en todos los bots desde las 15 h, respuestas de más de 30 segundos. No cambiamos nada.", "high"),
    ("502 intermitente en la API", "La API de envío de mensajes devuelve 502 Bad Gateway en alrededor del 5% de las llamadas desde ayer; el resto funciona. ¿Pueden investigarlo?", "normal"),
    ("El Desk se cae a cada rato", "los agentes se desconectan del desk todo el tiempo hoy, no se puede trabajar bien. el bot anda bien", "high"),
    ("Buscador superpuesto", "El cuadro de búsqueda del historial de atenciones se superpone con el título de la página. No impide nada, solo se ve mal.", "low"),
    ("Totales del reporte no coinciden", "El reporte mensual de atenciones muestra totales distintos al export CSV del mismo período. Parece un error de cálculo de la plataforma, porque los datos crudos coinciden con el CSV.", "normal"),
    ("Se pierden mensajes", "Desde la madrugada estamos perdiendo mensajes: el cliente escribe y no aparece ni en el historial ni en nuestro webhook. Afecta al bot de ventas en producción.", "high"),
    ("Plantillas aprobadas fallan", "Plantillas aprobadas y funcionando desde hace meses ahora devuelven error interno al enviarlas por la API (status 500). No cambiamos nada. La campaña de hoy está trabada.", "high"),
    ("Sin sonido en notificaciones del Desk", "El sonido de nuevo mensaje en el Desk dejó de sonar para todos los agentes después de la actualización. Lo demás funciona.", "normal"),
    ("Error de tipeo en el login", "En la pantalla de inicio de sesión dice '¿Olvidaste tu contraseña?' con la tilde mal puesta: 'contraséña'. Solo aviso.", "low"),
]

DOUBT_QUESTIONS = [
    ("Configurar horario de atención", "¿Cómo configuro el horario de atención de la cola para que el bot avise al cliente cuando estamos cerrados?"),
    ("Consulta sobre plantillas", "¿Cuál es la diferencia entre una plantilla de marketing y una de utilidad? ¿Cuál conviene para recordatorios de pago?"),
    ("Integración con CRM", "¿Hay forma de enviar los datos que recolecta el bot a nuestro CRM (Salesforce)? ¿Por webhook o hay una extensión lista?"),
    ("Variables en el Builder", "¿Cómo guardo la respuesta del usuario en una variable en el Builder y la uso después en una petición HTTP?"),
    ("¿Cuántos agentes incluye el plan?", "¿Cuántos agentes podemos dar de alta en el Desk con nuestro plan? No encontré el dato en el contrato."),
    ("Consulta sobre facturación de mensajes", "¿Cómo se cobran las conversaciones de WhatsApp? ¿Una conversación iniciada por el cliente cuesta lo mismo que una que iniciamos nosotros?"),
    ("Etiquetas obligatorias", "¿Se puede obligar al agente a poner una etiqueta antes de cerrar el ticket en el Desk?"),
    ("Probar el bot antes de publicar", "¿Existe un ambiente de pruebas o alguna forma de probar el flujo sin tocar el bot de producción?"),
    ("Reglas de derivación", "¿Cómo configuro que el bot derive a la cola 'Facturación' cuando el usuario escribe factura?"),
    ("Consulta sobre la API", "¿Qué endpoint debo usar para consultar el estado de entrega de un mensaje enviado por la API?"),
    ("Respuestas rápidas", "¿Dónde cargo respuestas rápidas para que las usen los agentes en el Desk?"),
    ("Límite de caracteres", "¿Hay un límite de caracteres para mensajes de texto y para los botones en WhatsApp?"),
    ("Reportes de atención", "¿Dónde encuentro el reporte de tiempo medio de atención por agente?"),
    ("Permisos de usuarios", "¿Cómo le doy permiso a un compañero para editar el flujo sin que vea la configuración de facturación?"),
    ("Dos números en un bot", "¿Un bot puede tener dos números de WhatsApp o tengo que crear otro bot?"),
    ("Encuesta de satisfacción", "¿Cómo activo la encuesta de satisfacción al final de la atención humana?"),
    ("IA generativa", "¿Tienen alguna función de IA generativa que responda a partir de nuestra base de conocimiento? ¿Cómo la habilitamos?"),
    ("Consulta sobre opt-in", "¿Necesitamos opt-in del cliente para enviarle plantillas por WhatsApp? ¿Cómo lo registramos en la plataforma?"),
    ("Exportar contactos", "¿Puedo exportar la lista de contactos desde el portal o solo por API?"),
    ("Ventana de 24 horas", "¿Qué es la ventana de 24 horas de WhatsApp? Un agente no puede responderle a un cliente que escribió ayer, ¿es normal?"),
    ("Cómo usar el router", "¿Cómo funciona el bot router? Queremos un bot de ventas y uno de soporte detrás del mismo número."),
    ("Documentación de webhooks", "¿Dónde está la documentación de los eventos de webhook y el formato del payload?"),
    ("Mensaje de ausencia", "¿Cómo configuro un mensaje automático cuando no hay agentes conectados?"),
    ("Buenas prácticas de flujo", "¿Tienen recomendaciones para armar un menú con muchas opciones en WhatsApp?"),
    ("Consulta sobre SLA", "¿Cuál es el plazo de primera respuesta para los tickets de nuestro plan? Tenemos plan Super."),
]

DOUBT_CONFIG_ISSUES = [
    ("El bot no responde fuera de horario", "El bot deja de responder después de las 18 h. Ayer cambiamos la configuración del horario de atención, ¿puede ser eso? ¿Qué debería ajustar?"),
    ("Bot trabado en el bloque inicial", "Después de modificar el flujo ayer, el bot repite el mensaje de bienvenida y no sale del primer bloque. Creo que puse mal la condición de salida, ¿me pueden orientar?"),
    ("El webhook no recibe eventos", "Configuramos la URL del webhook pero no nos llega nada. Nuestro servidor pide un token en el header, ¿será eso? ¿Cómo lo configuro?"),
    ("Agente nuevo no ve tickets", "Di de alta a una agente nueva pero no ve ningún ticket en el Desk, los demás sí. ¿Tiene que estar asignada a alguna cola?"),
    ("Petición HTTP con 401", "La petición HTTP que hace el bot a nuestra API devuelve 401. Cambiamos el token de nuestra API la semana pasada. ¿Dónde lo actualizo en el bot?"),
    ("Variable sin reemplazar", "El mensaje del bot sale con '{{contact.name}}' en lugar del nombre del cliente. ¿Configuré algo mal?"),
    ("Plantilla rechazada", "Meta rechazó nuestra plantilla. ¿Qué podemos cambiar en el texto para que la aprueben? ¿Hay reglas?"),
    ("Tickets en la cola equivocada", "Los tickets de facturación caen en la cola de soporte técnico. Revisamos las reglas de atención y no encontramos el error, ¿cómo funciona la prioridad de las reglas?"),
    ("El botón del chat no aparece", "Pegué el script de Blip Chat en nuestro sitio pero el botón no aparece. Lo puse al final del body. ¿Me falta algo?"),
    ("No me llegan correos de notificación", "No recibo los correos de tickets nuevos. ¿Dónde configuro las notificaciones de mi usuario?"),
    ("No aparecen los botones en WhatsApp", "En el simulador se ven los botones, pero en WhatsApp llega solo texto. Puse 5 botones, ¿hay un límite?"),
    ("Se cortó la integración con la planilla", "La integración con nuestra planilla dejó de funcionar cuando movimos el archivo a otra carpeta de Google Drive. ¿Tengo que reconfigurar algo?"),
    ("La encuesta no aparece", "Activamos la encuesta de satisfacción pero a los clientes no les aparece. ¿Hay que configurarla en cada cola?"),
]

DOUBT_CONTEXT = ["Somos nuevos en la plataforma.", "Leí la documentación pero no me quedó claro.", "Busqué en el foro y no encontré nada.",
                 "Estamos armando un bot nuevo para el equipo de ventas.", "Hace poco me hice cargo del bot de la empresa.",
                 "Pregunto porque un área interna nos lo está pidiendo.", "Tenemos plan Plus, por si sirve."]
DOUBT_HIGH = ["Salimos a producción mañana, así que necesitamos la respuesta hoy.", "Tenemos un lanzamiento el lunes, es importante."]
DOUBT_LOW = ["Sin apuro, es solo curiosidad.", "No es urgente.", "Cuando puedan responder."]

DOUBT_FULL = [
    ("consulta", "hola, como hago para poner una imagen al inicio del flujo? probé y no encuentro la opción", "normal"),
    ("Zona horaria del reporte", "¡Buen día! ¿El reporte de atenciones usa hora de Buenos Aires o UTC? Quiero saberlo antes de armar nuestro tablero.", "normal"),
    ("no funciona!!!", "el bot no manda el mensaje de cierre. en el flujo puse el bloque de cierre después de la encuesta pero creo que quedó sin conectar. cómo lo conecto bien?", "normal"),
    ("Ayuda con colas", "¿Cómo hago para que un agente reciba solo los tickets de su cola? Hoy todos reciben todo.", "normal"),
    ("Curiosidad sobre el roadmap", "¿Tienen pensado lanzar una integración nativa con Zendesk? Es solo curiosidad.", "low"),
    ("Cambiar la foto del perfil de WhatsApp", "¿Alguien me explica dónde cambio la foto de perfil de nuestro número de WhatsApp? Tenemos logo nuevo.", "normal"),
]

TASK_REQUESTS = [
    ("Solicitud de eliminación de datos", "Recibimos un pedido de un titular y necesitamos que eliminen todos los datos y conversaciones del contacto +54 9 11 5555-1234 de la plataforma."),
    ("Extracción de logs", "Necesitamos los logs de peticiones del bot 'ventasonline' entre el 10 y el 12 de este mes para una auditoría interna."),
    ("Información de la cuenta WABA", "Solicito la información de nuestra cuenta de WhatsApp Business (WABA ID, nombre visible aprobado, límite de mensajes y estado de verificación)."),
    ("Cambio de nombre visible", "Necesitamos cambiar el nombre visible de nuestro número de WhatsApp de 'Tienda Sol' a 'Sol Store'. Como solo ustedes pueden hacerlo, abrimos este pedido."),
    ("Extracción de conversaciones", "Solicito la extracción de todas las conversaciones de marzo del bot de cobranzas en CSV, con fecha, contacto y agente."),
    ("Aumento del límite de mensajes", "Necesitamos que aumenten el límite de envío de mensajes activos de nuestra cuenta para la campaña del mes próximo."),
    ("Migrar bot entre contratos", "Pedimos transferir el bot 'soporte-principal' del contrato anterior al contrato nuevo de la empresa, conservando el historial."),
    ("Cambio de número de WhatsApp", "Queremos reemplazar el número vinculado a nuestro bot de WhatsApp por el nuevo número del contact center. El anterior se va a dar de baja."),
    ("Aprobación de plantillas", "Por favor, envíen a aprobación las tres plantillas adjuntas (recordatorio de vencimiento, confirmación de pedido y encuesta)."),
    ("Copia de factura", "Solicito copia de la factura de febrero por consumo de mensajes, con el detalle por bot."),
    ("Habilitar funcionalidad en el contrato", "Queremos que habiliten el módulo de Desk avanzado en nuestro contrato, según la adenda firmada la semana pasada."),
    ("Alta de usuario en el contrato", "Por favor, den de alta a laura.martinez@empresa.com.ar como administradora de nuestro tenant."),
    ("Baja de usuario", "Solicito quitar el acceso del ex empleado pablo.gomez@empresa.com.ar a todos los bots de la empresa."),
    ("Historial de conversaciones antiguo", "Necesitamos recuperar el historial completo de conversaciones de un cliente puntual de 2022 para un proceso judicial."),
    ("Cambio de correo de facturación", "Por favor, cambien el correo al que se envían las facturas por facturacion@empresa.com.ar."),
    ("Vincular Business Manager", "Necesitamos ayuda de ustedes para vincular nuestra WABA al nuevo Business Manager de la empresa, ya verificado por Meta."),
    ("Configuración de SSO", "Queremos configurar inicio de sesión único (SSO) con nuestro Azure AD para los usuarios del portal. Entiendo que lo configura el equipo de ustedes."),
    ("Reporte de consumo", "Necesito un reporte de consumo de mensajes por bot de los últimos 6 meses para el presupuesto."),
    ("Eliminar bot viejo", "Pedimos la eliminación definitiva del bot 'prueba-navidad-2021' y de todos sus datos."),
    ("Cambiar retención de datos", "Queremos reducir la retención de datos de las conversaciones a 90 días, según nuestra política de privacidad."),
    ("Agregar IP a la lista permitida", "Necesitamos que agreguen nuestras nuevas IP de salida a la lista permitida de nuestra cuenta para acceder a la API."),
    ("Insignia de cuenta oficial", "Queremos solicitar la insignia de cuenta oficial de WhatsApp para nuestro número. ¿Qué documentos necesitan?"),
    ("Datos de una conversación puntual", "Solicito exportar la conversación del ticket 202404150034 con todos los adjuntos, para nuestro equipo legal."),
]

TASK_CONTEXT = ["Adjunto la autorización firmada.", "El contrato es el 4471-B.", "Nuestro tenant es 'tiendasol'.",
                "Esto lo acordamos con nuestro ejecutivo de cuenta.", "El bot en cuestión es 'soporte-principal'.",
                "Si necesitan una aprobación formal, avísenme.", "Pueden responder en este mismo ticket con el archivo."]
TASK_HIGH = ["El plazo legal para responder al titular vence el viernes.", "Tenemos una auditoría el jueves y lo necesitamos antes.",
             "Es una orden judicial con plazo de 48 horas.", "La campaña arranca el lunes, es urgente."]
TASK_LOW = ["Sin urgencia.", "Puede ser la semana que viene.", "Cuando sea posible."]

TASK_FULL = [
    ("datos personales", "chicos necesito que borren los datos de un cliente que lo pidió por ley de protección de datos, dni 30.123.456, tel 11 4444-5555. el plazo se vence así que lo antes posible", "high"),
    ("Logs de entrega del webhook", "Hola, ¿pueden sacar los logs de entrega del webhook de nuestro bot del 02/05 entre las 10 y las 11? Queremos ver si algún evento se reintentó.", "normal"),
    ("waba", "cuál es el id de nuestra waba y quién es el dueño del business manager? lo necesita un proveedor", "normal"),
    ("Cambio de configuración interna", "Estimados, solicitamos cambiar el tiempo de expiración de la sesión del bot de 30 a 60 minutos; esa configuración no está disponible en el portal.", "normal"),
    ("Extracción para BI", "Buen día, necesitamos un volcado de los eventos de tracking del último trimestre para cargarlo en nuestro BI. Puede ser CSV o JSON.", "low"),
    ("Cambio de responsable técnico", "Solicitamos cambiar el responsable técnico del contrato a Martina Ruiz (martina.ruiz@empresa.com.ar).", "normal"),
]

# ---- harder hand-written cases: the rule, not the words, decides ----
INCIDENT_FULL += [
    ("Clientes de una provincia sin respuesta", "Solo los clientes con característica de Córdoba dejaron de recibir respuestas del bot desde temprano; el resto del país funciona. No tenemos ninguna regla por zona en el flujo.", "high"),
    ("api lenta", "la api de ustedes tarda 8 segundos en responder un GET de contacto, normalmente son 300ms. todos nuestros bots están sufriendo", "urgent"),
    ("Falla en el envío masivo", "El envío masivo desde el portal se traba en 37% y no avanza. Con listas más chicas pasa lo mismo. La campaña llega solo a una parte de la base, así que no está todo parado.", "normal"),
    ("Instagram sin mensajes", "El canal de Instagram no recibe mensajes directos desde la madrugada. WhatsApp y Blip Chat andan bien. Instagram es nuestro segundo canal en volumen.", "high"),
    ("Color del widget cambiado", "Después del deploy de ustedes el encabezado del widget de Blip Chat se puso gris solo; lo configuramos azul y en el panel sigue diciendo azul.", "low"),
    ("error al adjuntar archivos en el desk", "los agentes ya no pueden adjuntar archivos en el desk, da 'upload failed' con cualquier archivo, hasta de 10kb. lo demás del desk anda normal", "normal"),
    ("Bot respondiendo con el flujo de otro bot", "Clientes del bot de ventas reciben respuestas del flujo del bot de soporte, y no tocamos el router. Parece un problema de enrutamiento en la plataforma. Está confundiendo a clientes en producción.", "high"),
    ("Caída total de la API de contactos", "La API de contactos responde 500 a cualquier llamada desde hace 40 minutos. Sin ella ningún flujo puede identificar al cliente, la atención entera se detuvo.", "urgent"),
]

DOUBT_FULL += [
    ("El bot dejó de funcionar", "El bot dejó de funcionar después de que borré un bloque que creía que no se usaba. ¿Se puede recuperar la versión anterior del flujo?", "normal"),
    ("Error 429 en las llamadas", "Recibimos 429 cuando nuestro sistema envía muchos mensajes juntos. ¿Cuál es el límite de peticiones por segundo y cómo deberíamos controlarlo de nuestro lado?", "normal"),
    ("no le llegan los mensajes a un cliente", "los mensajes del bot no le llegan a un cliente puntual, a los demás sí. dice que bloqueó el número sin querer. podemos hacer algo?", "normal"),
    ("La derivación a humano no funciona", "Cuando el cliente pide un agente el bot dice que no hay nadie disponible, pero hay 3 personas conectadas. Vi que están en estado 'pausa'. ¿Es eso? ¿Cómo afecta el estado a la distribución?", "normal"),
    ("Límite de plantillas por WABA", "¿Cuántas plantillas aprobadas podemos tener a la vez en una WABA? Estamos planificando las campañas del año.", "low"),
    ("Consulta urgente sobre migración de número", "El viernes pasamos el número del contact center a la plataforma. ¿Hay que desconectarlo antes de la app de WhatsApp? ¿Cuáles son los pasos de nuestro lado?", "high"),
]

TASK_FULL += [
    ("Logs para revisar un reclamo", "Un cliente dice que el bot le mandó un mensaje raro el 14/03 a las 16 h. No es un problema de la plataforma, solo necesitamos los logs de esa conversación para ver qué respondió el flujo.", "normal"),
    ("Reactivar número en la WABA", "Nuestro segundo número quedó desactivado en la WABA después de un tiempo sin uso. Pedimos que lo reactiven y nos informen su calificación de calidad actual.", "normal"),
    ("Cambio de configuración del canal", "Solicitamos habilitar la recepción de mensajes de grupos en el canal de WhatsApp; nos dijeron que solo ustedes pueden activarlo.", "low"),
    ("Pedido legal", "Por orden judicial (expediente 12345/2024) necesitamos el contenido completo de las conversaciones con el +54 9 11 6123-4567 entre enero y marzo. Plazo de 5 días.", "high"),
    ("Borrar conversaciones de prueba", "¿Pueden eliminar todas las conversaciones de prueba de nuestro bot de homologación? Son unos 2 mil registros que ensucian los reportes.", "low"),
    ("Exportar base de contactos", "Necesitamos la base completa de contactos con los campos extra del bot 'registro' en CSV; son más de 500 mil registros y el export del portal no da abasto.", "normal"),
]
