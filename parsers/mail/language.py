"""The language to answer in: Danish when the party writes Danish, else English.

Choice for the other Scandinavian languages: a party writing Swedish or Norwegian gets English.
The bot's letters are legal and technical (agreements, data processing, IP scopes); written Swedish
and Norwegian readers follow everyday Danish but not reliably such text, and English is what MedCom
uses with every foreign partner. So only Danish text gives "da"; an unclear text (a bare "OK", an
empty body) stays Danish, the default of a Danish service.

The text decides, not the Content-Language header (Outlook sets it from the installation, not from
what was typed); the header only breaks a tie. Mobile-client lines ("Sendt fra min iPhone") and
everything from the closing formula on (signature, company disclaimer) only count when the text
above them says nothing.
"""
from __future__ import annotations

import re

from mailbot.core.refs import DEFAULT_PREFIX, find_ref

# Function words and the words of this domain; a word may belong to several languages
_DA = set("og jeg vi til med af er det en et at på ikke har kan skal vores hej venlig venlige hilsen hilsner tak "
          "mvh som der den de vil gerne hermed vedhæftet vedhæftede vedlagt vedlagte underskrevne underskrevet "
          "spørgsmål hvordan hvornår hvad hvis jer jeres os nu også være blive bliver blevet aftale aftalen "
          "aftaler aftalerne skema skemaet noget nogen efter meget modtaget tilslutning tilsluttet tilsluttes "
          "sende sender sendt venligst mange fra kan kunne gerne tilbage her sag jeres min mit mine dig mig "
          "lidt mellem fået også eller men kun mere ingen hele godt når deres kontakt kommer om".split())
_NO = set("og jeg vi til med av er det en et at på ikke har kan skal hei vennlig vennlige hilsen takk mvh som "
          "der den de vil gjerne vedlagt vedlagte signert signerte spørsmål hvordan når hva hvis dere deres oss "
          "nå også være bli blir blitt avtale avtalen avtaler avtalene skjema skjemaet noe noen etter mye mottatt "
          "tilkobling fra kunne tilbake her min mitt mine deg meg litt mellom fått eller men kun mer ingen hele "
          "godt kontakt kommer om".split())
_SV = set("och jag vi till med av är det en ett att på inte har kan ska hej vänlig vänliga hälsning hälsningar "
          "tack som där den de vill gärna bifogar bifogade bifogat undertecknade undertecknat frågor hur när vad "
          "om ni er oss nu också vara blir blivit avtal avtalet avtalen formulär formuläret något någon efter "
          "mycket mottagit anslutning från kunna tillbaka här min mitt mina dig mig lite mellan fått eller men "
          "bara mer ingen hela bra kommer återkommer".split())
_EN = set("the and we you please regards thank thanks our is are would could attached attach enclosed signed find "
          "kind dear best hello hi to of with have has will can should question questions when how here see this "
          "that these your us be an it am in on not from my as agreement agreements form forms sign copy copies "
          "all any also do does what which who sent sending receive received cheers sincerely yours "
          "know if they them there".split())

# Lines a mail program adds by itself, in any language the phone is set to
_CLIENT_LINE = re.compile(
    r"^\s*(?:sendt\s+fra|sent\s+from|skickat\s+från|get\s+outlook|hent\s+outlook|download\s+outlook|"
    r"von\s+meinem|envoyé\s+de)\b.*$", re.I | re.M)
# Where the signature begins: the closing formula, or the sig-dash line
_CLOSING = re.compile(
    r"^\s*(?:(?:med\s+)?venlig(?:st)?\s+hilsen|(?:de\s+)?bedste\s+hilsner|mange\s+hilsner|hilsen|mvh|vh|"
    r"(?:med\s+)?vennlig(?:e)?\s+hilsen?|(?:med\s+)?vänliga?\s+hälsningar?|mvh\.?|"
    r"(?:best|kind|warm|many\s+thanks\s+and\s+best)(?:est)?\s+(?:regards|wishes)|regards|br|brgds|"
    r"(?:yours\s+)?sincerely|cheers|with\s+(?:kind\s+|best\s+)?regards|--)\s*[,.!]?\s*(?:/.*)?$", re.I)


def _scores(text: str) -> dict[str, float]:
    words = re.findall(r"[a-zæøåäöü]+", text.lower())[:600]
    out = {"da": 0.0, "no": 0.0, "sv": 0.0, "en": 0.0}
    for i, w in enumerate(words):
        weight = 1.0 if i < 80 else 0.3  # the opening says more than a long tail
        for lang, vocab in (("da", _DA), ("no", _NO), ("sv", _SV), ("en", _EN)):
            if w in vocab:
                out[lang] += weight
    low = text.lower()
    if re.search(r"[äö]", low):
        out["sv"] += 2
    if re.search(r"[æø]", low):
        out["da"] += 1
        out["no"] += 1
    return out


def _decide(s: dict[str, float]) -> str | None:
    """"da", "en" or None when the words say nothing."""
    nordic = max(s["da"], s["no"], s["sv"])
    if s["en"] == 0 and nordic == 0:
        return None
    if s["en"] > nordic:
        return "en"
    if s["en"] == nordic:
        return None
    if s["sv"] > s["da"] or s["no"] > s["da"]:
        return "en"  # Swedish or Norwegian: see the module docstring
    return "da"


def _split_signature(text: str) -> tuple[str, str]:
    lines = _CLIENT_LINE.sub("", text).splitlines()
    for i, line in enumerate(lines):
        if i > 0 and _CLOSING.match(line):
            return "\n".join(lines[:i]), "\n".join(lines[i:])
    return "\n".join(lines), ""


def detect_language(subject: str, text: str, content_language: str | None,
                    ref_prefix: str = DEFAULT_PREFIX) -> str:
    """"da" or "en". The new text above the signature decides; then the signature, then a subject that
    is not a reply to ours, then the Content-Language header; else Danish."""
    main, signature = _split_signature(text or "")
    subj = "" if re.match(r"^\s*(?:re|sv|aw|vs|fw|fwd|vb|wg)\s*:", subject or "", re.I) \
        or find_ref(subject, ref_prefix) else (subject or "")
    for part in (main, main + "\n" + subj, signature, _CLIENT_LINE.sub("", text or "") + "\n" + subj):
        verdict = _decide(_scores(part))
        if verdict:
            return verdict
    cl = (content_language or "").strip().lower()
    return "en" if cl.startswith("en") else "da"
