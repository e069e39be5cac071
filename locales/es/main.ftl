# SafeHarbor — mensajes de la interfaz (español). Mismos ids y variables en todos los idiomas.

## Comandos

cmd-indicators-desc = Consultar factores de riesgo y señales de alerta de la trata
    .usage = indicators [palabras]
cmd-indicators-opt-words = Palabras para buscar, como hotel o deuda
cmd-concern-desc = Informar en privado al consejero designado sobre una preocupación
    .usage = concern REF-ESTUDIANTE detalles…
cmd-concern-opt-details = La referencia del estudiante y lo que observó
cmd-concern-list-desc = Casos que puede ver (consejeros, coordinadores, administradores)
    .usage = concern lista [todos]
cmd-concern-show-desc = Un caso, con su historial
    .usage = concern ver CASO
cmd-concern-ack-desc = Confirmar que atiende un caso (se avisa a quien reportó, solo el estado)
    .usage = concern confirmar CASO
cmd-concern-note-desc = Agregar una nota privada a un caso
    .usage = concern nota CASO texto…
cmd-concern-reassign-desc = Pasar un caso a otro consejero de la escuela
    .usage = concern reasignar CASO CORREO
cmd-concern-refer-desc = Registrar una derivación: CPS, policía o un aliado por su id
    .usage = concern derivar CASO cps|law_enforcement|ID-ALIADO [nota…]
cmd-concern-close-desc = Cerrar un caso con su resultado
    .usage = concern cerrar CASO resultado…
cmd-concern-audit-desc = Cada consulta y cambio de un caso (administradores)
    .usage = concern auditoria CASO
cmd-partners-desc = Buscar organizaciones aliadas locales y líneas nacionales
    .usage = partners [categoría] [palabras]
cmd-partners-opt-query = Una categoría (como refugio) y/o palabras
cmd-training-desc = Sus cursos de capacitación y fechas límite
cmd-training-opt-action = hecho CURSO, informe o recordar (o done, report, remind)
cmd-training-done-desc = Registrar un curso terminado
    .usage = training hecho CURSO [AAAA-MM-DD]
    .usage-wider = training hecho CURSO [AAAA-MM-DD] [para CORREO]
cmd-training-report-desc = Cumplimiento de la capacitación por escuela y función (coordinadores)
    .usage = training informe
cmd-training-remind-desc = Enviar ahora los recordatorios pendientes (coordinadores)
    .usage = training recordar
cmd-checkin-desc = Planes de seguimiento para un estudiante que regresa
cmd-checkin-opt-action = programar, lista, hecho, omitir, pausar, reanudar, cancelar, cambiar, historial o calendario
cmd-checkin-schedule-desc = Crear un plan de seguimiento para un caso
    .usage = checkin programar CASO cada N semana(s)|mes(es) los DÍA|el día D|el PRIMER DÍA [durante K seguimientos; luego, cada …] a las HH:MM con CORREO[,CORREO…] [desde AAAA-MM-DD] [hasta AAAA-MM-DD] [zona ZONA] [recordar 24h,1h]
cmd-checkin-list-desc = Planes y sus próximos seguimientos
    .usage = checkin lista [CASO]
cmd-checkin-done-desc = Registrar un seguimiento como realizado
    .usage = checkin hecho ID [nota…]
cmd-checkin-skip-desc = Registrar un seguimiento como omitido
    .usage = checkin omitir ID [motivo…]
cmd-checkin-pause-desc = Pausar un plan
    .usage = checkin pausar PLAN [motivo…]
cmd-checkin-resume-desc = Reanudar un plan pausado
    .usage = checkin reanudar PLAN
cmd-checkin-cancel-desc = Cancelar un plan
    .usage = checkin cancelar PLAN [motivo…]
cmd-checkin-change-desc = Cambiar la frecuencia de un plan, o a quién está asignado
    .usage = checkin cambiar PLAN cada … [a las HH:MM] [con CORREO[,CORREO…]] [desde AAAA-MM-DD] [hasta AAAA-MM-DD] [zona ZONA] [recordar 24h,1h] [porque motivo…], o checkin cambiar PLAN con CORREO[,CORREO…] [porque motivo…]
cmd-checkin-log-desc = Los cambios de un plan: quién, cuándo y por qué
    .usage = checkin historial PLAN
cmd-safeharbor-desc = Ayuda y su idioma
cmd-safeharbor-opt-action = ayuda, o idioma CÓDIGO
cmd-safeharbor-help-desc = Qué puede hacer SafeHarbor
    .usage = safeharbor ayuda
cmd-safeharbor-language-desc = Elegir su idioma (en-US, es o auto)
    .usage = safeharbor idioma CÓDIGO

## Errores

