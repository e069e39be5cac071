## El formulario de /checkin schedule (Slack y Discord). Etiquetas y etiquetas de campo de
## Discord: 45 caracteres como máximo; opciones: 75; el título: 24.

checkin-form-title = Plan de seguimiento
checkin-form-submit = Crear plan
checkin-form-field-case = Número de caso
checkin-form-hint-case = Como C-1042. Solo el número de caso, nunca el nombre del estudiante.
checkin-form-field-cadence = Frecuencia
checkin-form-hint-cadence = Otros intervalos, y los planes que se espacian, usan la forma de una línea: /checkin programar CASO cada …
checkin-form-field-weekday = Día de la semana
checkin-form-hint-weekday = Para planes semanales, y para planes mensuales en un día de la semana.
checkin-form-field-nth = Qué semana del mes
checkin-form-hint-nth = Para planes mensuales en un día de la semana, como el primer lunes o el último viernes.
checkin-form-field-day = Día del mes
checkin-form-hint-day = Para planes mensuales en una fecha. Un día que el mes no tiene cae en su último día.
checkin-form-field-time = Hora
checkin-form-hint-time = HH:MM, en formato de 24 horas, en la zona horaria de la escuela salvo que elija otra.
checkin-form-field-staff = Personal asignado
checkin-form-hint-staff = Se les avisa en privado y se les recuerda antes de cada seguimiento. Deben figurar en la lista del personal.
checkin-form-hint-staff-typed = Correos separados por comas; deben figurar en la lista
checkin-form-field-from = Fecha de inicio
checkin-form-hint-from = AAAA-MM-DD. Vacío: hoy.
checkin-form-field-until = Fecha de fin
checkin-form-hint-until = AAAA-MM-DD. Vacío: sin fecha de fin.
checkin-form-field-tz = Zona horaria
checkin-form-hint-tz = Como America/New_York. Vacío: la zona horaria de la escuela.
checkin-form-field-remind = Recordatorios
checkin-form-hint-remind = Vacío: 24 horas y 1 hora antes de cada seguimiento.
checkin-form-remind-group = Antes de cada seguimiento

checkin-form-every-weeks = { $n ->
        [one] Cada semana
       *[other] Cada { $n } semanas
    }
checkin-form-every-months-on-date = { $n ->
        [one] Cada mes, en una fecha
       *[other] Cada { $n } meses, en una fecha
    }
checkin-form-every-months-on-weekday = { $n ->
        [one] Cada mes, en un día de la semana (como el primer lunes)
       *[other] Cada { $n } meses, en un día de la semana
    }
checkin-form-weekday-mon = Lunes
checkin-form-weekday-tue = Martes
checkin-form-weekday-wed = Miércoles
checkin-form-weekday-thu = Jueves
checkin-form-weekday-fri = Viernes
checkin-form-weekday-sat = Sábado
checkin-form-weekday-sun = Domingo
checkin-form-nth-1st = El primero
checkin-form-nth-2nd = El segundo
checkin-form-nth-3rd = El tercero
checkin-form-nth-4th = El cuarto
checkin-form-nth-last = El último
checkin-form-day-last = 31 (o el último día del mes)
checkin-form-remind-days = { $n ->
        [one] 1 día antes
       *[other] { $n } días antes
    }
checkin-form-remind-hours = { $n ->
        [one] 1 hora antes
       *[other] { $n } horas antes
    }
checkin-form-remind-minutes = { $n ->
        [one] 1 minuto antes
       *[other] { $n } minutos antes
    }

checkin-form-error-case-missing = Escriba el número de caso, como C-1001.
checkin-form-error-cadence-missing = Elija la frecuencia.
checkin-form-error-weekday-missing = Elija el día de la semana.
checkin-form-error-nth-missing = Elija qué semana del mes.
checkin-form-error-day-missing = Elija el día del mes.
checkin-form-error-time-missing = Escriba la hora como HH:MM, por ejemplo 15:30.
checkin-form-error-time = «{ $word }» no es una hora; escriba HH:MM, en formato de 24 horas, por ejemplo 15:30.
checkin-form-error-staff-missing = Asigne al menos a una persona.
checkin-form-error-staff-too-many = Asigne a { $max } personas como máximo.
checkin-form-error-not-on-roster = Alguien que eligió no figura en la lista del personal de SafeHarbor; pida a su coordinador que lo agregue, o elija a otra persona.
checkin-form-error-choice = «{ $word }» no es una de las opciones.
checkin-form-already-submitted = Este formulario ya se envió. { $command } lista muestra el plan.
checkin-form-picker-intro = Elija la frecuencia y los recordatorios abajo (aparecen más opciones a medida que elige) y pulse Continuar para el caso, la hora y el personal. Solo usted ve esto.
checkin-form-errors = No se guardó nada. Corrija esto y vuelva a pulsar Continuar:
