# SafeHarbor — catálogo de indicadores, categorías y protocolo de respuesta (español).
# Los ids coinciden con data/indicators.toml. Cada mensaje ind-* tiene un atributo
# .terms: palabras de búsqueda separadas por comas, en singular (el buscador maneja
# plurales, acentos y errores de escritura). Ids y atributos idénticos en cada idioma.

## Categorías

indcat-sex = Indicadores de trata con fines sexuales
    .description = Señales de que un estudiante podría estar sufriendo explotación sexual comercial.
    .terms = sexual, sexo
indcat-both = Indicadores de trata sexual y laboral
    .description = Señales que aparecen tanto en la trata con fines sexuales como en la trata laboral.
    .terms = ambos
indcat-labor = Indicadores de trata laboral
    .description = Señales de que se podría estar obligando o engañando a un estudiante para que trabaje en beneficio de otros.
    .terms = laboral, trabajo
indcat-risk = Factores de riesgo
    .description = Circunstancias que pueden aumentar la vulnerabilidad de un estudiante; no son prueba de trata.
    .terms = riesgo, factor de riesgo
indcat-vulnerable = Grupos vulnerables
    .description = Grupos de jóvenes que corren un mayor riesgo de ser víctimas de trata.
    .terms = vulnerable, grupo

## Indicadores de trata con fines sexuales

ind-sex-approached-by-trafficker = Un tratante se ha acercado al estudiante, o este pasa tiempo con personas vinculadas a la trata.
    .terms = tratante, reclutador, proxeneta, padrote, desconocido, contacto, reclutamiento, explotador
ind-sex-multiple-partners = El estudiante menciona tener, o parece tener, varias parejas sexuales.
    .terms = pareja sexual, pareja, actividad sexual, sexo, varios, relación, encuentro
ind-sex-frequent-travel = Viaja con frecuencia a otras ciudades o fuera del estado.
    .terms = viaje, viajar, fuera del estado, ciudad, ausencia, fin de semana, salida
ind-sex-hotel-motel = Se le ve con frecuencia en hoteles, moteles u otros lugares donde se sabe que ocurre explotación sexual comercial.
    .terms = hotel, motel, hospedaje, habitación, viaje, posada, club nocturno, salón de masajes
ind-sex-sexualized-behavior = Muestra lenguaje, conocimientos, imagen en línea u objetos sexuales que no corresponden a su edad.
    .terms = sexual, promiscuidad, en línea, redes sociales, perfil, foto, sexting, lencería, condón, lenguaje
ind-sex-older-partner = Tiene un novio o una novia notablemente mayor o que ejerce control sobre su vida.
    .terms = novio, novia, mayor, pareja, control, celos, adulto, relación
ind-sex-ownership-tattoo = Tiene un tatuaje o una marca que parece señalar que pertenece a un tratante.
    .terms = tatuaje, marca, nombre, propiedad, símbolo, corona, código de barras

## Indicadores de trata sexual y laboral

ind-both-academic-decline = Sus calificaciones o su desempeño escolar bajan de repente.
    .terms = calificación, nota, rendimiento, desempeño, tarea, reprobar, examen, asistencia
ind-both-behavior-change = Su conducta, sus amistades o sus relaciones cambian de forma notable.
    .terms = conducta, comportamiento, cambio, amistad, amigo, relación, ánimo, aislamiento, personalidad
ind-both-new-possessions = De pronto tiene un teléfono nuevo, ropa u otras pertenencias sin que se sepa de dónde provienen.
    .terms = teléfono, celular, ropa, regalo, joya, zapato, bolsa, uña, cabello, pertenencia
ind-both-hygiene-change = Ha cambiado su higiene personal o el cuidado de su apariencia.
    .terms = higiene, apariencia, aseo, limpieza, baño, ropa, olor, sucio
ind-both-cash-prepaid-cards = Lleva consigo grandes cantidades de dinero en efectivo o tarjetas prepagadas.
    .terms = dinero, efectivo, tarjeta prepagada, tarjeta de regalo, tarjeta de crédito, billete, fajo
ind-both-exhaustion-depression = Muestra agotamiento, depresión o síntomas de estrés postraumático.
    .terms = cansancio, agotamiento, sueño, depresión, tristeza, ansiedad, TEPT, trauma, estrés