error-text-too-long = El texto es demasiado largo ({ $count } caracteres). El límite es { $limit }; acórtelo, por favor.
error-not-allowed = Lo sentimos, esa opción no está disponible para usted.
error-unknown-command = No existe el comando { $command }. Puede usar:
error-unknown-subcommand = { $command } no reconoce «{ $word }».
error-not-available-yet = { $command } todavía no está disponible en esta instalación.
error-try-again = Algo falló de nuestro lado y no se guardó nada. Inténtelo de nuevo en un minuto. Si un estudiante puede estar en peligro, llame al 911 ahora.
error-rate-limited = Está enviando comandos más rápido de lo que SafeHarbor acepta. Espere un minuto e inténtelo de nuevo.
concern-rate-limited = Esta inquietud no se guardó: llegaron demasiadas inquietudes suyas o de su espacio de trabajo en la última hora. Avise directamente al consejero de su escuela o inténtelo más tarde. Si un estudiante puede estar en peligro inmediato, llame al 911 ahora.
concern-unconfirmed = No pudimos llegar a nuestra base de datos, así que puede que esta inquietud no se haya guardado. Pulse Enviar de nuevo en un momento: una repetición se reconoce y se registra una sola vez. Si un estudiante puede estar en peligro, llame al 911 ahora.

## Ayuda

help-title = Ayuda de SafeHarbor
help-intro = SafeHarbor le ayuda a seguir el protocolo de su escuela ante una sospecha de trata infantil. Comandos:
help-not-emergency = SafeHarbor no es un servicio de emergencias y no sustituye al 911 ni a la denuncia obligatoria que exige su estado.

## Idioma

language-current = Su idioma es { $name } ({ $locale }). Disponibles: { $codes }. Use «idioma CÓDIGO», o «idioma auto» para seguir el idioma de su aplicación de chat.
language-not-on-roster = Podrá guardar su idioma cuando esté en la lista del personal; consulte a su coordinador.
language-auto = A partir de ahora su idioma será el de su aplicación de chat.
language-unknown = «{ $code }» no es un idioma disponible. Disponibles: { $codes }.
language-set = Su idioma ahora es { $name } ({ $locale }).
# El nombre de este idioma, en él mismo.
language-name = español

## Indicadores

indicators-title = Señales de alerta y factores de riesgo
indicators-intro = Elija una categoría o busque con palabras (por ejemplo: hotel, deuda, tatuaje).
indicators-how-to-search = Para buscar: { $command } seguido de palabras, o el nombre de una categoría, como laboral.
indicators-results = Resultados para «{ $query }» ({ $count })
indicators-more = Hay { $count } resultados más; agregue una palabra para afinar la búsqueda.
indicators-no-match = Nada en el catálogo coincide con «{ $query }». Estas son las categorías:
indicators-footer = ¿Notó algo de esto? Use { $concern }. No interrogue usted al estudiante.

## Aliados

partners-title = Organizaciones que atienden a { $school }
partners-title-category = { $category }: organizaciones que atienden a { $school }
partners-more = Hay { $count } más; afine con una categoría o palabras, p. ej. { $command } refugio.
partners-no-match = Ninguna organización que atiende a { $school } coincide con «{ $query }».
partners-categories = Categorías que puede pedir:
partners-none-in-category = El directorio todavía no tiene ninguna organización de «{ $category }» que atienda a { $school }; su coordinador puede agregar las locales.
partners-meanwhile = Mientras tanto, estas líneas nacionales pueden ayudar:
partners-emergency = En una emergencia llame al 911. SafeHarbor no sustituye la denuncia obligatoria.
partner-field-phone = Teléfono
partner-field-text = Mensaje de texto
partner-field-email = Correo
partner-field-url = Web
partner-field-address = Dirección
partner-field-hours = Horario
partner-field-languages = Idiomas
partner-field-mou = Convenio (MOU) vigente desde
partner-field-verified = Verificado
partner-address-confidential = reservada (ubicación confidencial)
partner-open-24-7 = 24 horas, 7 días
partner-yes = sí
partner-verified = { $date } por { $by }
partner-never-verified = nunca
partner-stale = No se ha verificado en los últimos { $days } días: confirme los datos antes de confiar en ellos.

partner-cat-hotline = Líneas de ayuda
    .terms = línea de ayuda, línea directa, línea de crisis, teléfono
partner-cat-trafficking_services = Servicios contra la trata
    .terms = trata, servicios para sobrevivientes
partner-cat-child_welfare = Protección infantil
    .terms = protección infantil, cps, servicios sociales, bienestar infantil
partner-cat-law_enforcement = Policía
    .terms = policía, sheriff, agente, detective, autoridades
partner-cat-runaway_homeless = Jóvenes fugados o sin hogar
    .terms = fugado, sin hogar, calle, albergue juvenil
partner-cat-sexual_assault_dv = Agresión sexual y violencia doméstica
    .terms = agresión sexual, violencia doméstica, violación, abuso
partner-cat-child_advocacy_center = Centros de defensa infantil
    .terms = centro de defensa, cac, entrevista forense
partner-cat-mental_health = Salud mental
    .terms = salud mental, consejería, terapia, terapeuta, crisis
