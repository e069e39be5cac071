# SafeHarbor — mensajes de la interfaz (español). Mismos ids y variables en todos los idiomas.

## Comandos

cmd-indicators-desc = Consultar factores de riesgo y señales de alerta de la trata
cmd-indicators-opt-words = Palabras para buscar, como hotel o deuda
cmd-concern-desc = Informar en privado al consejero designado sobre una preocupación
cmd-concern-opt-details = La referencia del estudiante y lo que observó
cmd-concern-list-desc = Casos que puede ver (consejeros, coordinadores, administradores)
cmd-concern-show-desc = Un caso, con su historial
cmd-partners-desc = Buscar organizaciones aliadas locales y líneas nacionales
cmd-partners-opt-query = Una categoría (como refugio) y/o palabras
cmd-training-desc = Sus cursos de capacitación y fechas límite
cmd-training-opt-action = done CURSO, report o remind
cmd-training-done-desc = Registrar un curso terminado
cmd-training-report-desc = Cumplimiento de la capacitación por escuela y función (coordinadores)
cmd-training-remind-desc = Enviar ahora los recordatorios pendientes (coordinadores)
cmd-checkin-desc = Planes de seguimiento para un estudiante que regresa
cmd-checkin-opt-action = schedule, list, done, skip, pause, resume, cancel o change
cmd-checkin-schedule-desc = Crear un plan de seguimiento para un caso
cmd-checkin-list-desc = Planes y sus próximos seguimientos
cmd-checkin-done-desc = Registrar un seguimiento como realizado
cmd-checkin-skip-desc = Registrar un seguimiento como omitido
cmd-checkin-pause-desc = Pausar un plan
cmd-checkin-resume-desc = Reanudar un plan pausado
cmd-checkin-cancel-desc = Cancelar un plan
cmd-checkin-change-desc = Cambiar la frecuencia de un plan
cmd-safeharbor-desc = Ayuda y su idioma
cmd-safeharbor-opt-action = help, o language CÓDIGO
cmd-safeharbor-help-desc = Qué puede hacer SafeHarbor
cmd-safeharbor-language-desc = Elegir su idioma (en-US, es o auto)

## Errores

error-text-too-long = El texto es demasiado largo ({ $count } caracteres). El límite es { $limit }; acórtelo, por favor.
error-not-allowed = Lo sentimos, esa opción no está disponible para usted.
error-unknown-command = No existe el comando { $command }. Puede usar:
error-unknown-subcommand = { $command } no reconoce «{ $word }».
error-not-available-yet = { $command } todavía no está disponible en esta instalación.
error-try-again = Algo falló de nuestro lado y no se guardó nada. Inténtelo de nuevo en un minuto. Si un estudiante puede estar en peligro, llame al 911 ahora.

## Ayuda

help-title = Ayuda de SafeHarbor
help-intro = SafeHarbor le ayuda a seguir el protocolo de su escuela ante una sospecha de trata infantil. Comandos:
help-not-emergency = SafeHarbor no es un servicio de emergencias y no sustituye al 911 ni a la denuncia obligatoria que exige su estado.

## Idioma

language-current = Su idioma es { $locale }. Disponibles: { $codes }. Use «language CÓDIGO», o «language auto» para seguir el idioma de su aplicación de chat.
language-not-on-roster = Podrá guardar su idioma cuando esté en la lista del personal; consulte a su coordinador.
language-auto = A partir de ahora su idioma será el de su aplicación de chat.
language-unknown = «{ $code }» no es un idioma disponible. Disponibles: { $codes }.
language-set = Su idioma ahora es { $locale }.

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
partners-title-category = { $category } que atienden a { $school }
partners-more = Hay { $count } más; afine con una categoría o palabras, p. ej. { $command } refugio.
partners-no-match = Ninguna organización que atiende a { $school } coincide con «{ $query }».
partners-categories = Categorías que puede pedir:
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

## Consola

console-banner = Consola de SafeHarbor — usted es { $name } ({ $roles }) en { $school }. Escriba /safeharbor help para ver los comandos; Ctrl-D para salir.
console-demo-data = Estos son DATOS DE DEMOSTRACIÓN (el distrito de demostración); importe la lista real con: safeharbor roster import ARCHIVO.csv
console-not-a-command = Los comandos empiezan con una barra, como /indicators hotel.

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
