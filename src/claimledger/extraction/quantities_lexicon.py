"""Word lists for quantities: number words, scales, currencies, units and cue phrases.

Kept apart from the grammar in `quantities.py` so the lists can grow without touching
the logic. Everything here is plain data.
"""

from __future__ import annotations

SMALL_NUMBERS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}

SCALE_WORDS: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    # South Asian scales ("Rs 500 crore")
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
}

# Attached abbreviations: "$1.5bn", "2m", "35M", "12k".
SCALE_ABBREVIATIONS: dict[str, float] = {
    "k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "B": 1e9,
    "bn": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12,
}

# "thousands" is 1000-10000 (NewsQuant convention): the base, and ten times the base.
VAGUE_PLURALS: dict[str, float] = {
    "tens": 10, "dozens": 12, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6,
    "billions": 1e9, "trillions": 1e12,
}

FRACTIONS: dict[str, float] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}

# Currency written before the number -> the name used as `thing`.
CURRENCY_PREFIXES: dict[str, str] = {
    "$": "dollar", "US$": "US dollar", "$US": "US dollar", "A$": "Australian dollar",
    "$A": "Australian dollar", "AU$": "Australian dollar", "AUD": "Australian dollar",
    "NZ$": "New Zealand dollar", "HK$": "Hong Kong dollar", "C$": "Canadian dollar",
    "CA$": "Canadian dollar", "S$": "Singapore dollar", "R$": "Brazilian real",
    "€": "euro", "£": "pound", "¥": "yen", "₹": "rupee", "Rs": "rupee", "Rs.": "rupee",
    "RM": "Malaysian ringgit", "INR": "Indian rupee", "USD": "US dollar", "EUR": "euro",
    "GBP": "pound", "JPY": "yen", "CNY": "yuan", "CHF": "Swiss franc", "Rp": "rupiah",
    "CAD": "Canadian dollar", "NZD": "New Zealand dollar", "HKD": "Hong Kong dollar",
    "SGD": "Singapore dollar", "NOK": "Norwegian krone", "SEK": "Swedish krona",
    "DKK": "Danish krone", "ZAR": "rand", "BRL": "Brazilian real", "RUB": "rouble",
    "KRW": "won", "MXN": "Mexican peso", "TRY": "lira", "PLN": "zloty",
    "AED": "dirham", "Dh": "dirham", "Dhs": "dirham", "SAR": "riyal", "QAR": "riyal",
    "Ksh": "Kenyan shilling", "KSh": "Kenyan shilling", "KES": "Kenyan shilling",
    "SFr": "Swiss franc", "NGN": "naira", "₦": "naira", "₩": "won", "₽": "rouble", "₺": "lira",
    "₱": "peso", "PKR": "Pakistani rupee", "EGP": "Egyptian pound",
}

# Currency codes written after the number ("110 JPY"); kept as written.
CURRENCY_CODES = frozenset(
    "USD EUR GBP JPY CNY CHF CAD AUD NZD HKD INR RUB BRL ZAR SEK NOK DKK KRW MXN".split()
)

# Units that may be glued to the number ("278kg", "50GB", "5-10W", "164p").
ATTACHED_UNITS = frozenset(
    """kg g mg µg μg t kt lb lbs oz km m cm mm µm μm nm ft in mi yd sqm sqft ha ac
    W kW MW GW TW kWh MWh GWh TWh Wh V kV mV A mA Ah mAh Hz kHz MHz GHz
    B KB kB MB GB TB PB Kb Mb Gb Tb bps Kbps Mbps Gbps ml mL cl l L dl
    p c ct C F mph kph kmh km/h mpg hp HP bhp cc psi bar ppm ppb x X
    deg degC degF ° °C °F ″ ′ K mi² km² m² m2 cm2 km2 s ms h hr hrs min mins yr yrs
    sec secs d wk wks mo mos yo nm² g/km Nm t/ha""".split()
)

# Unit words that count as a unit when they follow the number with a space.
UNIT_WORDS = frozenset(
    """% percent per cent pct percentage points point points basis bps kg kilograms kilogram
    grams gram g mg tonnes tonne tons ton pounds pound lb lbs ounces ounce oz km kilometres
    kilometers kilometre kilometer miles mile metres meters metre meter m cm mm feet foot ft
    inches inch yards yard sq square acres acre hectares hectare litres liters litre liter
    l gallons gallon barrels barrel W kW MW GW kWh MWh GWh watts watt volts volt kV amps
    Hz kHz MHz GHz GB MB TB bytes mph kph mpg hp horsepower degrees degree °C °F ppm ppb
    times years year months month weeks week days day hours hour minutes minute seconds
    second people dollars euros yen yuan shekels rupees cents pence sen""".split()
)

APPROX_CUES = (
    "about", "around", "approximately", "approx.", "approx", "roughly", "some", "nearly",
    "almost", "an estimated", "estimated", "close to", "circa", "c.", "ca.", "~",
    "just about", "in the region of", "on the order of", "averaging", "averaged", "averages",
)  # "an average of 35 minutes" is an exact figure (a mean), not an approximation
OVER_CUES = (
    "more than", "over", "above", "greater than", "higher than", "in excess of", "upwards of",
    "exceeding", "north of", "just over", "well over", "well above", "just above",
    "slightly more than", "far more than", "much more than", "beyond",
)
UNDER_CUES = (
    "less than", "fewer than", "under", "below", "lower than", "just under", "just below",
    "well under", "well below", "shy of", "slightly less than", "far fewer than",
)
AT_LEAST_CUES = (
    "at least", "no less than", "no fewer than", "not less than", "a minimum of", "minimum of",
)
AT_MOST_CUES = (
    "up to", "at most", "no more than", "not more than", "a maximum of", "maximum of",
)

