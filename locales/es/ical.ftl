# Archivos y suscripciones de calendario de los planes de seguimiento (iCalendar).
# Seudónimos: solo el número de caso y del plan, nunca nada del estudiante.

cmd-checkin-calendar-desc = Su calendario (iCalendar) de los seguimientos de un plan
    .usage = checkin calendario PLAN

ical-summary = Seguimiento { $case } (plan { $plan })
ical-calendar-name = Seguimientos de SafeHarbor: caso { $case }, plan { $plan }
ical-description = Seguimiento { $id } del plan { $plan } del caso { $case }. Regístrelo con { $command } hecho { $id } u { $command } omitir { $id }.
ical-description-done = Seguimiento { $id } del plan { $plan } del caso { $case }: registrado como realizado.
ical-description-skipped = Seguimiento { $id } del plan { $plan } del caso { $case }: registrado como omitido.
ical-moved = Se movió del { $date }: la escuela está cerrada ese día.

ical-bad-plan = «{ $word }» no es un plan que usted pueda ver: use { $command } calendario PLAN, con un número de plan de { $command } lista.
ical-feed-link = Su calendario del plan { $plan } (caso { $case }): { $url }
ical-feed-fine-print = Agréguelo a su aplicación de calendario como suscripción («desde URL»). El enlace es solo para usted: quien lo tenga ve cuándo son estos seguimientos (nunca nada del estudiante), así que no lo comparta. Funciona hasta el { $expires }; para uno nuevo, use { $command } calendar { $plan } otra vez.

ical-refused-title = Este enlace de calendario no funciona
ical-refused = Venció, fue modificado o ya no le corresponde usarlo. Pida uno nuevo a SafeHarbor con { $command } calendario PLAN.
ical-unavailable = SafeHarbor no puede leer sus registros en este momento. Inténtelo de nuevo en unos minutos.
