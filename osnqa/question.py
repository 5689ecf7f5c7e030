"""What kind of answer a question wants, and which of its words carry its content."""

from __future__ import annotations

import re

from .index.lexical import tokenize
from .ingest.text_utils import MONTH_RE

# a cost asked further on in a "vad" question: "Vad beräknas skolan kosta …?", "Vad har bygget kostat?"
COST_ASKED = r"vad (?:\w+\s+){1,8}?(?:kosta|kostat)\b"
AMOUNT_RE = re.compile(
    r"\b(hur (mycket|stor|stort|stora|hög|högt|höga|låg|lågt|många|mkt)|vilket resultat|vilken budget|"
    r"vad kostade|vad kostar|" + COST_ASKED + r"|vilken andel|hur stor andel|vilket belopp|hur mycket pengar|"
    r"vilket överskott|vilket underskott|hur nöjda|vad var budgeterat|budgetram|"
    # "hur går det ekonomiskt?" is answered by the result in kronor
    r"hur (?:går|gick|ser|såg)\b.*\bekonomi|\bekonomi(?:n|ska läget)\b)",
    re.IGNORECASE,
)
# what brought something about, asked without "varför": "Vad har gjort arbetet sämre?",
# "Vad har lett till …?", "Vad har bidragit till …?"
CAUSE_ASKED = (r"\bvad\b(?:\s+\S+){0,14}?\s+(?:lett till|ledde till|orsakat|orsakade|bidragit till|bidrog till)\b|"
               r"\bvad\b(?:\s+\S+){0,14}?\s+gjort\b(?:\s+\S+){0,8}?\s+(?:sämre|bättre|svårare|lättare|dyrare|billigare)\b")
REASON_RE = re.compile(r"\b(varför|anledning(en)?|orsak(en|erna)?|förklaring(en|ar)?|förklarar|förklaras|vad beror|beror det|"
                       r"vad ligger bakom|hur kommer det sig)\b|" + CAUSE_ASKED, re.IGNORECASE)
WHEN_RE = re.compile(r"\b(när(?! det gäller)|vilket datum|vilken dag|vilket år|hur länge|från och med)\b", re.IGNORECASE)
# "how is it done": answered by what the documents say after naming the thing
HOW_RE = re.compile(r"\bhur (går|gick|ska|skall|fungerar|arbetar|jobbar|görs|gjordes|genomförs|genomfördes|används|"
                    r"användes|sker|skedde|bedrivs|organiseras|mäts|mättes|följs)\b", re.IGNORECASE)
WHO_RE = re.compile(r"^\s*(vem|vilka personer|vilken person)\b", re.IGNORECASE)

# Words that say how a question is asked, not what it is about.
NOISE = frozenset(tokenize(
    "vad hur vilken vilket vilka varför när vem vems vilkas huruvida finns fick får hade blev gör görs gjorde ska kommer hände "
    "står enligt mycket stor stort stora hög högt många anledning anledningen orsak orsaken förklaring "
    "beror bakom ligger visade visar handlade handlar nå nått nådde någon något ut "
    "omsorgsnämnden omsorgsnämndens nämnden nämndens uppsala kommunen kommun år året åren i år "
    "går gick gått sa sade säger tar tog ta få fått betyder betyda betydde föll faller blir väl "
    "ligger låg når nådde nås hittades hittade hitta gäller gällande bland erbjuds erbjuder senaste största "
    "sitt sina sin sedan jämfört egentligen just nu fortfarande redan idag "
    "dyrare billigare högre lägre större mindre bättre sämre fler färre mer mindre "
    "ungefär cirka omkring drygt knappt nästan står stod utgör utgjorde berodde beror bland annat "
    "ser såg sett se läget läge väl efter utöver förutom fungerar fungera fungerade datum datumet bara endast enbart ge ger gav gett givit"
))

