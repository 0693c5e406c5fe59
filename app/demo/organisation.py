"""The demo organisation's people and consent texts: Lindenhof Werke GmbH, a fictional company."""

from __future__ import annotations

from dataclasses import dataclass

EMAIL_DOMAIN = "example.com"
DEMO_SEED = 2026


@dataclass(frozen=True)
class DemoPerson:
    """One employee; `grants` are given in order, `withdrew` are taken back later."""

    external_id: str
    display_name: str
    department: str
    locale: str
    is_leader: bool = False
    roles: tuple[str, ...] = ()
    grants: tuple[str, ...] = ()
    withdrew: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoProfile:
    """How one ambassador takes part."""

    networks: tuple[str, ...]
    topics: tuple[str, ...]
    languages: tuple[str, ...]
    mastodon_instance: str | None = None
    asks_per_quarter: int = 1
    quiet_hours: tuple[int, int] | None = None
    no_social_networks: bool = False


@dataclass(frozen=True)
class DemoConsentText:
    purpose: str
    language: str
    title: str
    body: str


ENG, PROD, SALES, CULTURE, COMMS = (
    "Engineering",
    "Production",
    "Sales",
    "People & Culture",
    "Communications",
)
A, S, R = "ambassador", "share_attribution", "recognition"

# The people offered on the demo sign-in page.
DEMO_PEOPLE: tuple[tuple[str, str], ...] = (
    ("demo-001", "Employee"),
    ("demo-002", "Comms"),
    ("demo-003", "HR"),
    ("demo-004", "Admin"),
)

PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("demo-001", "Jonas Weber", PROD, "de", grants=(A, S)),
    DemoPerson("demo-002", "Lea Hoffmann", COMMS, "de", roles=("comms",), grants=(A, S)),
    DemoPerson("demo-003", "Murat Yılmaz", CULTURE, "de", roles=("hr",)),
    DemoPerson("demo-004", "Priya Raman", ENG, "en", roles=("admin",)),
    DemoPerson("demo-005", "Dr. Katrin Vogel", ENG, "de", is_leader=True, grants=(A, S, R)),
    DemoPerson("demo-006", "Tobias Schäfer", ENG, "de", grants=(A, S)),
    DemoPerson("demo-007", "Mei Lin Chen", ENG, "en", grants=(A,)),
    DemoPerson("demo-008", "Felix Brandt", ENG, "de", grants=(A,)),
    DemoPerson("demo-009", "Olusegun Adeyemi", ENG, "en", grants=(A, S)),
    DemoPerson("demo-010", "Jana Nowak", ENG, "de", grants=(A,)),
    DemoPerson("demo-011", "Lukas Hartmann", ENG, "de"),
    DemoPerson("demo-012", "Sofía Márquez", ENG, "en", grants=(A,)),
    DemoPerson("demo-013", "Henrik Sørensen", ENG, "en"),
    DemoPerson("demo-014", "Miriam Lang", ENG, "de", grants=(A,), withdrew=(A,)),
    DemoPerson("demo-015", "Deniz Arslan", ENG, "de"),
    DemoPerson("demo-016", "Sabine Krüger", PROD, "de", is_leader=True, grants=(A, R)),
    DemoPerson("demo-017", "Marek Kowalski", PROD, "de", grants=(A,)),
    DemoPerson("demo-018", "Aylin Demir", PROD, "de", grants=(A,)),
    DemoPerson("demo-019", "Stefan Wolf", PROD, "de"),
    DemoPerson("demo-020", "Irina Petrova", PROD, "de"),
    DemoPerson("demo-021", "Kevin Schulz", PROD, "de", grants=(A, S), withdrew=(S,)),
    DemoPerson("demo-022", "Thi Hoa Nguyen", PROD, "de"),
    DemoPerson("demo-023", "Patrick O'Connell", PROD, "en", grants=(A,)),
    DemoPerson("demo-024", "Heike Zimmermann", PROD, "de"),
    DemoPerson("demo-025", "Ahmad Karimi", PROD, "de"),
    DemoPerson("demo-026", "Christian Neumann", SALES, "de", is_leader=True, grants=(A, S, R)),
    DemoPerson("demo-027", "Elena Rossi", SALES, "en", grants=(A, S)),
    DemoPerson("demo-028", "Moritz Fischer", SALES, "de", grants=(A,)),
    DemoPerson("demo-029", "Claire Dubois", SALES, "en"),
    DemoPerson("demo-030", "Ole Jansen", SALES, "de", grants=(A,)),
    DemoPerson("demo-031", "Fatma Çelik", SALES, "de"),
    DemoPerson("demo-032", "James Whitfield", SALES, "en", grants=(A,), withdrew=(A,)),
    DemoPerson("demo-033", "Birgit Köhler", CULTURE, "de", is_leader=True, grants=(A,)),
    DemoPerson("demo-034", "Nadia Haddad", CULTURE, "en", grants=(A,)),
    DemoPerson("demo-035", "Paul Richter", CULTURE, "de"),
    DemoPerson("demo-036", "Zeynep Aydın", CULTURE, "de", grants=(A,)),
    DemoPerson(
        "demo-037", "Daniel Meier", COMMS, "de", is_leader=True, roles=("comms",), grants=(A,)
    ),
    DemoPerson("demo-038", "Hannah Schmidt", COMMS, "en", roles=("comms",), grants=(A,)),
    DemoPerson("demo-039", "Rafael Costa", COMMS, "en"),
    DemoPerson("demo-040", "Greta Lindqvist", COMMS, "en", grants=(A,)),
)

