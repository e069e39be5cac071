# SafeHarbor — palabras que necesitan los adaptadores de plataforma (botones, títulos). Español.

## Slack

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
discord-action-note-hint = Se guarda cifrada; solo los consejeros, el coordinador y los administradores de la escuela pueden leerla.
discord-action-reassign = Correo del consejero que asume el caso
discord-action-reassign-hint = Debe figurar en la lista del personal como consejero de esta escuela.
discord-action-refer = Remitido a (cps, law_enforcement, id de aliado)
discord-action-refer-hint = Los ids de los aliados aparecen en /partners; puede agregar una nota breve después.
discord-action-close = Resultado
discord-action-close-hint = Cómo terminó el caso; se guarda cifrado.
