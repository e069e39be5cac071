# SafeHarbor — indicator catalog, categories and response protocol (English, US).
# Ids match data/indicators.toml. Every ind-* message has a .terms attribute:
# comma-separated search words, singular forms (plurals, accents and typos are
# handled by the search engine). Keep ids and attributes identical in every locale.

## Categories

indcat-sex = Sex trafficking indicators
    .description = Signs that a student may be exploited for commercial sex.
    .terms = sex, sexual
indcat-both = Indicators of sex and labor trafficking
    .description = Signs that show up in both sex trafficking and labor trafficking.
    .terms = both
indcat-labor = Labor trafficking indicators
    .description = Signs that a student may be forced or tricked into working for someone else's benefit.
    .terms = labor, labour, work
indcat-risk = Risk factors
    .description = Circumstances that can make a student more vulnerable; they are not proof of trafficking.
    .terms = risk, risk factor
indcat-vulnerable = Vulnerable groups
    .description = Groups of young people who face a higher risk of being trafficked.
    .terms = vulnerable, group

## Sex trafficking indicators

ind-sex-approached-by-trafficker = The student has been approached by a trafficker or is spending time with people involved in trafficking.
    .terms = trafficker, recruiter, pimp, stranger, approached, recruitment, contact, exploiter
ind-sex-multiple-partners = The student mentions, or appears to have, several sexual partners.
    .terms = sex partner, partner, sexual activity, sex, multiple, relationship, hookup
ind-sex-frequent-travel = The student often travels to other cities or out of state.
    .terms = travel, trip, out of state, city, away, weekend, absence, road trip
ind-sex-hotel-motel = The student is often seen at hotels, motels or other places where commercial sexual exploitation is known to happen.
    .terms = hotel, motel, lodging, room, travel, inn, strip club, massage parlor
ind-sex-sexualized-behavior = The student shows sexual language, knowledge, online image or items that seem unusual for their age.
    .terms = sexual, promiscuity, online, social media, profile, photo, sexting, lingerie, condom, language
ind-sex-older-partner = The student has a boyfriend or girlfriend who is noticeably older or who controls them.
    .terms = boyfriend, girlfriend, older, partner, controlling, dating, relationship, adult, jealous
ind-sex-ownership-tattoo = The student has a tattoo or brand that seems to mark them as a trafficker's property.
    .terms = tattoo, brand, mark, name, ownership, symbol, crown, barcode

## Indicators of both sex and labor trafficking

ind-both-academic-decline = The student's grades or schoolwork drop suddenly.
    .terms = grade, academic, schoolwork, homework, decline, failing, performance, test, attendance
ind-both-behavior-change = The student's behavior, friendships or relationships change in a noticeable way.
    .terms = behavior, change, friend, relationship, mood, withdrawn, personality, peer
ind-both-new-possessions = The student suddenly has a new phone, clothes or other belongings with no clear source.
    .terms = phone, clothes, gift, jewelry, shoe, purse, possession, nail, hair, belonging
ind-both-hygiene-change = The student's personal hygiene or care for their appearance has changed.
    .terms = hygiene, appearance, clean, shower, grooming, clothing, smell, dirty
ind-both-cash-prepaid-cards = The student carries large amounts of cash or prepaid cards.
    .terms = cash, money, prepaid card, gift card, credit card, bill, wad
ind-both-exhaustion-depression = The student seems exhausted or depressed, or shows signs of post-traumatic stress.
    .terms = tired, exhaustion, sleep, depression, sad, anxiety, PTSD, trauma, fatigue, stress
ind-both-poor-health = The student appears to be in poor physical health or undernourished.
    .terms = health, sick, hungry, malnutrition, thin, weight, food, illness
ind-both-physical-injury = The student has physical injuries such as bruises or scars.
    .terms = bruise, scar, injury, wound, cut, mark, burn, hurt
ind-both-untreated-medical = The student has untreated medical problems, such as sexually transmitted infections, work injuries or harm from exposure to the elements.
    .terms = medical, STI, STD, infection, injury, doctor, clinic, exposure, sunburn
ind-both-no-control-documents = The student does not control their own money, ID, travel documents or daily schedule.
    .terms = ID, identification, passport, document, money, schedule, control, paycheck
ind-both-self-destructive = The student shows self-destructive behavior.
    .terms = self-harm, cutting, self-destructive, suicide, risk, drug, alcohol
ind-both-coached-answers = The student's answers to questions sound coached or rehearsed.
    .terms = coached, rehearsed, scripted, script, answer, story, memorized, lie