partner-cat-health = Salud
    .terms = salud, clínica, médico, doctor, enfermera
partner-cat-housing_shelter = Vivienda y refugio
    .terms = refugio, albergue, vivienda, casa segura
partner-cat-legal_advocacy = Asesoría legal
    .terms = legal, abogado, inmigración, asesoría
partner-cat-labor = Trabajo
    .terms = laboral, empleo, salario, trabajo
partner-cat-other = Otras organizaciones
    .terms = otro

## Las descripciones de las líneas nacionales que vienen con SafeHarbor (data/partners/national.csv), en el idioma de
## quien lee, mientras la descripción de la línea sea la original en inglés
partner-desc-nhth = Línea de ayuda a toda hora para denunciar una sospecha de trata o pedir ayuda, con personal que habla inglés y español e intérpretes para más de 200 idiomas.
partner-desc-childhelp = Línea de ayuda a toda hora con apoyo en crisis, orientación para denunciar el maltrato infantil y derivación a ayuda local.
partner-desc-ncmec = Para denunciar a un menor desaparecido o explotado sexualmente en el 1-800-THE-LOST, también la explotación en línea a través de la CyberTipline.
partner-desc-lifeline-988 = Apoyo gratuito por llamada, mensaje de texto o chat para cualquier persona en una crisis suicida, de salud mental o por consumo de sustancias.

## Preocupaciones (/concern). El comprobante y los avisos de estado para quien reporta
## nunca llevan la referencia del estudiante ni los detalles: solo el número de caso.

concern-form-title = Nueva preocupación
concern-form-submit = Enviar en privado
concern-form-intro = En Slack y Discord esto se abre como un formulario. Aquí, escríbalo en una sola línea:
concern-usage-file = { $command } REF-ESTUDIANTE detalles…  Escriba la palabra peligro justo después de la referencia del estudiante si este corre peligro inmediato, y #ID-INDICADOR por cada señal que observó.
concern-field-student = Referencia del estudiante
concern-hint-student = Un número de estudiante o sus iniciales; evite el nombre completo.
concern-field-observed = Lo que se observó
concern-hint-observed = Elija las señales que correspondan (opcional).
concern-field-details = Detalles
concern-hint-details = Lo que vio u oyó, cuándo y dónde. Solo hechos; no interrogue al estudiante.
concern-field-danger = ¿Corre el estudiante peligro inmediato?
concern-danger-yes = Sí (llame al 911 ahora)
concern-danger-no = No

concern-error-student-missing = Referencia del estudiante: obligatoria. Use un número de estudiante o sus iniciales.
concern-error-student-too-long = Referencia del estudiante: { $max } caracteres como máximo. Use un número de estudiante o sus iniciales.
concern-error-indicator-unknown = Lo que se observó: «{ $id }» no está en el catálogo de indicadores; { $command } PALABRAS muestra cada señal con su #id.
concern-error-details-missing = Detalles: obligatorios. Describa lo que vio u oyó.
concern-error-details-too-long = Detalles: { $max } caracteres como máximo (usted escribió { $count }).
concern-error-nothing-saved = No se guardó nada. Corrija lo anterior y vuelva a enviarlo:

concern-call-911-now = Si el estudiante corre peligro inmediato, llame al 911 ahora. SafeHarbor no es un servicio de emergencias.
concern-receipt-title = Preocupación recibida: caso { $case }
concern-receipt-routed = Su preocupación llegó en privado al consejero designado de su escuela.
concern-receipt-routed-danger = Su preocupación llegó en privado, a la vez, a los consejeros y a los administradores.
concern-reminder-no-questioning = No interrogue usted al estudiante sobre esto.
concern-reminder-follow-up = El consejero se pondrá en contacto con usted. Guarde el número de caso { $case } como referencia.
concern-reminder-not-replacement = SafeHarbor no sustituye al 911 ni a la denuncia obligatoria que exige su estado: si la ley le obliga a denunciar, hágalo igualmente.
concern-no-counselor = El caso { $case } quedó guardado, pero su escuela aún no tiene un consejero configurado en SafeHarbor. Informe también en persona, ahora, al consejero designado o a un administrador.