ind-both-poor-health = Su salud física es mala o presenta signos de desnutrición.
    .terms = salud, enfermedad, hambre, desnutrición, delgadez, peso, comida, malestar
ind-both-physical-injury = Presenta lesiones físicas, como moretones o cicatrices.
    .terms = moretón, cicatriz, lesión, herida, golpe, marca, quemadura, corte
ind-both-untreated-medical = Tiene problemas médicos sin atender, como infecciones de transmisión sexual, lesiones de trabajo o daños por exposición a la intemperie.
    .terms = médico, ITS, infección, enfermedad venérea, lesión, doctor, clínica, exposición, insolación
ind-both-no-control-documents = No controla su propio dinero, su identificación, sus documentos de viaje ni su horario.
    .terms = identificación, credencial, pasaporte, documento, dinero, horario, control, cheque de pago
ind-both-self-destructive = Tiene conductas autodestructivas.
    .terms = autolesión, cortarse, autodestructivo, suicidio, riesgo, droga, alcohol
ind-both-coached-answers = Sus respuestas a las preguntas parecen ensayadas o aprendidas de memoria.
    .terms = ensayado, guion, libreto, respuesta, historia, memorizado, mentira

## Indicadores de trata laboral

ind-labor-unpaid-work = Trabaja sin paga, por muy poco dinero o solo a cambio de propinas.
    .terms = sin paga, pago, sueldo, salario, propina, trabajo, empleo, cheque
ind-labor-debt-to-employer = Tiene una deuda con su empleador o debe trabajar para saldar una deuda grande.
    .terms = deuda, deber, préstamo, empleador, patrón, jefe, pagar, coyote
ind-labor-easy-money-recruitment = Le ofrecieron un trabajo con la promesa de ganar dinero fácil.
    .terms = reclutamiento, oferta de trabajo, dinero fácil, promesa, anuncio, modelaje, oportunidad
ind-labor-cannot-quit = No le permiten renunciar ni dejar su trabajo.
    .terms = renunciar, dejar, trabajo, atrapado, obligado, forzado, jefe
ind-labor-no-work-permit = Tiene empleo, pero no cuenta con el permiso de trabajo escolar que exige su estado.
    .terms = permiso de trabajo, permiso, empleo, trabajo, autorización, licencia, papeles
ind-labor-outside-permitted-hours = Tiene permiso de trabajo, pero trabaja fuera del horario permitido para estudiantes.
    .terms = horario, hora, noche, turno, tarde, horas extra, madrugada
ind-labor-defers-to-employer = Su empleador parece decidir por el estudiante en asuntos personales o escolares.
    .terms = empleador, patrón, jefe, decisión, permiso, control, escuela
ind-labor-excessive-chores = Tiene muchas más tareas domésticas o responsabilidades de lo habitual para su edad.
    .terms = quehacer, tarea doméstica, limpieza, cocinar, cuidar niños, niñera, responsabilidad
ind-labor-pays-household = Paga la renta, la comida o la ropa de su familia, o vive en una vivienda inadecuada.
    .terms = renta, alquiler, cuenta, comida, familia, vivienda, hacinamiento, mantener
ind-labor-non-guardian-caregiver = Vive con "padres" que no son sus padres biológicos ni sus tutores legales, o su empleador figura como su cuidador.
    .terms = tutor, padre, madre, cuidador, patrocinador, empleador, pariente, tío, custodia
ind-labor-threats = Ha recibido amenazas de daño contra su persona, sus amigos o su familia, de deportación o de denuncia ante la policía.
    .terms = amenaza, daño, deportación, inmigración, policía, migra, violencia, miedo, denuncia

## Factores de riesgo

ind-risk-abuse-history = Sufrió abuso físico o sexual durante la infancia.
    .terms = abuso, abuso físico, abuso sexual, maltrato, agresión, violencia, violación
ind-risk-mental-health = Tiene problemas o trastornos de salud mental.
    .terms = salud mental, depresión, ansiedad, trastorno, terapia, consejería, diagnóstico, psiquiátrico
