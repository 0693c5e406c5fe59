"""The demo organisation: Lindenhof Werke GmbH, a fictional company, and its consent texts.

Its people live in organisation.toml beside this module: data, not code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

COMPANY = "Lindenhof Werke"
EMAIL_DOMAIN = "example.com"
DEMO_SEED = 2026
# The networks the demo's shares go to (the share dialogs of the others are not demoed).
SHARE_NETWORKS = ("linkedin", "xing", "x", "mastodon", "bluesky", "threads")


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
    show_drafts: bool = False  # in the preview circle, while taking part


@dataclass(frozen=True)
class DemoPerson:
    """One employee; `grants` are given in order, `withdrew` are taken back later.

    `sign_in_as` offers the person on the demo sign-in page, under that label.
    """

    external_id: str
    display_name: str
    department: str
    locale: str
    is_leader: bool = False
    roles: tuple[str, ...] = ()
    grants: tuple[str, ...] = ()
    withdrew: tuple[str, ...] = ()
    profile: DemoProfile | None = None
    sign_in_as: str | None = None

    def holds(self, purpose: str) -> bool:
        """Whether the person's consent to `purpose` stands today."""
        return purpose in self.grants and purpose not in self.withdrew

    @property
    def share_networks(self) -> tuple[str, ...]:
        """The networks this person shares on in the demo: none unless an ambassador."""
        if self.profile is None or not self.holds("ambassador"):
            return ()
        if self.profile.no_social_networks:
            return ()
        return tuple(n for n in self.profile.networks if n in SHARE_NETWORKS)


@dataclass(frozen=True)
class DemoConsentText:
    """One purpose's consent text in one language, published as version 1."""

    purpose: str
    language: str
    title: str
    body: str


def demo_table(name: str) -> dict[str, Any]:
    """One of the demo's TOML files beside this module, e.g. `organisation.toml`."""
    return tomllib.loads((Path(__file__).parent / name).read_text(encoding="utf-8"))


def frozen(table: dict[str, Any]) -> dict[str, Any]:
    """A TOML table as dataclass fields: its lists as tuples."""
    return {key: tuple(v) if isinstance(v, list) else v for key, v in table.items()}


def _person(table: dict[str, Any]) -> DemoPerson:
    profile = table.pop("profile", None)
    return DemoPerson(**frozen(table), profile=DemoProfile(**frozen(profile)) if profile else None)


_ORGANISATION = demo_table("organisation.toml")
PEOPLE: tuple[DemoPerson, ...] = tuple(_person(p) for p in _ORGANISATION["people"])
# What people sometimes say when an item is not one they would pass on.
NOT_WORTH_REASONS: dict[str, tuple[str, ...]] = frozen(_ORGANISATION["not_worth_reasons"])

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
_NEVER_FR = (
    "Ce qui n’arrive jamais\u00a0: nous ne publions jamais en votre nom, et nous ne demandons ni "
    "ne conservons jamais vos mots de passe ou jetons d’accès, pour aucun réseau. Personne ne "
    "reçoit de rapport sur vous en tant que personne\u00a0: ni votre hiérarchie, ni la "
    "Communication, ni les RH. Personne ne peut savoir si vous avez dit non, retiré votre accord "
    "ou si la question ne vous a jamais été posée."
)
_WITHDRAW_FR = (
    "Vous pouvez retirer votre accord à tout moment, d’un clic sur cette page. Un retrait n’a "
    "aucune conséquence, et votre retour sera toujours le bienvenu."
)

CONSENT_TEXTS: tuple[DemoConsentText, ...] = (
    DemoConsentText(
        "ambassador",
        "en",
        "Take part",
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
        "Mitmachen",
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
        "See your own impact",
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
        "Deine eigene Wirkung sehen",
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
        "Be named",
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
        "Namentlich genannt werden",
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
    DemoConsentText(
        "ambassador",
        "fr",
        "Participer",
        "Si vous dites oui, vous voyez le fil des contenus que la Communication aimerait faire "
        "circuler, vous pouvez les partager avec vos propres comptes, et vous pouvez nous dire "
        "anonymement si un contenu vaut la peine d’être partagé.\n\n"
        "Ce que nous faisons\u00a0: nous conservons le profil que vous remplissez (vos réseaux, "
        "vos thèmes, vos langues et le nombre de demandes par trimestre qui vous convient) afin "
        "que le fil vous corresponde. Il n’est visible que pour vous. Quand vous partagez, la "
        "fenêtre de partage de votre réseau s’ouvre ou le texte est copié\u202f; c’est vous qui "
        "publiez, modifiez ou renoncez. Les liens courts comptent les clics par lien et ne "
        "conservent rien sur les personnes qui cliquent.\n\n" + _NEVER_FR + "\n\n" + _WITHDRAW_FR,
    ),
    DemoConsentText(
        "share_attribution",
        "fr",
        "Voir votre propre impact",
        "Si vous dites oui, vos partages sont enregistrés avec votre nom, afin que vous puissiez "
        "voir vos propres chiffres\u00a0: quels contenus vous avez partagés, où, et combien de "
        "fois ces liens ont été cliqués. Sans ce consentement, vos partages comptent quand même, "
        "mais de façon anonyme.\n\n"
        "Ces chiffres ne sont visibles que pour vous. Il n’y a ni tableau d’honneur, ni "
        "classement, ni comparaison avec vos collègues. " + _NEVER_FR + "\n\n"
        "Si vous retirez votre accord, votre nom est retiré de vos partages, qui sont ensuite "
        "comptés de façon anonyme. " + _WITHDRAW_FR,
    ),
    DemoConsentText(
        "recognition",
        "fr",
        "Apparaître nommément",
        "Ce choix s’adresse aux personnes qui dirigent une équipe. Si vous dites oui, vos "
        "collègues peuvent voir votre nom à côté d’un contenu que vous avez partagé, avec la "
        "mention «\u00a0partagé par la direction\u00a0». L’idée est de donner l’exemple\u00a0: "
        "vous montrez qu’un contenu vaut à vos yeux d’être transmis, sans attendre de quiconque "
        "qu’il en fasse autant.\n\n"
        "Votre nom n’apparaît que sur les contenus que vous avez réellement partagés, jamais sur "
        "les autres. "
        + _NEVER_FR
        + "\n\n"
        + _WITHDRAW_FR
        + " Votre nom disparaît alors de tous les contenus.",
    ),
)