# Profiles of the people who are ambassadors today, keyed by external_id.
PROFILES: dict[str, DemoProfile] = {
    "demo-001": DemoProfile(("linkedin", "xing", "whatsapp"), ("careers", "culture"), ("de",)),
    "demo-002": DemoProfile(
        ("linkedin", "mastodon", "bluesky"),
        ("culture", "sustainability"),
        ("de", "en"),
        mastodon_instance="norden.social",
    ),
    "demo-005": DemoProfile(
        ("linkedin", "xing"), ("engineering", "product"), ("de", "en"), asks_per_quarter=2
    ),
    "demo-006": DemoProfile(
        ("mastodon", "linkedin"),
        ("engineering",),
        ("de", "en"),
        mastodon_instance="chaos.social",
        quiet_hours=(20, 7),
    ),
    "demo-007": DemoProfile(("linkedin", "bluesky"), ("engineering", "culture"), ("en",)),
    "demo-008": DemoProfile(("xing", "linkedin"), ("engineering", "product"), ("de",)),
    "demo-009": DemoProfile(
        ("linkedin", "x", "mastodon"),
        ("engineering", "careers"),
        ("en",),
        mastodon_instance="hachyderm.io",
        asks_per_quarter=3,
    ),
    "demo-010": DemoProfile(("linkedin", "threads"), ("sustainability", "culture"), ("de",)),
    "demo-012": DemoProfile(
        ("linkedin", "bluesky", "threads"), ("engineering", "careers"), ("en", "de")
    ),
    "demo-016": DemoProfile(
        ("linkedin", "xing", "facebook"), ("culture", "careers"), ("de",), asks_per_quarter=2
    ),
    "demo-017": DemoProfile(("facebook", "whatsapp", "xing"), ("culture",), ("de",)),
    "demo-018": DemoProfile(
        (), ("culture", "careers"), ("de",), asks_per_quarter=0, no_social_networks=True
    ),
    "demo-021": DemoProfile(("x", "linkedin"), ("product", "engineering"), ("de",)),
    "demo-023": DemoProfile(("linkedin", "bluesky"), ("culture", "sustainability"), ("en",)),
    "demo-026": DemoProfile(
        ("linkedin", "xing"), ("product", "sustainability"), ("de", "en"), asks_per_quarter=2
    ),
    "demo-027": DemoProfile(("linkedin", "x"), ("product", "culture"), ("en", "de")),
    "demo-028": DemoProfile(("xing", "linkedin"), ("product",), ("de",)),
    "demo-030": DemoProfile(
        ("linkedin", "mastodon"),
        ("sustainability", "product"),
        ("de",),
        mastodon_instance="mastodon.social",
    ),
    "demo-033": DemoProfile(
        ("linkedin", "xing"), ("careers", "culture"), ("de",), asks_per_quarter=3
    ),
    "demo-034": DemoProfile(("linkedin", "bluesky"), ("careers", "culture"), ("en",)),
    "demo-036": DemoProfile(
        (), ("culture",), ("de", "en"), asks_per_quarter=0, no_social_networks=True
    ),
    "demo-037": DemoProfile(
        ("linkedin", "xing", "mastodon", "bluesky"),
        ("culture", "sustainability", "careers"),
        ("de", "en"),
        mastodon_instance="mastodon.social",
    ),
    "demo-038": DemoProfile(
        ("linkedin", "threads", "bluesky"), ("culture", "careers"), ("en",), quiet_hours=(19, 8)
    ),
    "demo-040": DemoProfile(
        ("mastodon", "bluesky"),
        ("sustainability", "engineering"),
        ("en",),
        mastodon_instance="fosstodon.org",
    ),
}

