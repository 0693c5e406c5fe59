"""The demo organisation's content: what Lindenhof Werke's comms team would gladly see shared."""

from __future__ import annotations

from dataclasses import dataclass

WWW = "https://www.example.com"
BLOG = "https://blog.example.com"
JOBS = "https://jobs.example.com"
# Illustrations shipped in app/static/demo: the demo works offline.
MEDIA = "/static/demo"


@dataclass(frozen=True)
class DemoItem:
    """One content item; `long` feeds LinkedIn and Xing, `short` the short-form networks.

    `appeal` is how likely a colleague finds it worth sharing (0..1); `expires_in_days`
    counts from now and is negative for an item that has already expired.
    """

    kind: str
    language: str
    title: str
    summary: str
    url: str
    topics: tuple[str, ...]
    long: str
    short: str
    tags: tuple[str, ...]
    days_ago: int
    appeal: float
    status: str = "published"
    is_ask: bool = False
    image_url: str | None = None
    expires_in_days: int | None = None


ITEMS: tuple[DemoItem, ...] = (
    DemoItem(
        "article",
        "de",
        "Spendenlauf: 18.400 € für drei Kasseler Vereine",
        "412 Kolleg:innen, 3.680 Kilometer rund um Halle 1, 5 € pro Kilometer. Die Belegschaft "
        "hat abgestimmt, wohin das Geld geht.",
        f"{WWW}/de/news/spendenlauf",
        ("community",),
        "Beim Spendenlauf rund um Halle 1 sind 412 Kolleginnen und Kollegen zusammen 3.680 "
        "Kilometer gelaufen, gegangen oder gerollt. Für jeden Kilometer haben wir 5 € "
        "gespendet: 18.400 €, aufgeteilt auf drei Vereine, die die Belegschaft selbst "
        "ausgewählt hat – den Kinderschutzbund Kassel, eine Hausaufgabenhilfe und einen "
        "inklusiven Sportverein.\n\n"
        "Die Vereine erzählen im Beitrag, was sie mit dem Geld vorhaben.",
        "412 Kolleg:innen, 3.680 km rund um Halle 1, 5 € pro Kilometer: 18.400 € für drei "
        "Kasseler Vereine, die unsere Belegschaft selbst ausgewählt hat.",
        ("Spende", "Kassel"),
        days_ago=89,
        appeal=0.7,
        status="archived",
        expires_in_days=-55,
    ),
    DemoItem(
        "article",
        "de",
        "Brauerei Kesselring spart 38 % Gas mit unserer Wärmepumpe",
        "Eine Familienbrauerei nutzt die Abwärme ihrer Kühlung, um Brauwasser auf 90 °C zu "
        "bringen. Nach einem Jahr: 38 % weniger Erdgas – und zwei Winterprobleme, die wir "
        "lösen mussten.",
        f"{WWW}/de/referenzen/brauerei-kesselring-waermepumpe",
        ("engineering", "sustainability", "product"),
        "Vor einem Jahr haben wir bei der Brauerei Kesselring unsere erste LW-40 in einer "
        "Brauerei in Betrieb genommen. Die Idee: Die Kältemaschine, die das Jungbier kühlt, "
        "erzeugt ohnehin Wärme – bisher ging sie über das Dach verloren. Jetzt hebt unsere "
        "Wärmepumpe sie auf 90 °C und heizt damit das Brauwasser.\n\n"
        "Das Ergebnis nach zwölf Monaten: 38 % weniger Erdgas. Nicht alles lief glatt – im "
        "Winter mussten wir die Regelung zweimal nachjustieren. Wie Braumeisterin Ute "
        "Kesselring und unser Inbetriebnahme-Team das gelöst haben, steht im Bericht.",
        "Abwärme aus der Kühlung heizt jetzt das Brauwasser: Nach einem Jahr spart die "
        "Brauerei Kesselring 38 % Erdgas. Ein ehrlicher Bericht, inklusive der zwei "
        "Winterprobleme.",
        ("Wärmepumpe", "Energiewende", "Brauerei"),
        days_ago=86,
        appeal=0.8,
        image_url=f"{MEDIA}/brauerei-kesselring.svg",
    ),
    DemoItem(
        "photo",
        "en",
        "Photos: 1,260 solar panels on the roof of Hall 3",
        "Six weeks, two cranes, no lost-time incidents. On a sunny day the new roof covers "
        "about a fifth of the plant's electricity.",
        f"{WWW}/en/news/solar-roof-hall-3",
        ("sustainability",),
        "Six weeks, two cranes and one very careful roofing crew: Hall 3 now carries 1,260 "
        "solar panels. On a sunny day they cover about a fifth of what our Kassel plant uses, "
        "and the hall underneath stays noticeably cooler in summer.\n\n"
        "Our facilities team photographed the whole build. A few favourites: the first panel "
        "going up at sunrise, the view from the crane cab, and the moment the inverters came "
        "online.",
        "1,260 solar panels on the roof of Hall 3: on a sunny day they cover a fifth of our "
        "plant's electricity. Some photos from six weeks of building.",
        ("Solar", "Manufacturing"),
        days_ago=80,
        appeal=0.7,
        image_url=f"{MEDIA}/solar-roof-hall-3.svg",
    ),
    DemoItem(
        "job",
        "de",
        "Ausbildung Mechatroniker:in – 12 Plätze in Kassel",
        "Dreieinhalb Jahre, eigene Lehrwerkstatt, Übernahme für alle, die wollen. Bewerben "
        "geht ohne Anschreiben.",
        f"{JOBS}/de/ausbildung-mechatronik",
        ("careers",),
        "Wir suchen zwölf Azubis für die Ausbildung zur Mechatronikerin / zum Mechatroniker "
        "in Kassel.\n\n"
        "Was dich erwartet: eine eigene Lehrwerkstatt, Ausbilder:innen, die Zeit für dich "
        "haben, ein Auslandspraktikum in unserem Partnerwerk in Brno und die Übernahme für "
        "alle, die bleiben wollen – in den letzten fünf Jahren waren das 94 %.\n\n"
        "Bewerben geht ohne Anschreiben: Lebenslauf hochladen, drei Fragen beantworten, "
        "fertig. Kennst du jemanden, der gern schraubt, programmiert und wissen will, wie "
        "Dinge funktionieren? Dann gib die Stelle gern weiter.",
        "Wir bilden 12 Mechatroniker:innen in Kassel aus: eigene Lehrwerkstatt, "
        "Auslandspraktikum, Übernahme für alle, die wollen. Bewerbung ohne Anschreiben.",
        ("Ausbildung", "Mechatronik", "Kassel"),
        days_ago=74,
        appeal=0.9,
        is_ask=True,
        expires_in_days=40,
        image_url=f"{MEDIA}/lehrwerkstatt.svg",
    ),
    DemoItem(
        "article",
        "en",
        "Why we publish our failure reports",
        "Every field failure gets a short, blameless write-up that anyone in the company can "
        "read. Two years in, here is what it changed.",
        f"{BLOG}/en/why-we-publish-failure-reports",
        ("engineering", "culture"),
        "Two years ago our engineering team started writing a short, blameless report for "
        "every failure in the field: a seized bearing, a firmware bug, a wrong part in a box. "
        "Anyone at Lindenhof can read them, from apprentices to the board.\n\n"
        "What changed: the same fault rarely happens twice, new colleagues learn the product "
        "faster, and people report problems earlier because nobody is looking for someone to "
        "blame.\n\n"
        "Katrin Vogel, our Head of Engineering, wrote up what worked, what didn't, and the "
        "template we use.",
        "Every field failure at Lindenhof gets a blameless write-up anyone in the company can "
        "read. Two years in, our Head of Engineering on what that changed.",
        ("Engineering", "BlamelessCulture"),
        days_ago=70,
        appeal=0.85,
    ),
    DemoItem(
        "video",
        "de",
        "Azubis erklären: Was macht eigentlich eine Industriemechanikerin?",
        "Drei Minuten, gedreht und geschnitten von unseren Azubis im zweiten Lehrjahr. Ohne "
        "Drehbuch von uns.",
        "https://video.example.com/de/azubis-erklaeren-industriemechanik",
        ("careers",),
        "Was macht eine Industriemechanikerin den ganzen Tag? Merve, Tim und Jakob aus dem "
        "zweiten Lehrjahr erklären es in drei Minuten – gedreht mit dem Handy, geschnitten in "
        "der Mittagspause, ohne Drehbuch aus der Kommunikationsabteilung.\n\n"
        "Herausgekommen ist das ehrlichste Video über Ausbildung, das wir je hatten. "
        "Inklusive der Stelle, an der Tim zugibt, dass Feilen am Anfang wirklich langweilig "
        "ist.",
        "Drei Azubis erklären in drei Minuten, was eine Industriemechanikerin macht. Selbst "
        "gedreht, selbst geschnitten, ehrlich bis zum Feilen.",
        ("Ausbildung", "Industriemechanik"),
        days_ago=66,
        appeal=0.85,
        image_url=f"{MEDIA}/azubis-erklaeren.svg",
    ),
    DemoItem(
        "article",
        "en",
        "The LW-40 now runs on the natural refrigerant R290",
        "Propane instead of a synthetic refrigerant: a global warming potential of 3 instead "
        "of several hundred, the same output, and a redesigned safety concept.",
        f"{WWW}/en/products/lw-40-r290",
        ("product", "sustainability", "engineering"),
        "Every LW-40 heat pump now leaves our plant filled with R290 (propane) instead of a "
        "synthetic refrigerant. R290 has a global warming potential of 3; the refrigerant it "
        "replaces has one of several hundred.\n\n"
        "Propane is flammable, so the switch took eighteen months: a new sealed refrigerant "
        "circuit, gas sensors, and a ventilation concept that our test lab spent weeks trying "
        "to break. The output is unchanged and the unit is 4 dB quieter.\n\n"
        "The product page has the full specifications and the safety documentation.",
        "Every LW-40 heat pump now ships with R290 (propane) instead of a synthetic "
        "refrigerant: GWP 3 instead of several hundred, same output, 4 dB quieter.",
        ("HeatPumps", "NaturalRefrigerants"),
        days_ago=62,
        appeal=0.55,
        image_url=f"{MEDIA}/lw-40.svg",
    ),
    DemoItem(
        "article",
        "de",
        "Vier-Tage-Woche in der Fertigung: Zwischenbilanz nach einem Jahr",
        "Seit einem Jahr arbeitet Halle 2 an vier Tagen. Was sich bewährt hat, was nicht, und "
        "warum wir den Versuch verlängern.",
        f"{BLOG}/de/vier-tage-woche-fertigung-bilanz",
        ("culture",),
        "Seit einem Jahr arbeiten die 140 Kolleginnen und Kollegen in Halle 2 an vier Tagen "
        "pro Woche, 36 Stunden bei gleichem Gehalt. Die Zwischenbilanz ist gemischt, und "
        "genau deshalb teilen wir sie.\n\n"
        "Gut: weniger Krankheitstage, deutlich mehr Bewerbungen für die Fertigung, stabile "
        "Stückzahlen. Schwierig: Die Übergaben zwischen den Schichten brauchen mehr Sorgfalt, "
        "und nicht jede Rolle passt ins Modell – für die Instandhaltung suchen wir noch eine "
        "Lösung.\n\n"
        "Betriebsrat und Werkleitung haben den Versuch um ein Jahr verlängert. Die Zahlen und "
        "die Stimmen aus der Halle stehen im Beitrag.",
        "Ein Jahr Vier-Tage-Woche in unserer Fertigung: weniger Krankheitstage, mehr "
        "Bewerbungen, stabile Stückzahlen – und ein paar Probleme, die wir noch lösen müssen.",
        ("VierTageWoche", "NewWork", "Fertigung"),
        days_ago=58,
        appeal=0.9,
    ),
    DemoItem(
        "event",
        "en",
        "Open evening for career changers in engineering",
        "First Thursday of every month, 6 pm, in our training workshop in Kassel. Meet "
        "colleagues who came to us from nursing, baking, logistics and the army.",
        "https://events.example.com/en/open-evening-career-changers",
        ("careers",),
        "Thinking about a move into engineering or manufacturing, but not sure whether you "
        "are \u201callowed\u201d to at 35 or 50? Come to our open evening on the first "
        "Thursday of every month at 6 pm in our training workshop in Kassel.\n\n"
        "You will meet colleagues who joined us from nursing, a bakery, logistics and the "
        "armed forces, and the trainers of our retraining programme. No presentations, no "
        "sales pitch: coffee, a walk across the shop floor and honest answers, in German or "
        "English.",
        "Thinking about switching to engineering mid-career? Open evening in Kassel, first "
        "Thursday of every month, 6 pm: meet colleagues who came from nursing, baking and "
        "logistics.",
        ("CareerChange", "Engineering"),
        days_ago=55,
        appeal=0.7,
        image_url=f"{MEDIA}/open-evening.svg",
    ),
    DemoItem(
        "photo",
        "de",
        "Fotos: Das Lastenrad unserer Azubis für die Kasseler Tafel",
        "Sechs Azubis, 300 Stunden Arbeit, eine TÜV-Abnahme: Die Tafel holt ihr Brot jetzt "
        "elektrisch ab.",
        f"{WWW}/de/news/lastenrad-tafel",
        ("community", "careers"),
        "Sechs Azubis aus dem dritten Lehrjahr haben als Abschlussprojekt ein Lastenrad "
        "gebaut – nicht für uns, sondern für die Tafel in Kassel. Rahmen geschweißt, Elektrik "
        "verlegt, Kiste gezimmert, TÜV-Abnahme bestanden.\n\n"
        "Seitdem holt die Tafel damit jeden Morgen Brot bei vier Bäckereien ab. Die Bilder "
        "von der Übergabe zeigen ziemlich gut, warum wir gern ausbilden.",
        "Sechs Azubis, 300 Stunden, ein Lastenrad für die Kasseler Tafel: Seitdem holt die "
        "Tafel damit jeden Morgen Brot ab. Ein paar Bilder von der Übergabe.",
        ("Ausbildung", "Ehrenamt", "Kassel"),
        days_ago=52,
        appeal=0.95,
        image_url=f"{MEDIA}/lastenrad-tafel.svg",
    ),
    DemoItem(
        "other",
        "de",
        "Podcast \u201eWerkbank\u201c, Folge 12: Wie klingt eine leise Wärmepumpe?",
        "Akustikingenieurin Dr. Selin Kaya und Entwickler Tobias Schäfer über Lüfterschaufeln, "
        "Nachbarn und das Brummen, das niemand hören will.",
        "https://podcast.example.com/werkbank/12-leise-waermepumpe",
        ("engineering", "product"),
        "Eine Wärmepumpe vor dem Haus ist gut fürs Klima – solange die Nachbarn nachts "
        "schlafen können. In Folge 12 unseres Podcasts \u201eWerkbank\u201c erzählen "
        "Akustikingenieurin Dr. Selin Kaya und Entwickler Tobias Schäfer, wie sie unsere neuen "
        "Außengeräte um 6 dB leiser gemacht haben.\n\n"
        "Es geht um Lüfterschaufeln nach dem Vorbild von Eulenflügeln, um den schalltoten Raum "
        "in Halle 5 und um ein Brummen bei 100 Hz, das die beiden drei Monate lang gejagt "
        "haben. 34 Minuten, auch ohne Ingenieursstudium gut zu hören.",
        "Warum sind Wärmepumpen laut, und wie bekommt man sie leise? 34 Minuten Podcast über "
        "Eulenflügel, einen schalltoten Raum und ein Brummen bei 100 Hz.",
        ("Podcast", "Wärmepumpe", "Akustik"),
        days_ago=48,
        appeal=0.65,
    ),
    DemoItem(
        "article",
        "en",
        "How a night-shift idea cut scrap by a third",
        "Pump housings failed leak tests more often after midnight. Our night-shift lead found "
        "out why with a notebook, and the fix cost 400 euros.",
        f"{BLOG}/en/night-shift-idea-scrap",
        ("engineering", "culture"),
        "Marek Kowalski has run the night shift on our casting line for eleven years. Last "
        "spring he noticed that pump housings failed the leak test more often after midnight. "
        "Nobody had a theory, so he started writing down the hall temperature next to every "
        "test.\n\n"
        "After three weeks the pattern was clear: when the hall cooled down, the seals of the "
        "test rig contracted and reported leaks that were not there. The fix, an insulated "
        "cover and a small heater for the rig, cost about 400 euros. Scrap on the line is down "
        "by a third.",
        "Our night-shift lead noticed that pump housings failed leak tests more often after "
        "midnight. He found out why with a notebook, and a 400-euro fix cut scrap by a third.",
        ("Manufacturing", "ContinuousImprovement"),
        days_ago=45,
        appeal=0.8,
        image_url=f"{MEDIA}/casting-line.svg",
    ),
    DemoItem(
        "job",
        "en",
        "We're hiring: Senior Embedded Software Engineer (C/Rust), hybrid",
        "Controller firmware for heat pumps that run for twenty years. Hybrid in Kassel, an "
        "English-speaking team, the salary range in the ad.",
        f"{JOBS}/en/senior-embedded-software-engineer",
        ("careers", "engineering"),
        "Our controls team is looking for a Senior Embedded Software Engineer. You would work "
        "on the firmware of the controllers that run our heat pumps: devices that are expected "
        "to do their job quietly for twenty years.\n\n"
        "The stack: C on ARM Cortex-M, new modules in Rust, hardware-in-the-loop tests on "
        "every merge. The team of seven works in English, is in the Kassel office two days a "
        "week, and has no on-call rota.\n\n"
        "The salary range is in the ad, and so is the name of the person who will answer your "
        "questions. If you know someone who would enjoy this, we would be grateful if you "
        "passed it on.",
        "We're hiring a Senior Embedded Software Engineer: heat pump controller firmware in C "
        "and Rust, HIL tests on every merge, hybrid in Kassel. Salary range in the ad.",
        ("Hiring", "EmbeddedSystems", "Rust"),
        days_ago=40,
        appeal=0.75,
        is_ask=True,
        expires_in_days=50,
    ),
    DemoItem(
        "article",
        "de",
        "Reparieren statt ersetzen: Ersatzteile für Pumpen ab Baujahr 1998",
        "Wir fertigen wieder Ersatzteile für Umwälzpumpen, die fast 30 Jahre alt sind. Das "
        "rechnet sich nicht immer – wir machen es trotzdem.",
        f"{WWW}/de/service/ersatzteile-ab-1998",
        ("product", "sustainability"),
        "Eine Umwälzpumpe von 1998 muss nicht auf den Schrott, nur weil eine Dichtung oder ein "
        "Laufrad verschlissen ist. Ab sofort fertigen wir wieder Ersatzteile für alle "
        "Aquila-Pumpen ab Baujahr 1998, einige davon im 3D-Druck, weil die alten Werkzeuge "
        "längst nicht mehr existieren.\n\n"
        "Wirtschaftlich ist das nicht für jedes Teil sinnvoll, das sagen wir offen. Aber eine "
        "reparierte Pumpe spart rund 40 kg Metall und Elektronik, und viele Heizungsbauer "
        "haben uns genau darum gebeten. Die Teileliste und den Weg zur Bestellung findet ihr "
        "im Beitrag.",
        "Wir fertigen wieder Ersatzteile für Aquila-Pumpen ab Baujahr 1998, zum Teil im "
        "3D-Druck. Rechnet sich nicht immer, spart aber rund 40 kg Material pro Pumpe.",
        ("Reparieren", "Kreislaufwirtschaft", "SHK"),
        days_ago=36,
        appeal=0.7,
    ),
    DemoItem(
        "article",
        "en",
        "A letter from our apprentices to next year's class",
        "What they wish they had known on day one: bring snacks, ask the old hands, and nobody "
        "expects you to know how a lathe works yet.",
        f"{BLOG}/en/letter-to-next-years-apprentices",
        ("careers", "culture"),
        "Every year our third-year apprentices write a letter to the people who will start "
        "after them. This year's is our favourite so far.\n\n"
        "They tell the new class to bring snacks for the first week, to ask the old hands on "
        "the shop floor anything (they love it), that nobody expects you to know how a lathe "
        "works on day one, and that the final exam is hard but the trainers will not let "
        "anyone fail alone.\n\n"
        "We have published it as it was written, in German and in an English translation by "
        "two of the authors.",
        "Our third-year apprentices wrote a letter to next year's class: bring snacks, ask the "
        "old hands, and nobody expects you to know how a lathe works on day one.",
        ("Apprenticeship", "Careers"),
        days_ago=32,
        appeal=0.9,
        image_url=f"{MEDIA}/apprentices-letter.svg",
    ),
    DemoItem(
        "video",
        "en",
        "Inside the acoustics lab: three minutes in our anechoic chamber",
        "The quietest room in our plant, and what our engineers do in it. Headphones recommended.",
        "https://video.example.com/en/inside-the-anechoic-chamber",
        ("engineering",),
        "Hall 5 houses the quietest room in our company: an anechoic chamber whose walls "
        "swallow almost every sound. This is where our heat pumps have to prove they are quiet "
        "enough to live next to.\n\n"
        "In three minutes, acoustics engineer Selin Kaya shows what a measurement looks like, "
        "why she sometimes stands in there in complete silence for a minute, and what a "
        "\u201cgood\u201d noise sounds like. Headphones recommended.",
        "Three minutes in the quietest room of our plant: our acoustics engineer shows how we "
        "make sure a heat pump is quiet enough to live next to. Headphones recommended.",
        ("Acoustics", "Engineering", "HeatPumps"),
        days_ago=28,
        appeal=0.75,
        image_url=f"{MEDIA}/anechoic-chamber.svg",
    ),
    DemoItem(
        "article",
        "de",
        "Nachhaltigkeitsbericht: Was gut lief – und was nicht",
        "Emissionen der Werke seit 2019 minus 31 %, in der Lieferkette leider plus 4 %. Warum "
        "das so ist und was wir daran ändern.",
        f"{WWW}/de/nachhaltigkeit/bericht",
        ("sustainability",),
        "Unser Nachhaltigkeitsbericht ist erschienen, und wir wollen die Zahlen nicht schöner "
        "machen, als sie sind.\n\n"
        "Die gute Nachricht: Die Emissionen unserer Werke (Scope 1 und 2) sind seit 2019 um "
        "31 % gesunken – durch das Solardach, Abwärmenutzung und Ökostrom. Die schlechte: Die "
        "Emissionen in unserer Lieferkette (Scope 3) sind um 4 % gestiegen, vor allem wegen "
        "Stahl und Aluminium.\n\n"
        "Im Bericht steht, mit welchen Lieferanten wir an grünem Stahl arbeiten und welche "
        "Ziele wir bis 2030 verbindlich zugesagt haben. Kritische Rückfragen sind ausdrücklich "
        "willkommen.",
        "Unser Nachhaltigkeitsbericht: Emissionen der Werke seit 2019 minus 31 %, in der "
        "Lieferkette leider plus 4 %. Was wir dagegen tun – und wo wir noch keine Antwort "
        "haben.",
        ("Nachhaltigkeit", "Klimaschutz", "Scope3"),
        days_ago=25,
        appeal=0.6,
    ),
    DemoItem(
        "photo",
        "de",
        "Fotos: Schnuppertag für Schülerinnen in der Lehrwerkstatt",
        "24 Schülerinnen, 24 selbst gebaute Taschenlampen und eine Frage, die unsere "
        "Ausbilderinnen noch beschäftigt.",
        f"{WWW}/de/news/schnuppertag-lehrwerkstatt",
        ("careers",),
        "24 Schülerinnen aus Kassel und Umgebung haben einen Tag in unserer Lehrwerkstatt "
        "verbracht. Am Ende hatte jede eine selbst gefräste und selbst gelötete Taschenlampe – "
        "und unsere Ausbilderinnen Svenja und Derya eine Frage, über die sie noch lange "
        "nachgedacht haben: \u201eWarum arbeiten hier so wenige Frauen?\u201c\n\n"
        "Ein paar Bilder vom Tag, veröffentlicht mit Erlaubnis der Eltern.",
        "24 Schülerinnen, 24 selbst gebaute Taschenlampen: Bilder vom Schnuppertag in unserer "
        "Lehrwerkstatt – und die Frage, die unsere Ausbilderinnen noch beschäftigt.",
        ("MINT", "Ausbildung", "FrauenInDerTechnik"),
        days_ago=21,
        appeal=0.8,
        image_url=f"{MEDIA}/schnuppertag.svg",
    ),
    DemoItem(
        "article",
        "en",
        "Accessibility in the plant: what changed this year",
        "Height-adjustable assembly stations, safety signs in plain language, and an aisle "
        "that is finally safe for wheelchairs.",
        f"{BLOG}/en/accessibility-in-the-plant",
        ("culture",),
        "When Paul Richter joined our People & Culture team, he took his wheelchair on a tour "
        "of the plant and wrote down everything that got in his way. The list was long.\n\n"
        "One year later: 38 height-adjustable assembly stations, safety signs rewritten in "
        "plain language with pictograms, a separate forklift route so that the main aisle is "
        "safe for everyone, and an accessible canteen entrance that is not round the back.\n\n"
        "Not everything is done: the old office wing still has no lift. The article lists "
        "what comes next, and when.",
        "A colleague toured our plant in his wheelchair and listed everything in his way. A "
        "year later: 38 adjustable workstations, plain-language signs, a safe aisle. Not done "
        "yet.",
        ("Accessibility", "Inclusion"),
        days_ago=18,
        appeal=0.7,
    ),
    DemoItem(
        "event",
        "de",
        "Offene Werkstatt: jeden ersten Samstag im Monat",
        "Bringt kaputte Haushaltsgeräte mit: Azubis und Ehrenamtliche reparieren mit euch, "
        "von 10 bis 14 Uhr in der Lehrwerkstatt.",
        "https://events.example.com/de/offene-werkstatt",
        ("community", "sustainability"),
        "Toaster, Staubsauger, Fahrradlampe: Was kaputt ist, könnt ihr jeden ersten Samstag im "
        "Monat von 10 bis 14 Uhr in unsere Lehrwerkstatt bringen. Azubis und ehrenamtliche "
        "Kolleg:innen reparieren mit euch, nicht für euch – so lernt ihr, wie euer Gerät "
        "funktioniert.\n\n"
        "Seit dem Start haben wir 212 Geräte wieder zum Laufen gebracht. Kaffee und Kuchen gibt "
        "es auch, und Kinder dürfen unter Aufsicht löten.",
        "Jeden ersten Samstag im Monat, 10–14 Uhr: Bringt kaputte Geräte in unsere "
        "Lehrwerkstatt, Azubis und Ehrenamtliche reparieren mit euch. Bisher: 212 gerettete "
        "Geräte.",
        ("RepairCafé", "Kassel", "Nachhaltigkeit"),
        days_ago=15,
        appeal=0.75,
        image_url=f"{MEDIA}/offene-werkstatt.svg",
    ),
    DemoItem(
        "article",
        "de",
        "Warum wir 2 % der Arbeitszeit fürs Ehrenamt freigeben",
        "Freiwillige Feuerwehr, Tafel, Jugendtraining: Vier Tage im Jahr gehören dem "
        "Ehrenamt. Drei Kolleg:innen erzählen, wofür sie sie nutzen.",
        f"{BLOG}/de/ehrenamt-arbeitszeit",
        ("culture", "community"),
        "Vier Arbeitstage im Jahr, rund 2 %, kann bei uns jede und jeder für ein Ehrenamt "
        "nutzen – ohne Antrag mit Begründung und ohne Urlaub zu nehmen. Im ersten Jahr haben "
        "310 Kolleginnen und Kollegen das getan.\n\n"
        "Ahmad trainiert damit die U12 seines Fußballvereins, Heike fährt für die Tafel, und "
        "Stefan ist mit der Freiwilligen Feuerwehr zu Einsätzen ausgerückt, die nicht bis "
        "Feierabend warten konnten. Was sie erzählen, steht im Beitrag – und auch, was es uns "
        "kostet.",
        "Vier Arbeitstage im Jahr fürs Ehrenamt, ohne Begründung und ohne Urlaub: Im ersten "
        "Jahr haben 310 Kolleg:innen das genutzt. Drei von ihnen erzählen, wofür.",
        ("Ehrenamt", "Unternehmenskultur"),
        days_ago=11,
        appeal=0.8,
    ),
    DemoItem(
        "article",
        "en",
        "What we got wrong about hybrid work in sales",
        "More customer visits, fewer conversations between colleagues. Our Head of Sales on "
        "what we changed, and why it was not an office mandate.",
        f"{BLOG}/en/hybrid-work-in-sales",
        ("culture",),
        "When we let our sales team work from anywhere, customer visits went up and travel "
        "costs went down. What we missed: new colleagues stopped learning from experienced "
        "ones, because the conversation in the corridor after a difficult call simply did not "
        "happen any more.\n\n"
        "Christian Neumann, our Head of Sales, writes about the two team days a month we "
        "introduced, the buddy system for new starters, and why he thinks ordering everyone "
        "back to the office would have been the wrong answer.",
        "Hybrid work made our sales team better at visiting customers and worse at learning "
        "from each other. Our Head of Sales on what we changed, and why it wasn't a mandate.",
        ("HybridWork", "Leadership"),
        days_ago=7,
        appeal=0.55,
    ),
    DemoItem(
        "other",
        "en",
        "Our Modbus library for heat pump controllers is now open source",
        "Released under the Apache 2.0 licence, with the test suite and the hardware simulator "
        "we use ourselves.",
        f"{BLOG}/en/open-source-modbus-library",
        ("engineering",),
        "For ten years our controllers have talked to building management systems through a "
        "Modbus library we wrote in-house. Today we are publishing it as open source under the "
        "Apache 2.0 licence, including the test suite and the hardware simulator our team "
        "uses every day.\n\n"
        "Why: installers and integrators have asked for years how exactly our devices behave "
        "on the bus, and an open implementation answers that better than any PDF. We will "
        "review pull requests, and we are honest about the roadmap: maintenance yes, big new "
        "features probably not.",
        "We've open-sourced the Modbus library our heat pump controllers have used for ten "
        "years: Apache 2.0, with the test suite and the hardware simulator we use ourselves.",
        ("OpenSource", "Modbus", "BuildingAutomation"),
        days_ago=4,
        appeal=0.7,
    ),
    DemoItem(
        "article",
        "de",
        "Die neue Kantine: Was ihr euch gewünscht habt – und was kommt",
        "1.100 Antworten auf unsere Umfrage: mehr Vegetarisches, längere Öffnungszeiten für "
        "die Spätschicht, weniger Plastik.",
        f"{WWW}/de/intern/neue-kantine",
        ("culture",),
        "1.100 von euch haben an der Umfrage zur neuen Kantine teilgenommen. Die drei größten "
        "Wünsche: mehr vegetarische Gerichte, warmes Essen auch für die Spätschicht und "
        "weniger Einwegverpackungen.\n\n"
        "Was davon ab dem Umbau kommt, was länger dauert und was wir nicht umsetzen können, "
        "steht im Beitrag.",
        "1.100 Antworten auf unsere Kantinen-Umfrage: mehr Vegetarisches, warmes Essen für die "
        "Spätschicht, weniger Plastik. Was davon kommt.",
        ("Kantine",),
        days_ago=3,
        appeal=0.6,
        status="draft",
    ),
    DemoItem(
        "article",
        "en",
        "Q&A with our new CTO, Dr. Amara Okafor",
        "Twenty questions from colleagues, answered without a press office in the room.",
        f"{BLOG}/en/qa-new-cto",
        ("engineering", "culture"),
        "Dr. Amara Okafor joined Lindenhof as CTO last month. We collected questions from "
        "colleagues across the plant, and she answered twenty of them, including the awkward "
        "ones about budgets, the old ERP system and whether she has ever held a welding torch.",
        "Our new CTO answers twenty questions from colleagues, including the awkward ones "
        "about budgets and the old ERP system.",
        ("Leadership", "Engineering"),
        days_ago=1,
        appeal=0.5,
        status="draft",
    ),
)
