# SafeHarbor — palabras que necesitan los adaptadores de plataforma (botones, títulos). Español.

## Slack

slack-working = Un momento… la respuesta aparecerá aquí enseguida.
slack-modal-close = Cerrar
slack-result-title = SafeHarbor
slack-action-title = Caso { $case }
slack-action-submit = Guardar
slack-action-note = Nota para agregar al caso
slack-action-note-hint = Se guarda cifrada; solo los consejeros, el coordinador y los administradores de la escuela pueden leerla.
slack-action-reassign = Correo del consejero que asume el caso
slack-action-reassign-hint = Debe figurar en la lista del personal como consejero de esta escuela.
slack-action-refer = Remitido a: cps, law_enforcement o el id de un aliado
slack-action-refer-hint = Los ids de los aliados aparecen en /partners; puede agregar una nota breve después.
slack-action-close = Resultado
slack-action-close-hint = Cómo terminó el caso; se guarda cifrado.

## Discord

# Nombres de comandos y opciones en el selector de Discord (se registran como localizaciones).
discord-name-indicators = indicadores
discord-name-concern = reportar
discord-name-partners = aliados
discord-name-training = capacitacion
discord-name-checkin = seguimiento
discord-name-safeharbor = safeharbor
discord-option-indicators-words = palabras
discord-option-concern-details = detalles
discord-option-partners-query = consulta
discord-option-training-action = accion
discord-option-checkin-action = accion
discord-option-safeharbor-action = accion
discord-picker-intro = Opcional: elija en las listas lo que observó y luego pulse Continuar para describirlo. Solo usted puede ver esto.
discord-picker-continue = Continuar
discord-danger-label = ¿Peligro inmediato? Escriba sí o no
discord-danger-placeholder = no — o sí (y llame al 911 ahora)
discord-danger-yes-words = sí, si, s
discord-danger-no-words = no, n
discord-danger-unclear = responda sí o no.
discord-form-errors = No se guardó nada. Corrija esto y pulse Continuar otra vez:
discord-already-handled = Esta solicitud ya se atendió.
discord-not-understood = Ese botón o formulario ya no está disponible. Vuelva a usar el comando.
discord-action-title = Caso { $case }
discord-action-note = Nota para agregar al caso
discord-action-note-hint = Se guarda cifrada; solo la leen los consejeros, coordinadores y administradores de la escuela.
discord-action-reassign = Correo del consejero que asume el caso
discord-action-reassign-hint = Debe figurar en la lista del personal como consejero de esta escuela.
discord-action-refer = Derivar a: cps, law_enforcement o ID-ALIADO
discord-action-refer-hint = Los ids de los aliados aparecen en /partners; puede agregar una nota breve después.
discord-action-close = Resultado
discord-action-close-hint = Cómo terminó el caso; se guarda cifrado.

## Teams

teams-duplicate = SafeHarbor ya recibió este mensaje.
teams-unknown-command = SafeHarbor no reconoció ese comando. Esto es lo que puede hacer:
teams-help-hint = En Teams, mencione a SafeHarbor y escriba el comando sin la barra, por ejemplo: @SafeHarbor indicators hotel
teams-concern-privacy = Todos en este canal pueden ver el mensaje que escribió. Bórrelo ahora, por favor: el consejero ya lo tiene. Para futuros reportes, no publique detalles en un canal: use un chat privado con el consejero de su escuela.
teams-sent-privately = Esa respuesta es privada, así que SafeHarbor se la envió en privado ({ $where ->
        [slack] en Slack: un mensaje directo de la aplicación SafeHarbor
        [discord] en Discord: un mensaje directo del bot SafeHarbor
       *[teams] en Teams: en su chat con la aplicación Workflows
    }).
teams-private-unavailable = Esa respuesta es privada y SafeHarbor aún no tiene una forma privada de comunicarse con usted, así que no se hizo nada. Pida al administrador de SafeHarbor que agregue su webhook de Workflows de Teams a la lista del personal.
teams-slow = SafeHarbor está tardando más de lo que Teams permite para responder. Su solicitud se sigue procesando; por favor no la envíe de nuevo.
teams-slow-private = SafeHarbor está tardando más de lo que Teams permite para responder. Su solicitud se sigue procesando y la respuesta le llegará en privado; por favor no la envíe de nuevo.
teams-link-title = SafeHarbor
teams-link-heading = Caso { $case }
teams-link-question = Confirme para el caso { $case }: { $action }.
teams-link-fine-print = Este enlace actúa en su nombre, funciona una sola vez y vence el { $expires }. No lo reenvíe.
teams-link-refused-title = Este enlace no se puede usar
teams-link-refused = Venció, ya se usó o no es un enlace válido de SafeHarbor. No se cambió nada. Use el mensaje más reciente de SafeHarbor en su chat de Teams, o los comandos de concern.
teams-link-try-again = SafeHarbor no pudo guardar esto en este momento. No se cambió nada; inténtelo de nuevo en un minuto.
teams-link-missing-text = Complete el cuadro y luego confirme.
teams-action-note = Nota para agregar al caso
teams-action-note-hint = Se guarda cifrada; solo los consejeros, el coordinador y los administradores de la escuela pueden leerla.
teams-action-reassign = Correo del consejero que asume el caso
teams-action-reassign-hint = Debe figurar en la lista del personal como consejero de esta escuela.
teams-action-refer = Remitido a: cps, law_enforcement o el id de un aliado
teams-action-refer-hint = Los ids de los aliados aparecen con el comando partners; puede agregar una nota breve después.
teams-action-close = Resultado
teams-action-close-hint = Cómo terminó el caso; se guarda cifrado.