ind-risk-academically-off-track = Tiene rezago académico o no va en camino a graduarse.
    .terms = rezago, atraso, crédito, calificación, graduación, reprobar, repetir
ind-risk-low-self-esteem = Tiene baja autoestima.
    .terms = autoestima, confianza, seguridad, inseguridad, valor propio, imagen
ind-risk-repeated-runaway = Se ha ido de su casa sin permiso más de una vez.
    .terms = fuga, escaparse, huir, desaparecido, salir de casa, reincidencia
ind-risk-lgbtq-family-rejection = Ha sufrido el rechazo de su familia por identificarse como LGBTQ.
    .terms = LGBTQ, gay, lesbiana, bisexual, transgénero, queer, rechazo, familia, expulsión
ind-risk-shelter-group-home = Vive en un albergue o en un hogar grupal.
    .terms = albergue, refugio, hogar grupal, residencia, colocación, hogar de acogida
ind-risk-substance-use = Consume drogas o tiene una pareja que las consume.
    .terms = droga, alcohol, sustancia, marihuana, vapeo, pareja, adicción
ind-risk-family-sex-trade = Algún familiar ha pagado por sexo o ha sido víctima de trata.
    .terms = familia, familiar, pariente, trata, sexo comercial, prostitución, padre, hermano
ind-risk-parental-substance-use = Sus padres abusan de las drogas.
    .terms = padre, madre, droga, adicción, sustancia, alcohol, sobredosis
ind-risk-cash-rich-workers-tourists = Vive en una zona con gran afluencia de trabajadores o turistas con dinero para gastar.
    .terms = turista, trabajador, turismo, construcción, campamento, petróleo, evento, convención
ind-risk-status-offense-arrests = Tiene antecedentes de arresto por faltas propias de menores, como ausentismo escolar o posesión de alcohol.
    .terms = arresto, ausentismo, toque de queda, alcohol, policía, menor, falta, citación
ind-risk-child-welfare-involvement = Está o ha estado en el sistema de bienestar infantil.
    .terms = bienestar infantil, cuidado de crianza, hogar de acogida, CPS, trabajador social, servicios sociales, colocación
ind-risk-ran-from-care = Se ha ido sin permiso de un hogar de crianza u otra colocación fuera de su hogar.
    .terms = hogar de crianza, colocación, hogar grupal, fuga, escaparse, cuidado
ind-risk-lack-social-support = Cuenta con pocos adultos o amigos que le brinden apoyo.
    .terms = aislamiento, soledad, apoyo, amigo, mentor, solo
ind-risk-poverty = Su familia vive en situación de pobreza.
    .terms = pobreza, pobre, bajos ingresos, dinero, inseguridad alimentaria, necesidad, almuerzo gratis
ind-risk-learning-disability = Tiene una discapacidad de aprendizaje o un retraso en el desarrollo.
    .terms = discapacidad de aprendizaje, retraso, IEP, educación especial, desarrollo, 504, dislexia
ind-risk-adverse-experiences = Ha vivido muchas experiencias adversas en la infancia.
    .terms = experiencia adversa, ACE, trauma, infancia, adversidad, dificultad
ind-risk-family-instability = En su familia hay disfunción o inestabilidad.
    .terms = familia, conflicto, divorcio, inestabilidad, disfunción, violencia doméstica, caos, mudanza
ind-risk-runaway-homeless = Actualmente se ha ido de su casa o no tiene hogar.
    .terms = sin hogar, indigencia, fuga, calle, sin techo, McKinney-Vento, carro, motel
ind-risk-gang-involvement = Participa en una pandilla o es blanco de reclutamiento de una.
    .terms = pandilla, mara, ganga, reclutamiento, grupo, violencia
ind-risk-recent-migration = Ha migrado o se ha mudado recientemente.
    .terms = mudanza, migración, inmigrante, traslado, recién llegado, transferencia, refugiado
ind-risk-marginalized-community = Pertenece a una comunidad marginada o desfavorecida.
    .terms = marginado, minoría, desfavorecido, comunidad, raza, etnia, indígena, tribu
ind-risk-immigration-status = No tiene documentos migratorios o su situación migratoria es inestable.
    .terms = indocumentado, inmigración, visa, estatus, papeles, deportación, asilo
