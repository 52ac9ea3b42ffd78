"""The built-in alias table: countries and the names that stand for their governments.

Country names come from pycountry (the `linking` extra) when it is installed, else from the
short list below. The metonyms (a capital or a seat of power speaking for a government:
"the Kremlin", "Pyongyang", "the White House") and the usual short forms ("DPRK", "U.S.")
are ours. Every name maps to one government entity, keyed by the ISO alpha-2 code.
"""

from __future__ import annotations

from functools import cache, lru_cache

from claimledger.ledger.base import norm_name

# ISO alpha-2 -> the display name news uses (pycountry's names are formal: "Russian Federation").
DISPLAY = {
    "RU": "Russia", "KP": "North Korea", "KR": "South Korea", "US": "United States",
    "GB": "United Kingdom", "IR": "Iran", "SY": "Syria", "VN": "Vietnam", "TW": "Taiwan",
    "BO": "Bolivia", "VE": "Venezuela", "TZ": "Tanzania", "MD": "Moldova", "LA": "Laos",
    "TR": "Turkey", "CZ": "Czech Republic", "PS": "Palestine", "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo", "CN": "China", "UA": "Ukraine", "FR": "France", "DE": "Germany",
    "JP": "Japan", "IN": "India", "IL": "Israel", "PL": "Poland", "IT": "Italy", "ES": "Spain",
    "CA": "Canada", "MX": "Mexico", "BR": "Brazil", "AU": "Australia", "EG": "Egypt",
    "SA": "Saudi Arabia", "PK": "Pakistan", "AF": "Afghanistan", "IQ": "Iraq", "BY": "Belarus",
    "GE": "Georgia", "CR": "Costa Rica", "NG": "Nigeria", "ZA": "South Africa", "KE": "Kenya",
    "ET": "Ethiopia", "LB": "Lebanon", "JO": "Jordan", "QA": "Qatar", "AE": "United Arab Emirates",
    "KZ": "Kazakhstan", "NL": "Netherlands", "BE": "Belgium", "SE": "Sweden", "NO": "Norway",
    "FI": "Finland", "DK": "Denmark", "GR": "Greece", "HU": "Hungary", "RO": "Romania",
    "AR": "Argentina", "CL": "Chile", "CO": "Colombia", "PE": "Peru", "CU": "Cuba",
    "PH": "Philippines", "ID": "Indonesia", "TH": "Thailand", "MY": "Malaysia", "SG": "Singapore",
    "NZ": "New Zealand", "IE": "Ireland", "PT": "Portugal", "AT": "Austria", "CH": "Switzerland",
    "SD": "Sudan", "YE": "Yemen", "LY": "Libya", "MM": "Myanmar", "BD": "Bangladesh",
    "LK": "Sri Lanka", "NP": "Nepal", "AM": "Armenia", "AZ": "Azerbaijan", "RS": "Serbia",
    "HR": "Croatia", "BG": "Bulgaria", "LT": "Lithuania", "LV": "Latvia", "EE": "Estonia",
}

# Capitals, seats of power and short forms that speak for a government in news text.
METONYMS = {
    "RU": ["Moscow", "the Kremlin", "Kremlin", "Russian Federation", "Russian government"],
    "KP": ["Pyongyang", "DPRK", "D.P.R.K.", "North Korean government",
           "Democratic People's Republic of Korea"],
    "KR": ["Seoul", "Republic of Korea", "ROK", "South Korean government"],
    "US": ["Washington", "the White House", "White House", "U.S.", "US", "USA", "U.S.A.",
           "United States of America", "America", "U.S. government", "US government",
           "American government"],
    "CN": ["Beijing", "PRC", "People's Republic of China", "Chinese government"],
    "UA": ["Kyiv", "Kiev", "Ukrainian government"],
    "GB": ["London", "Downing Street", "Britain", "Great Britain", "UK", "U.K.", "British government"],
    "FR": ["Paris", "the Elysee", "Elysee", "French government"],
    "DE": ["Berlin", "German government"],
    "JP": ["Tokyo", "Japanese government"],
    "IR": ["Tehran", "Iranian government"],
    "IL": ["Israeli government"],
    "TR": ["Ankara", "Turkish government", "Türkiye"],
    "IN": ["New Delhi", "Indian government"],
    "BY": ["Minsk", "Belarusian government"],
    "SY": ["Damascus", "Syrian government"],
    "CR": ["San Jose", "Costa Rican government"],
}


@cache
def alias_table() -> dict[str, tuple[str, str]]:
    """norm(name) -> (alpha-2 code, display name) for every country name and metonym."""
    table: dict[str, tuple[str, str]] = {}
    names: dict[str, list[str]] = {code: [name] for code, name in DISPLAY.items()}
    try:
        import pycountry

        for c in pycountry.countries:
            forms = [c.name] + [getattr(c, a) for a in ("common_name", "official_name") if hasattr(c, a)]
            names.setdefault(c.alpha_2, []).extend(forms)
    except ImportError:  # the built-in list above covers the countries news names most
        pass
    for code, forms in names.items():
        display = DISPLAY.get(code, forms[0])
        for name in [*forms, *METONYMS.get(code, [])]:
            table.setdefault(norm_name(name), (code, display))
    return table


@lru_cache(maxsize=65536)
def government_of(name: str) -> tuple[str, str] | None:
    """(alpha-2 code, display name) when `name` names a country or stands for its
    government ("the Kremlin", "Pyongyang"), else None."""
    return alias_table().get(norm_name(name))