## Labor trafficking indicators

ind-labor-unpaid-work = The student works without pay, for very little pay, or only for tips.
    .terms = unpaid, pay, wage, tip, salary, work, job, paycheck
ind-labor-debt-to-employer = The student owes money to an employer or must work off a large debt.
    .terms = debt, owe, loan, employer, boss, repay, smuggler, fee
ind-labor-easy-money-recruitment = The student was offered a job with promises of easy money.
    .terms = recruit, job offer, easy money, promise, ad, modeling, opportunity
ind-labor-cannot-quit = The student is not allowed to leave or quit a job.
    .terms = quit, leave, job, trapped, forced, stay, boss
ind-labor-no-work-permit = The student has a job but no school-issued work permit, where the state requires one.
    .terms = work permit, permit, job, employment, working paper, authorization, license
ind-labor-outside-permitted-hours = The student has a work permit but works outside the hours allowed for students.
    .terms = hour, late, night, shift, overtime, schedule, school night
ind-labor-defers-to-employer = An employer appears to make the student's personal or education decisions.
    .terms = employer, boss, decision, permission, control, school choice
ind-labor-excessive-chores = The student has far more chores or responsibilities than is typical for their age.
    .terms = chore, housework, cleaning, cooking, babysitting, caregiving, responsibility, domestic
ind-labor-pays-household = The student pays for the family's rent, food or clothes, or lives in inadequate housing.
    .terms = rent, bill, food, family, housing, crowded, support, provider
ind-labor-non-guardian-caregiver = The student lives with "parents" who are not their biological parents or legal guardians, or has an employer listed as caregiver.
    .terms = guardian, parent, caregiver, sponsor, employer, relative, uncle, aunt, custody
ind-labor-threats = The student has been threatened with harm to themselves, friends or family, with deportation, or with being reported to police.
    .terms = threat, harm, deportation, immigration, police, ICE, violence, fear, report

## Risk factors

ind-risk-abuse-history = The student experienced physical or sexual abuse as a child.
    .terms = abuse, physical abuse, sexual abuse, molestation, assault, violence, maltreatment
ind-risk-mental-health = The student lives with mental health conditions or disorders.
    .terms = mental health, depression, anxiety, disorder, counseling, therapy, diagnosis, psychiatric
ind-risk-academically-off-track = The student is behind academically or off track to graduate.
    .terms = grade, credit, behind, failing, graduation, academic, retention
ind-risk-low-self-esteem = The student struggles with low self-esteem.
    .terms = self-esteem, confidence, self-worth, insecurity, self-image
ind-risk-repeated-runaway = The student has run away from home more than once.
    .terms = runaway, run away, missing, left home, repeat
ind-risk-lgbtq-family-rejection = The student's family has rejected them because they identify as LGBTQ.
    .terms = LGBTQ, gay, lesbian, bisexual, transgender, queer, rejection, family, kicked out
ind-risk-shelter-group-home = The student lives in a shelter or group home.
    .terms = shelter, group home, residential, placement, foster, facility
ind-risk-substance-use = The student uses drugs or is in a relationship with someone who does.
    .terms = drug, alcohol, substance, marijuana, vape, partner, addiction
ind-risk-family-sex-trade = Members of the student's family have bought sex or have been trafficked.
    .terms = family, relative, trafficking, sex buyer, commercial sex, prostitution, parent, sibling
ind-risk-parental-substance-use = The student's parents misuse drugs.
    .terms = parent, drug, addiction, substance, alcohol, overdose, caregiver
ind-risk-cash-rich-workers-tourists = The student lives in an area with a large influx of workers or tourists who have cash to spend.
    .terms = tourist, worker, tourism, construction, camp, oil field, event, convention
ind-risk-status-offense-arrests = The student has been arrested for status offenses, such as truancy or underage alcohol possession.
    .terms = arrest, truancy, curfew, alcohol, police, juvenile, offense, citation
ind-risk-child-welfare-involvement = The student is, or has been, involved with the child welfare system.
    .terms = child welfare, foster care, CPS, caseworker, social services, placement, DCFS
ind-risk-ran-from-care = The student has run away from foster care or another out-of-home placement.
    .terms = foster, placement, group home, runaway, AWOL, out-of-home, care
ind-risk-lack-social-support = The student has few supportive adults or friends to rely on.
    .terms = isolation, lonely, support, friend, mentor, alone, isolated
ind-risk-poverty = The student's family is living in poverty.
    .terms = poverty, poor, low income, money, food insecurity, need, free lunch
ind-risk-learning-disability = The student has a learning disability or a developmental delay.
    .terms = learning disability, delay, IEP, special education, developmental, 504, dyslexia
ind-risk-adverse-experiences = The student has lived through many adverse childhood experiences.
    .terms = ACE, adverse, trauma, childhood, experience, hardship
ind-risk-family-instability = The student's home life involves family dysfunction or instability.
    .terms = family, conflict, divorce, instability, dysfunction, domestic violence, chaos, move
ind-risk-runaway-homeless = The student is currently a runaway or experiencing homelessness.
    .terms = homeless, runaway, couch surfing, street, unhoused, McKinney-Vento, car, motel
ind-risk-gang-involvement = The student is involved with a gang or is being targeted by one.
    .terms = gang, crew, clique, recruitment, set, violence
ind-risk-recent-migration = The student has recently migrated or moved to a new place.
    .terms = move, migration, immigrant, relocation, new student, newcomer, transfer, refugee
ind-risk-marginalized-community = The student belongs to a marginalized or disadvantaged community.
    .terms = marginalized, minority, disadvantaged, community, race, ethnicity, Native, tribal
ind-risk-immigration-status = The student is undocumented or has an unstable immigration status.
    .terms = undocumented, immigration, visa, status, papers, deportation, asylum
ind-risk-unaccompanied-minor = The student is a minor living without a parent or legal guardian.
    .terms = unaccompanied, minor, alone, sponsor, migrant, refugee, guardian
ind-risk-physical-disability = The student has a physical disability.
    .terms = physical disability, wheelchair, mobility, deaf, blind, impairment

## Vulnerable groups

ind-vuln-runaway = Young people who run away from home, often to escape abuse or neglect, face a serious risk of exploitation.
    .terms = runaway, run away, couch surfing, street, left home, missing
ind-vuln-homeless = Homeless youth without an adult caregiver, who must meet their own basic needs, are among the most exposed to exploitation.
    .terms = homeless, unhoused, shelter, couch surfing, street, McKinney-Vento, food
ind-vuln-child-welfare = Young people with current or past child welfare involvement have already faced abuse or neglect and may be targeted by people offering affection.
    .terms = child welfare, foster care, CPS, caseworker, placement, group home
ind-vuln-juvenile-justice = Youth with current or past juvenile justice involvement face a higher risk, and being trafficked can itself lead to arrest and detention.
    .terms = juvenile justice, detention, probation, arrest, court, jail, record
ind-vuln-dropped-out = Leaving school cuts students off from supportive peers and adults, and it can be both a cause and a result of trafficking.
    .terms = dropout, drop out, attendance, truancy, absence, withdrawal, GED
ind-vuln-disability = Students with intellectual or developmental disabilities may find it hard to refuse, read other people's intentions or recognize danger.
    .terms = intellectual disability, developmental disability, autism, IEP, special education, delay, cognitive
ind-vuln-lgbtq = LGBTQ youth face high rates of bullying and sexual violence, and those rejected by their families are at especially high risk.
    .terms = LGBTQ, gay, lesbian, bisexual, transgender, queer, nonbinary, kicked out, rejection
ind-vuln-unaccompanied-migrant = Migrant or refugee youth in the country without their parents may face loss, unsafe placements with sponsors, and debts from the journey.
    .terms = unaccompanied, migrant, refugee, immigrant, sponsor, debt, border, asylum
ind-vuln-migrant-seasonal-worker = Children who travel with seasonal farm work crews often work in isolation and may be exploited by crew leaders.
    .terms = migrant, seasonal, farmworker, agriculture, harvest, crop, crew, field

## Response protocol (Figure 4), shown in the designated counselor's handoff

protocol-title = Steps for responding to suspected child trafficking
protocol-step-1 = A staff member who suspects trafficking tells the designated counselor and does not question the student directly.
protocol-step-2 = The designated counselor talks with the student and completes a safety and trafficking assessment.
protocol-step-3 = Based on what is learned and on state law, the counselor contacts child protective services, law enforcement, or both.
protocol-step-4 = With the vice principal or school resource officer, the counselor checks for impacts on campus, such as other students involved as victims or perpetrators.
protocol-step-5 = The counselor offers the student, and family if appropriate, a supported referral to local trafficking specialists or, if none exist, to domestic violence, sexual assault or child assessment agencies.
protocol-step-6 = If the student wishes to return to school, the counselor plans their education with them and provides ongoing trauma-informed support.