ind-risk-unaccompanied-minor = Es menor de edad y vive sin la compañía de su padre, su madre o un tutor legal.
    .terms = no acompañado, menor, solo, patrocinador, migrante, refugiado, tutor
ind-risk-physical-disability = Tiene una discapacidad física.
    .terms = discapacidad física, silla de ruedas, movilidad, sordera, ceguera, impedimento

## Grupos vulnerables

ind-vuln-runaway = Los jóvenes que se van de su casa, a menudo para escapar del abuso o la negligencia, corren un grave riesgo de explotación.
    .terms = fuga, escaparse, huir, calle, salir de casa, desaparecido
ind-vuln-homeless = Los jóvenes sin hogar que no tienen un adulto a cargo y deben cubrir sus propias necesidades básicas están muy expuestos a la explotación.
    .terms = sin hogar, indigencia, albergue, calle, sin techo, McKinney-Vento, comida
ind-vuln-child-welfare = Quienes están o estuvieron en el sistema de bienestar infantil ya vivieron abuso o negligencia y pueden ser blanco de quien les ofrece afecto.
    .terms = bienestar infantil, cuidado de crianza, hogar de acogida, CPS, trabajador social, colocación, hogar grupal
ind-vuln-juvenile-justice = Los jóvenes que están o estuvieron en el sistema de justicia juvenil corren más riesgo, y la trata misma puede derivar en arrestos y detenciones.
    .terms = justicia juvenil, detención, libertad condicional, arresto, tribunal, cárcel, antecedente
ind-vuln-dropped-out = Dejar la escuela aleja a los estudiantes de compañeros y adultos que los apoyan, y puede ser tanto causa como consecuencia de la trata.
    .terms = deserción, abandono escolar, asistencia, ausentismo, ausencia, baja, GED
ind-vuln-disability = Los estudiantes con discapacidades intelectuales o del desarrollo pueden tener dificultad para negarse, interpretar las intenciones de otros o reconocer un peligro.
    .terms = discapacidad intelectual, discapacidad del desarrollo, autismo, IEP, educación especial, retraso, cognitivo
ind-vuln-lgbtq = Los jóvenes LGBTQ sufren altos índices de acoso y violencia sexual, y quienes son rechazados por su familia corren un riesgo aún mayor.
    .terms = LGBTQ, gay, lesbiana, bisexual, transgénero, queer, no binario, expulsión, rechazo
ind-vuln-unaccompanied-migrant = Los jóvenes migrantes o refugiados que están en el país sin sus padres pueden enfrentar pérdidas, colocaciones inseguras con patrocinadores y deudas del viaje.
    .terms = no acompañado, migrante, refugiado, inmigrante, patrocinador, deuda, frontera, asilo
ind-vuln-migrant-seasonal-worker = Los menores que viajan con cuadrillas de trabajo agrícola de temporada suelen trabajar en aislamiento y pueden ser explotados por los jefes de cuadrilla.
    .terms = migrante, temporada, jornalero, agricultura, cosecha, cultivo, cuadrilla, campo

## Protocolo de respuesta (Figura 4), incluido en el aviso al consejero designado

protocol-title = Pasos ante una sospecha de trata infantil
protocol-step-1 = El miembro del personal que sospecha de trata informa al consejero designado y no interroga directamente al estudiante.
protocol-step-2 = El consejero designado conversa con el estudiante y realiza una evaluación de seguridad y de trata.
protocol-step-3 = Según la información reunida y la ley estatal, el consejero se comunica con los servicios de protección infantil, con la policía o con ambos.
protocol-step-4 = Junto con el subdirector o el oficial de recursos escolares, el consejero revisa el impacto en la escuela, como la participación de otros estudiantes como víctimas o perpetradores.
protocol-step-5 = El consejero ofrece al estudiante, y a su familia si corresponde, una derivación acompañada a proveedores locales especializados en trata o, si no los hay, a agencias de violencia doméstica, agresión sexual o evaluación infantil.
protocol-step-6 = Si el estudiante desea regresar a la escuela, el consejero elabora con el estudiante un plan educativo y le brinda apoyo continuo con enfoque en el trauma.