# What people sometimes say when an item is not one they would pass on.
NOT_WORTH_REASONS: dict[str, tuple[str, ...]] = {
    "de": (
        "Zu viel Fachsprache für meine Freunde",
        "Klingt mir zu sehr nach Werbung",
        "Passt nicht zu meinem Netzwerk",
        "Spannend, aber eher was für intern",
    ),
    "en": (
        "Too technical for my friends",
        "Reads a bit like an advert",
        "Not really my audience",
        "Interesting, but more of an internal story",
    ),
}

_NEVER_EN = (
    "What never happens: we never post on your behalf, and we never ask for or store your "
    "passwords or access tokens for any network. Nobody receives a report about you as an "
    "individual: not your manager, not Communications, not HR. Nobody can tell whether you "
    "said no, withdrew, or were never asked."
)
_WITHDRAW_EN = (
    "You can withdraw at any time with one click on this page. Withdrawing has no "
    "consequences of any kind, and you are welcome back whenever you like."
)
_NEVER_DE = (
    "Was nie passiert: Wir posten nie in deinem Namen und fragen oder speichern nie "
    "Passwörter oder Zugangstoken für irgendein Netzwerk. Niemand bekommt einen Bericht über "
    "dich als Person: nicht deine Führungskraft, nicht die Kommunikation, nicht HR. Niemand "
    "kann sehen, ob du abgelehnt, widerrufen oder nie gefragt wurdest."
)
_WITHDRAW_DE = (
    "Du kannst jederzeit mit einem Klick auf dieser Seite widerrufen. Ein Widerruf hat "
    "keinerlei Folgen, und du kannst jederzeit wieder mitmachen."
)