concern-handoff-title = Nueva preocupación { $case }
concern-handoff-title-danger = PELIGRO INMEDIATO: nueva preocupación { $case }
concern-handoff-danger = Quien reporta indica que el estudiante podría correr peligro inmediato; se le pidió llamar al 911. Actúe ahora, por favor.
concern-show-title = Caso { $case }
concern-show-title-danger = Caso { $case }, reportado como peligro inmediato
concern-handoff-footer = Solo para usted; nunca lo comparta en un canal. Comandos de texto: { $command } confirmar { $case } · { $command } nota { $case } TEXTO · { $command } reasignar { $case } CORREO · { $command } derivar { $case } cps|law_enforcement|ID-ALIADO · { $command } cerrar { $case } RESULTADO
concern-field-case = Caso
concern-field-reporter = Reportado por
concern-field-school = Escuela
concern-field-filed = Fecha del reporte
concern-field-state = Estado
concern-field-assigned = Asignado a
concern-no-indicators = No se eligieron señales del catálogo.
concern-unreadable = El contenido de este caso (la referencia del estudiante, lo observado, los detalles) no se puede abrir con la clave de datos de este servidor: se cifró con otra clave o su registro guardado está dañado. Avise a un administrador y dele el número de caso. El estado, el historial y las acciones de aquí siguen funcionando.
concern-time = { $date } a las { $time } { $zone }
concern-nobody = nadie todavía
concern-person-gone = persona n.º { $id } (ya no está en la lista del personal)
concern-reporter-not-on-roster = alguien que no está en la lista del personal (usuario de { $platform } { $user })
concern-button-ack = Confirmar
concern-button-note = Agregar nota
concern-button-reassign = Reasignar
concern-button-refer = Registrar derivación
concern-button-close = Cerrar

concern-state-submitted = enviado
concern-state-delivered = entregado
concern-state-acknowledged = confirmado
concern-state-referred = derivado
concern-state-closed = cerrado

concern-usage = Uso: { $usage }
concern-not-visible = No hay ningún caso con ese número disponible para usted. Los números de caso son como C-1042.
concern-bad-case = «{ $word }» no es un número de caso; son como C-1042.
concern-is-closed = { $case } está cerrado y no se puede cambiar.
concern-already-acknowledged = { $case } ya estaba confirmado.
concern-acknowledged = Usted confirmó { $case }; ahora está asignado a usted.
concern-acknowledged-assigned = Usted confirmó { $case }; sigue asignado a { $name }.
concern-acknowledged-unassigned = Usted confirmó { $case }; todavía no tiene consejero asignado.
concern-reporter-told = Se avisó a quien reportó que el caso está confirmado (solo el estado, sin detalles).
concern-noted = Nota agregada a { $case }.
concern-note-too-long = Es demasiado largo: { $max } caracteres como máximo (usted escribió { $count }).
concern-reassign-not-counselor = { $email } no es consejero ni consejero suplente en la escuela de este caso.
concern-reassign-same = { $case } ya está asignado a { $name }; no cambió nada.
concern-reassigned = { $case } ahora está asignado a { $name }, a quien se enviaron los detalles en privado.
concern-reassigned-unreadable = { $case } ahora está asignado a { $name }, a quien se enviaron en privado su número, escuela y estado, pero no los detalles: su contenido no se puede abrir. Avise a un administrador.
concern-refer-unknown = «{ $word }» no es cps, law_enforcement ni un aliado que atienda a la escuela de este caso (consulte { $command }).
concern-referred = Derivación a { $to } registrada para { $case }.
concern-referral-cps = los servicios de protección infantil
concern-referral-law-enforcement = la policía
concern-closed = { $case } está cerrado.
concern-changed-meanwhile = { $case } cambió mientras usted trabajaba en él y no se guardó nada. Vuelva a consultarlo con { $command } ver { $case }.

concern-list-title = Casos abiertos ({ $count })
concern-list-title-all = Todos los casos ({ $count })
concern-list-empty = No hay casos.
concern-list-item = { $case }: { $state }, reportado el { $filed }, estudiante { $student }, asignado a { $assigned }
concern-list-danger = peligro inmediato
concern-list-item-unreadable = { $case }: { $state }, { $school }, reportado el { $filed }, último cambio el { $changed }, asignado a { $assigned }
concern-list-unreadable = su contenido no se puede abrir con la clave de datos de este servidor: avise a un administrador
concern-list-more = Estos son los { $shown } más recientes. Un caso anterior: su número con show.
concern-list-hint = Un caso: { $command } ver CASO. También los cerrados: { $command } lista todos.
concern-list-hint-all = Un caso: { $command } ver CASO.
concern-history-title = Historial, lo más reciente primero
concern-audit-title = Registro de auditoría de { $case }, lo más reciente primero
concern-event = { $when }: { $who } { $what }
concern-action-filed = lo reportó
concern-action-viewed = lo consultó
concern-action-listed = lo vio en una lista
concern-action-refused = intentó acceder sin permiso
concern-action-acknowledged = lo confirmó
concern-action-noted = agregó una nota
concern-action-reassigned = lo reasignó
concern-action-referred = registró una derivación
concern-action-closed = lo cerró

concern-status-title = Novedades sobre su preocupación { $case }
concern-status-acknowledged = Un consejero ya se está ocupando del caso { $case }. Estado: { $state }.
concern-status-reminder = Gracias por hablar. No interrogue usted al estudiante; si corre peligro inmediato, llame al 911.

## Consola