# Verbs (and "up"/"down") whose directly following amount is a change, not a level.
UP_WORDS = (
    "rose", "rise", "rises", "risen", "rising", "increased", "increase", "increases",
    "increasing", "gained", "gain", "gains", "gaining", "climbed", "climb", "climbs",
    "climbing", "jumped", "jump", "jumps", "jumping", "surged", "surge", "surges", "surging",
    "soared", "soar", "soars", "soaring", "advanced", "advance", "advances", "advancing",
    "grew", "grow", "grows", "growing", "grown", "rallied", "rally", "rallies", "spiked",
    "rebounded", "added", "adds", "boosted", "raised", "up", "higher", "firmed", "edged up",
    "ticked up", "went up", "go up", "goes up", "shot up", "picked up", "doubled", "tripled",
    "quadrupled",
)
DOWN_WORDS = (
    "fell", "fall", "falls", "fallen", "falling", "dropped", "drop", "drops", "dropping",
    "declined", "decline", "declines", "declining", "slid", "slide", "slides", "sliding",
    "slipped", "slip", "slips", "slipping", "tumbled", "tumble", "tumbles", "tumbling",
    "plunged", "plunge", "plunges", "plunging", "sank", "sink", "sinks", "sinking", "sunk",
    "slumped", "slump", "slumps", "decreased", "decrease", "decreases", "decreasing",
    "dipped", "dip", "dips", "eased", "eases", "retreated", "shrank", "shrunk", "shrinks",
    "contracted", "plummeted", "plummets", "crashed", "lost", "loses", "shed", "sheds",
    "down", "lower", "edged down", "ticked down", "went down", "cut", "cuts", "reduced",
    "lowered", "slashed", "halved",
)
# Of these, only "by N" or a percentage makes the amount a change ("cut 500 jobs" is a count).
WEAK_TREND_WORDS = frozenset({
    "boosted", "raised", "shed", "sheds", "cut", "cuts", "reduced", "lowered", "slashed",
    "picked up",
})
# "up"/"down" after these verbs is a change ("trending up 0.2%"); after others it is part
# of a phrasal verb ("gave up 517 yards").
UP_DOWN_VERBS = frozenset(
    "be trend edge tick move go close finish open trade come inch creep end".split()
)

# Words before a bare number that make it an identifier, not an amount ("page 12").
IDENTIFIER_WORDS = frozenset(
    """no no. nos. # number chapter section article page pages room flight route level
    grade phase season episode week game round day stage step version gate platform seat
    row line category part act type class model series vol volume issue unit apartment
    apt suite box pier lane road street highway interstate district ward exit track
    bus tier division resolution proposition prop amendment rule title clause paragraph item
    exhibit table appendix annex channel terminal precinct hangar""".split()
)

STREET_SUFFIXES = (
    "Street|St|Road|Rd|Avenue|Ave|Way|Lane|Ln|Drive|Dr|Boulevard|Blvd|Place|Pl|Court|Ct|"
    "Terrace|Highway|Hwy|Square|Sq|Parkway|Pkwy|Crescent|Close"
)

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)

# Durations after "over"/"under" read as a period ("over 10 years"), not as a bound.
DURATION_WORDS = frozenset(
    "years year months month weeks week days day hours hour minutes minute decades decade "
    "seasons season quarters centuries".split()
)

TIME_ZONES = "GMT|UTC|EDT|EST|BST|CET|CEST|PDT|PST|CDT|CST|MDT|MST|ET|PT|IST|JST|AEST|AEDT|HKT|SGT"

# Names of market indices: the number after them is part of the name ("FTSE 100").
INDEX_NAMES = (
    "S&P", "S & P", "SP", "FTSE", "Stoxx", "STOXX", "Euro Stoxx", "Nikkei", "ASX", "DAX", "CAC",
    "Russell", "Nasdaq", "NASDAQ", "IBEX", "Ibex", "KOSPI", "Kospi", "Sensex", "Nifty", "NIFTY",
    "Hang Seng", "TOPIX", "Topix", "MSCI", "SMI", "AEX", "OMX", "OMXS", "BUX", "WIG", "MIB",
    "FTSE MIB", "TSX", "Straits Times", "Dow Jones", "Dow", "NZX", "JSE", "BSE", "NSE",
)

# Currency words after a number ("23.10 euros"): the amount is a price.
CURRENCY_WORDS = frozenset(
    """dollar dollars euro euros pound pounds pence penny cent cents yen yuan renminbi franc
    francs rupee rupees ringgit sen won baht peso pesos real reais rand shekel shekels krona
    kronor krone kroner crown crowns rouble roubles ruble rubles lira dinar dinars dirham
    dirhams riyal riyals naira zloty forint""".split()
)

# Nouns a slash fraction measures ("3/4 cup", "1/2 mile").
FRACTION_UNITS = (
    "cups?|teaspoons?|tablespoons?|tsp|tbsp|inch(?:es)?|miles?|pounds?|lbs?|oz|ounces?|"
    "pints?|gallons?|litres?|liters?|acres?|hours?|mile|points?|percent|of"
)
