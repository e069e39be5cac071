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