console-banner = Consola de SafeHarbor — usted es { $name } ({ $roles }) en { $school }. Escriba /safeharbor ayuda para ver los comandos; Ctrl-D para salir.
console-demo-data = Estos son DATOS DE DEMOSTRACIÓN (el distrito de demostración); importe la lista real con: safeharbor roster import ARCHIVO.csv
console-not-a-command = Los comandos empiezan con una barra, como /indicators hotel.
console-form-start = Responda cada pregunta y pulse Enter (un punto solo cancela; no se guarda nada hasta el final).
console-form-pick = Números separados por comas, o Enter para ninguno
console-form-cancelled = Cancelado; no se guardó nada.

## Fechas

month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
date-long = { $day } de { $month } de { $year } ({ $iso })

## Escalamiento y entrega

concern-escalation-backup = Nadie ha confirmado el caso { $case } después de { $minutes } minutos. Usted es suplente en esta escuela: asuma el caso o asegúrese de que alguien lo haga.
concern-escalation-coordinator = El caso { $case } sigue sin confirmarse después de { $minutes } minutos. Asegúrese de que un consejero lo atienda ahora.
concern-escalation-late = Este aviso llega tarde: SafeHarbor no estaba disponible cuando correspondía enviarlo.
delivery-failed-alert = No se pudo entregar un mensaje privado de SafeHarbor a { $name } (caso { $case }) en { $platform } ({ $error }). Comuníquese con esa persona por otro medio.
concern-unreadable-alert = El caso { $case } de { $school } no se puede abrir con la clave de datos de este servidor: se cifró con otra clave (por ejemplo, se restauró de una copia de seguridad hecha con una clave anterior) o su registro guardado está dañado. Sus consejeros solo ven su número, estado, fechas e historial. Busque la clave con la que se cifró, o una copia de seguridad que lo tenga con la clave actual; mientras tanto, pregunte a quien tiene el caso ({ $assigned }) de qué se trata.

## Training

training-course-awareness = Conciencia sobre la trata de personas: factores de riesgo e indicadores (todo el personal)
training-course-intensive = Respuesta a la trata de personas para funciones clave (intensivo)
training-title = Su capacitación
training-none = No tiene cursos de capacitación pendientes.
training-not-on-roster = Todavía no figura en la lista del personal de la escuela, así que no tiene cursos. Pida a un coordinador que lo agregue.
training-status-done = completado
training-status-due = pendiente
training-status-overdue = vencido
training-course-line = { $id } — { $title } — { $status } · fecha límite { $date }
training-link = { $title }: { $link }
training-how-to-record = ¿Terminó un curso? Regístrelo con { $command } hecho CURSO [AAAA-MM-DD].
training-usage = Uso: { $command } | { $command } hecho CURSO [AAAA-MM-DD] [para CORREO] | { $command } informe | { $command } recordar (o en inglés: done, for, report, remind)
training-usage-staff = Uso: { $command } | { $command } hecho CURSO [AAAA-MM-DD] (o en inglés: done)
training-done-which = ¿Qué curso? Indíquelo por su identificador.
training-unknown-course = No existe el curso «{ $word }». Cursos: { $ids }.
training-bad-date = «{ $word }» no es una fecha; escríbala como AAAA-MM-DD.
training-future-date = «{ $word }» es una fecha futura; registre el curso cuando lo haya terminado.
training-not-theirs = «{ $course }» no es uno de los cursos de { $name } (es para otros roles), así que no se registró nada: no contaría en ningún sitio. Vea { $command } para los cursos que le corresponden.
training-old-date = «{ $word }» fue hace { $years } años o más; revise la fecha (AAAA-MM-DD) y vuelva a enviarla.
training-unknown-email = «{ $word }» no figura en la lista del personal.
training-for-not-allowed = «{ $word }»: solo los coordinadores y administradores pueden registrar un curso por otra persona (los coordinadores, en su propia escuela).
training-for-which = «{ $word }» debe ir seguido de un correo electrónico.
training-unexpected = «{ $word }» no se esperaba aquí.
training-recorded = Registrado: { $title }, completado por { $name } el { $date }. Próxima fecha límite: { $next }.
training-already-recorded = Ya estaba registrado: { $title }, completado por { $name } el { $date }; no cambió nada. Próxima fecha límite: { $next }.
training-remind-queued = { $count ->
    [0] No había recordatorios pendientes en este momento (solo se envían en el horario laboral de cada escuela, y nunca dos veces).
    [one] Se puso en cola 1 recordatorio.
   *[other] Se pusieron en cola { $count } recordatorios.
}
training-report-title = Cumplimiento de la capacitación
training-report-school = { $school }
training-report-nobody = Nadie en esta escuela tiene cursos asignados.
training-report-role = { $role } ({ $people ->
        [one] una persona
       *[other] { $people } personas
    }), cursos: { $done } completados, { $due } pendientes, { $overdue } vencidos