CONSENT_TEXTS: tuple[DemoConsentText, ...] = (
    DemoConsentText(
        "ambassador",
        "en",
        "Take part as an ambassador",
        "If you say yes, you see the feed of items Communications would like to pass on, you "
        "can share them with your own accounts, and you can tell us anonymously whether an "
        "item is worth sharing.\n\n"
        "What we do: we keep the profile you fill in (the networks you use, topics, "
        "languages, how many asks per quarter you are happy to get) so that the feed fits "
        "you. Only you see it. When you share, your network's own share dialog opens or the "
        "text is copied; you post, change or drop it. Short links count clicks per link and "
        "store nothing about the people who click.\n\n" + _NEVER_EN + "\n\n" + _WITHDRAW_EN,
    ),
    DemoConsentText(
        "ambassador",
        "de",
        "Als Botschafter:in mitmachen",
        "Wenn du zustimmst, siehst du die Beiträge, die die Kommunikation gern weitergeben "
        "würde, kannst sie mit deinen eigenen Konten teilen und uns anonym sagen, ob ein "
        "Beitrag das Teilen wert ist.\n\n"
        "Was wir tun: Wir speichern das Profil, das du ausfüllst (deine Netzwerke, Themen, "
        "Sprachen und wie viele Bitten pro Quartal für dich in Ordnung sind), damit die "
        "Beiträge zu dir passen. Nur du siehst es. Beim Teilen öffnet sich der Teilen-Dialog "
        "deines Netzwerks oder der Text wird kopiert; du postest, änderst oder verwirfst ihn. "
        "Kurzlinks zählen Klicks pro Link und speichern nichts über die Menschen, die "
        "klicken.\n\n" + _NEVER_DE + "\n\n" + _WITHDRAW_DE,
    ),
    DemoConsentText(
        "share_attribution",
        "en",
        "Show me my own shares",
        "If you say yes, the shares you make are recorded with your name, so that you can "
        "see your own numbers: which items you shared, where, and how often those links "
        "were clicked. Without this consent your shares still count, but anonymously.\n\n"
        "Only you see these numbers. There is no leaderboard, no ranking and no comparison "
        "with colleagues. " + _NEVER_EN + "\n\n"
        "If you withdraw, your name is removed from your shares and they are counted "
        "anonymously from then on. " + _WITHDRAW_EN,
    ),
    DemoConsentText(
        "share_attribution",
        "de",
        "Meine eigenen Shares anzeigen",
        "Wenn du zustimmst, werden deine Shares mit deinem Namen gespeichert, damit du deine "
        "eigenen Zahlen sehen kannst: welche Beiträge du wo geteilt hast und wie oft die "
        "Links geklickt wurden. Ohne diese Einwilligung zählen deine Shares trotzdem, aber "
        "anonym.\n\n"
        "Nur du siehst diese Zahlen. Es gibt keine Bestenliste, kein Ranking und keinen "
        "Vergleich mit Kolleg:innen. " + _NEVER_DE + "\n\n"
        "Wenn du widerrufst, wird dein Name von deinen Shares entfernt und sie zählen ab "
        "dann anonym. " + _WITHDRAW_DE,
    ),
    DemoConsentText(
        "recognition",
        "en",
        "Be shown as \u201cshared by leadership\u201d",
        "This is for people who lead a team. If you say yes, colleagues may see your name "
        "next to an item you shared, marked \u201cshared by leadership\u201d. The idea is "
        "to lead by example: showing that you find an item worth passing on, not expecting "
        "anyone else to do the same.\n\n"
        "Your name appears only on items you actually shared, never on ones you did not. "
        + _NEVER_EN
        + "\n\n"
        + _WITHDRAW_EN
        + " Your name then disappears from every item.",
    ),
    DemoConsentText(
        "recognition",
        "de",
        "Als \u201eGeteilt von der Führung\u201c erscheinen",
        "Das ist für Menschen, die ein Team führen. Wenn du zustimmst, können Kolleg:innen "
        "deinen Namen neben einem Beitrag sehen, den du geteilt hast, mit dem Hinweis "
        "\u201eGeteilt von der Führung\u201c. Gedacht ist das als Vorbild: Du zeigst, dass "
        "du einen Beitrag weitergeben magst, und erwartest nicht, dass andere es auch tun.\n\n"
        "Dein Name erscheint nur bei Beiträgen, die du wirklich geteilt hast, nie bei "
        "anderen. "
        + _NEVER_DE
        + "\n\n"
        + _WITHDRAW_DE
        + " Dein Name verschwindet dann von allen Beiträgen.",
    ),
)