CAUSAL_RE = re.compile(r"\b(beror på|berodde på|på grund av|till följd av|orsak(at|ad|en|er)?|förklar(ing|ingar|ingen|as|ar)|"
                       r"eftersom|då (det|de|man)|bidrag(it|er) till|(?:beror|berodde|förklaras|förklarades)(?:\s+\w+){1,3}?\s+(?:på|av)|medför(?:t|de|s)?|leder till|"
                       r"ledde till|resulterat i|bakgrund(en)?|påverka(t|de)|försämra(t|de)|förbättra(t|de))\b", re.IGNORECASE)
AMOUNT_IN_TEXT_RE = re.compile(
    r"(?<![\w-])[-–+]?\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?(?!\d)(?!-\d)\s*(%|procent|miljoner|mnkr|mkr|tkr|kronor|kr\b|"
    r"personer|timmar|st\b|stycken|medarbetare|brukare|dagar|veckor|månader|boenden|verksamheter|platser)?",
    re.IGNORECASE,
)
DATE_IN_TEXT_RE = re.compile(rf"\b(\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}} {MONTH_RE}|{MONTH_RE} \d{{4}}|(19|20)\d\d)\b",
                             re.IGNORECASE)
YEAR_ONLY_RE = re.compile(r"^(19|20)\d\d$")


def kind(question: str) -> str:
    if REASON_RE.search(question):
        return "reason"
    if AMOUNT_RE.search(question):
        return "amount"
    if WHEN_RE.search(question):
        return "when"
    if WHO_RE.search(question):
        return "who"
    if HOW_RE.search(question):
        return "how"
    return "general"


# "§ 24", "paragraf 160": where to look (a scope, like a year), not what the question is about
PARAGRAPH_RE = re.compile(r"§\s*\d{1,4}|\bparagraf(?:en)?\s+\d{1,4}\b", re.IGNORECASE)


def content_terms(question: str) -> list[str]:
    terms = []
    for tok in tokenize(PARAGRAPH_RE.sub(" ", question)):
        if tok in NOISE or tok in terms:
            continue
        if "-" in tok and not any(ch.isdigit() for ch in tok):
            continue  # "lss-boendena": its parts stand for it
        terms.append(tok)
    return terms


LABEL_NUMBER_RE = re.compile(r"\b(diagram|tabell|uppdrag|bilaga|fokusmål|sida|avsnitt|kapitel|nr|årskurs\w*|åk)\s+\d+(\.\d+)*"
                             r"(?:\s*(?:och|,|–|-)\s*\d+)*",
                             re.IGNORECASE)


TARGET_RE = re.compile(r"\b(?:mål(?:et|värdet?)?|målsättning(?:en)?|riktmärket?)\s+(?:om|på|är|var|till)?\s*"
                       r"(?:max(?:imalt)?|minst|högst|under|över)?\s*\d[\d ,]*\s*(?:%|procent)?", re.IGNORECASE)


DAY_OF_MONTH_RE = re.compile(rf"\b\d{{1,2}}\s+{MONTH_RE}\b", re.IGNORECASE)


def has_measured_amount(text: str) -> bool:
    """An amount other than a goal's ("målet om max 6 %"): what was measured or decided."""
    return has_amount(TARGET_RE.sub(" ", text))


def has_amount(text: str) -> bool:
    """A number that is a quantity, not a year, a label ("Diagram 1") or an identifier."""
    text = LABEL_NUMBER_RE.sub(" ", text)
    text = re.sub(r"\b[A-ZÅÄÖ]{2,6}-\d{4}-\d+\b|\b\d{4}-\d{2}-\d{2}\b|\b(19|20)\d\d[–-](19|20)\d\d\b", " ", text)
    text = DAY_OF_MONTH_RE.sub(" ", text)  # "den 21 juni": a date, not an amount
    for m in AMOUNT_IN_TEXT_RE.finditer(text):
        number = m.group(0).strip()
        digits = re.sub(r"\D", "", number.split()[0] if number.split() else "")
        if m.group(1):
            return True
        if digits and not YEAR_ONLY_RE.match(digits) and len(digits) <= 6:
            return True
    return False