training-report-overdue = Vencidos ({ $count }):
training-report-overdue-line = { $name } — { $title } (fecha límite { $date })
training-report-overdue-more = …y { $count } más, que no se listan aquí (primero las fechas límite más antiguas).
training-report-none-overdue = Nadie tiene cursos vencidos.
training-reminder-title = Recordatorio de capacitación
training-reminder-before = { $days ->
    [0] Su curso «{ $title }» vence hoy, { $date }.
    [one] Su curso «{ $title }» vence mañana, { $date }.
   *[other] Su curso «{ $title }» vence en { $days } días, el { $date }.
}
training-reminder-overdue = Su curso «{ $title }» venció el { $date }. Complételo lo antes posible.
training-reminder-record = Cuando lo haya terminado, regístrelo con { $command } hecho { $id }.
training-digest-title = Resumen semanal de capacitación (semana del { $date })
training-role-teacher = Docentes
training-role-counselor = Consejeros
training-role-backup_counselor = Consejeros suplentes
training-role-coordinator = Coordinadores
training-role-admin = Administradores
training-role-front_desk = Recepción
training-role-bus_driver = Conductores de autobús
training-role-assistant_principal = Subdirectores
training-role-social_worker = Trabajadores sociales
training-role-attendance_officer = Encargados de asistencia
training-role-dropout_prevention = Encargados de prevención del abandono escolar
training-role-special_education = Docentes de educación especial
training-role-nurse = Enfermería
training-role-other = Otro personal

## Check-ins
checkin-error-case = «{ $word }» no es un número de caso; escríbalo como C-1001.
checkin-error-every = { $missing ->
        [yes] Después de «{ $word }», escriba «cada», como en: cada 2 semanas los lunes.
       *[no] «{ $word }» no se esperaba aquí: escriba «cada», como en: cada 2 semanas los lunes.
    }
checkin-error-interval = { $missing ->
        [yes] Después de «{ $word }», escriba cada cuánto, como en: cada 2 semanas los lunes (de 1 a 52 semanas o de 1 a 12 meses).
       *[no] «{ $word }» no es un número de semanas (1–52) o de meses (1–12).
    }
checkin-error-unit = { $missing ->
        [yes] Después de «{ $word }», escriba «semanas» o «meses».
       *[no] «{ $word }» no es «semanas» ni «meses».
    }
checkin-error-on = { $missing ->
        [yes] Después de «{ $word }», escriba «los» o «el», como en: los lunes, el día 15, el primer lunes.
       *[no] «{ $word }» no se esperaba aquí: escriba «los» o «el», como en: los lunes, el día 15, el primer lunes.
    }
checkin-error-weekday = «{ $word }» no es un día de la semana; escriba lunes, martes, miércoles, jueves, viernes, sábado o domingo (o lun … dom).
checkin-error-day-of-month = «{ $word }»: escriba el día del mes como un número del 1 al 31 (31 significa el último día del mes).
checkin-error-monthly = «{ $word }»: un seguimiento mensual es «el día D» o «el primer DÍA» (primer, segundo, tercer, cuarto o último, y un día de la semana).
checkin-error-for = «{ $word }»: después de «durante», escriba cuántos seguimientos, del 1 al 520, como en: durante 6 seguimientos.
checkin-error-time = «{ $word }»: escriba la hora como «a las HH:MM», en formato de 24 horas, por ejemplo a las 15:30.
checkin-error-with = «{ $word }»: escriba a quién se asigna como «con CORREO», con comas entre direcciones (20 como máximo).
checkin-error-email = «{ $word }» no es una dirección de correo electrónico.
checkin-error-date = «{ $word }» no es una fecha; escríbala como AAAA-MM-DD.
checkin-error-until-before-from = La fecha de fin { $word } es anterior a la fecha de inicio.
checkin-error-zone = «{ $word }» no es una zona horaria; escriba una como America/Phoenix.
checkin-error-remind = «{ $word }»: escriba los recordatorios como recordar 24h,1h (m, h o d: minutos, horas o días; 5 como máximo, hasta 14 días antes).
checkin-error-repeated = «{ $word }» aparece dos veces.
checkin-error-unexpected = «{ $word }» no se esperaba aquí.
checkin-usage = Use { $command } programar CASO cada N semanas los DÍA a las HH:MM con CORREO (o cada N meses el día D / el primer lunes; y si hace falta [desde AAAA-MM-DD] [hasta AAAA-MM-DD] [zona ZONA] [recordar 24h,1h]), o { $command } lista [CASO], hecho|omitir ID [nota], pausar|reanudar|cancelar|historial|calendario PLAN, cambiar PLAN cada … [porque …] o cambiar PLAN con CORREO. También sirven las palabras en inglés (schedule, list, every, on, at, with…).
checkin-not-on-roster = Los seguimientos son para el personal de la escuela que figura en la lista; pida a su coordinador que le agregue.
checkin-unknown-email = «{ $word }» no figura en la lista del personal.
checkin-other-school = «{ $word }» no pertenece a la escuela de este caso.
checkin-not-a-handler = No se puede asignar a «{ $word }»: los seguimientos los registran los consejeros, los coordinadores y los administradores de la escuela.
checkin-no-occurrences = Ningún seguimiento cae antes de la fecha de fin { $word }; elija una fecha de fin posterior.
checkin-created = Plan de seguimiento { $plan } para el caso { $case }: { $cadence } a las { $time } ({ $zone }). Se avisó en privado a { $count ->
        [one] una persona asignada
       *[other] { $count } personas asignadas
    }. Próximos:
checkin-occurrence-line = • { $id }: { $date }, { $time } { $zone }
checkin-cadence-at = { $cadence } a las { $time } ({ $zone })
checkin-notice = Se le asignaron los seguimientos del caso { $case } (plan { $plan }): { $cadence } a las { $time } ({ $zone }). Primero: { $first }
checkin-list-more = Los { $shown } planes más recientes. Los anteriores: { $command } lista CASO.
checkin-list-none = No hay planes de seguimiento que usted pueda ver.
checkin-plan-line = Plan { $plan } · caso { $case } · { $cadence } a las { $time } ({ $zone }) · { $state } · con { $people }
checkin-person-left = { $name } (ya no está en la lista del personal)
checkin-plan-ended = (no hay más seguimientos: el plan terminó)
checkin-reminder = Recordatorio: el seguimiento { $id } del caso { $case } (plan { $plan }) es el { $when }.
checkin-bad-occurrence = { $missing ->
        [yes] ¿Qué seguimiento? Indique su identificador, como 1.2, de /checkin lista.
       *[no] «{ $word }» no es un seguimiento que usted pueda registrar: use un identificador como 1.2 de /checkin lista, de un seguimiento cuyo día ya llegó.
    }
checkin-recorded-done = El seguimiento { $id } del caso { $case } quedó registrado como hecho.
checkin-recorded-skipped = El seguimiento { $id } del caso { $case } quedó registrado como omitido.
checkin-already-recorded = El seguimiento { $id } del caso { $case } ya estaba registrado; no se cambió nada.
checkin-missed = Seguimiento no realizado: el { $id } del caso { $case } (plan { $plan }), { $when }, no tiene resultado registrado. Haga el seguimiento con el personal asignado.
checkin-missed-twice = Dos seguimientos seguidos sin realizar: el { $id } del caso { $case } (plan { $plan }), { $when }, no tiene resultado registrado, y el anterior tampoco. Haga el seguimiento, por favor.
checkin-error-plan = { $missing ->
        [yes] ¿Qué plan? Indique su número de { "/" }checkin lista, como 7.
       *[no] «{ $word }» no es un número de plan; use el número que muestra { "/" }checkin lista, como 7.
    }
checkin-no-such-plan = No hay un plan { $word } que usted pueda cambiar; vea { "/" }checkin list.
checkin-state-active = activo
checkin-state-paused = en pausa
checkin-state-cancelled = cancelado
checkin-wrong-state = El plan { $plan } está { $state }; no se cambió nada.
checkin-changed-meanwhile = Otra persona acaba de cambiar el plan { $plan }; no se cambió nada. Véalo de nuevo con { "/" }checkin list e inténtelo otra vez.
checkin-paused = El plan { $plan } del caso { $case } está en pausa: sin recordatorios ni seguimientos perdidos hasta que se reanude. Se avisó a { $count ->
        [one] una persona asignada
       *[other] { $count } personas asignadas
    }.
checkin-resumed = El plan { $plan } del caso { $case } está activo de nuevo ({ $cadence }). Se avisó a { $count ->
        [one] una persona asignada
       *[other] { $count } personas asignadas
    }.
checkin-cancelled = El plan { $plan } del caso { $case } está cancelado; los seguimientos ya pasados aún se pueden registrar. Se avisó a { $count ->
        [one] una persona asignada
       *[other] { $count } personas asignadas
    }.
checkin-changed = El plan { $plan } del caso { $case } ahora es { $cadence }; el cambio queda registrado. Se avisó a { $count ->
        [one] una persona asignada
       *[other] { $count } personas asignadas
    }. Próximos:
checkin-notice-paused = { $who } puso en pausa el plan de seguimiento { $plan } del caso { $case }. No habrá recordatorios hasta que se reanude.
checkin-notice-resumed = { $who } reanudó el plan de seguimiento { $plan } del caso { $case }: { $cadence }.
checkin-notice-cancelled = { $who } canceló el plan de seguimiento { $plan } del caso { $case }. No habrá más recordatorios de ese plan.
checkin-notice-changed = { $who } cambió el plan de seguimiento { $plan } del caso { $case } a { $cadence }.
checkin-reassigned = El plan { $plan } del caso { $case } queda ahora a cargo de { $people }; el cambio queda registrado. Se avisó a { $count ->
        [one] una persona
       *[other] { $count } personas
    }.
checkin-same-assignees = El plan { $plan } ya está a cargo de esas mismas personas; no se cambió nada.
checkin-from-past = La fecha de inicio { $date } ya pasó, así que el plan cuenta desde ahora.
checkin-now-with = A cargo desde ahora: { $people }.
checkin-notice-reassigned = { $who } cambió quién hace los seguimientos del plan { $plan } del caso { $case }: ahora { $people }.
checkin-notice-added = { $who } le asignó los seguimientos del caso { $case } (plan { $plan }): { $cadence }. A cargo ahora: { $people }. Vea los próximos con { "/" }checkin list.
checkin-notice-unassigned = { $who } quitó su asignación del plan de seguimiento { $plan } del caso { $case }. No recibirá más recordatorios de ese plan.
checkin-log-heading = Cambios del plan { $plan } (caso { $case }):
checkin-log-line = • { $date } { $time }: { $action } por { $who }{ $details }
checkin-log-because = porque { $reason }
checkin-log-with = con { $people }
checkin-action-created = creado
checkin-action-paused = en pausa
checkin-action-resumed = reanudado
checkin-action-cancelled = cancelado
checkin-action-changed = frecuencia cambiada
checkin-action-reassigned = personas cambiadas

## La frecuencia de un plan, tal como se muestra; se puede escribir de nuevo así en un comando (cada 2 semanas, los martes)
checkin-cadence-weeks = { $n ->
        [one] cada semana, { $days }
       *[other] cada { $n } semanas, { $days }
    }
checkin-cadence-month-day = { $n ->
        [one] cada mes, el día { $day }
       *[other] cada { $n } meses, el día { $day }
    }
checkin-cadence-month-nth = { $n ->
        [one] cada mes, el { $nth } { $weekday }
       *[other] cada { $n } meses, el { $nth } { $weekday }
    }
checkin-cadence-for = { $segment }, durante { $count ->
        [one] 1 seguimiento
       *[other] { $count } seguimientos
    }
checkin-cadence-then = { $before }; luego, { $after }
checkin-cadence-nth-1st = primer
checkin-cadence-nth-2nd = segundo
checkin-cadence-nth-3rd = tercer
checkin-cadence-nth-4th = cuarto
checkin-cadence-nth-last = último
checkin-cadence-day-mon = lunes
checkin-cadence-day-tue = martes
checkin-cadence-day-wed = miércoles
checkin-cadence-day-thu = jueves
checkin-cadence-day-fri = viernes
checkin-cadence-day-sat = sábado
checkin-cadence-day-sun = domingo
checkin-cadence-days-mon = los lunes
checkin-cadence-days-tue = los martes
checkin-cadence-days-wed = los miércoles
checkin-cadence-days-thu = los jueves
checkin-cadence-days-fri = los viernes
checkin-cadence-days-sat = los sábados
checkin-cadence-days-sun = los domingos

## Avisos para revisar aliados (privados, a los coordinadores de la escuela o, si no hay, a sus administradores)

partners-nudge-title = Contactos de organizaciones aliadas que hay que revisar en { $school }
partners-nudge-intro = { $count ->
    [one] Esta organización, que su personal ve en { $command }, no se ha verificado en los últimos { $days } días, así que aparece con una advertencia:
   *[other] Estas { $count } organizaciones, que su personal ve en { $command }, no se han verificado en los últimos { $days } días, así que aparecen con una advertencia:
    }
partners-nudge-line = { $name } ({ $category }): { $verified }
partners-nudge-verified-by = verificada por última vez el { $date } por { $by }
partners-nudge-verified-on = verificada por última vez el { $date }
partners-nudge-never-verified = nunca verificada
partners-nudge-more = …y { $count } más (safeharbor partners export muestra todas las organizaciones con su fecha de verificación).
partners-nudge-how = Para revisar una, llame o escriba a la organización y confirme sus teléfonos, línea de mensajes de texto, horario y dirección. Después, en el archivo CSV de aliados, ponga en last_verified_on la fecha de la revisión y en last_verified_by su nombre, y ejecute safeharbor partners import ARCHIVO.csv (o envíe el archivo a quien administre SafeHarbor en el distrito).
partners-nudge-again = Las que sigan sin revisarse volverán a aparecer en { $days } días.

## La consola: los roles en el saludo

console-role-teacher = docente
console-role-counselor = consejero
console-role-backup_counselor = consejero suplente
console-role-coordinator = coordinador
console-role-admin = administrador
console-role-front_desk = recepción
console-role-bus_driver = conductor de autobús
console-role-assistant_principal = subdirector
console-role-social_worker = trabajador social
console-role-attendance_officer = encargado de asistencia
console-role-dropout_prevention = encargado de prevención del abandono escolar
console-role-special_education = docente de educación especial
console-role-nurse = enfermería
console-role-other = otro personal

## La consola: una respuesta del formulario que no se puede usar se vuelve a preguntar

console-form-yes-no = Responda sí o no (un punto solo cancela).
console-form-not-in-list = No está en la lista: { $words }. Escriba números del 1 al { $max } separados por comas, o pulse Enter para ninguno.
