"""Reference lists every installation starts with: languages, life domains, interests.

Written by the data migration, and made sure of again after every migrate or flush
(see apps.py), so tests that empty the database find them back.
"""

LANGUAGES = [
    ("nl", "Nederlands", "Dutch"),
    ("en", "Engels", "English"),
    ("ar", "Arabisch", "Arabic"),
    ("ti", "Tigrinya", "Tigrinya"),
    ("fa", "Perzisch (Farsi)", "Persian (Farsi)"),
    ("prs", "Dari", "Dari"),
    ("ps", "Pasjtoe", "Pashto"),
    ("so", "Somalisch", "Somali"),
    ("tr", "Turks", "Turkish"),
    ("ku", "Koerdisch", "Kurdish"),
    ("uk", "Oekraïens", "Ukrainian"),
    ("ru", "Russisch", "Russian"),
    ("fr", "Frans", "French"),
    ("am", "Amhaars", "Amharic"),
    ("es", "Spaans", "Spanish"),
    ("de", "Duits", "German"),
]

# key, Dutch, English, SDG the domain contributes to, order
LIFE_DOMAINS = [
    ("language", "Taal", "Language", 4, 1),
    ("work", "Werk", "Work", 8, 2),
    ("education", "Onderwijs", "Education", 4, 3),
    ("housing", "Wonen", "Housing", 11, 4),
    ("health", "Gezondheid", "Health", 3, 5),
    ("finances", "Financiën en administratie", "Finances and paperwork", 10, 6),
    ("social", "Sociaal netwerk", "Social network", 10, 7),
    ("leisure", "Vrije tijd", "Leisure", 3, 8),
]

INTERESTS = [
    ("Sport", "Sports"),
    ("Koken", "Cooking"),
    ("Muziek", "Music"),
    ("Wandelen en natuur", "Walking and nature"),
    ("Kunst en cultuur", "Arts and culture"),
    ("Tuinieren", "Gardening"),
    ("Lezen", "Reading"),
    ("Techniek", "Technology"),
    ("Spelletjes", "Games"),
    ("Fietsen", "Cycling"),
]


def ensure_reference_data(languages, life_domains, interests) -> None:
    """Create the reference rows that are missing (given the three models' managers);
    rows edited since are left alone."""
    if languages.exists() and life_domains.exists() and interests.exists():
        return
    for code, nl, en in LANGUAGES:
        languages.get_or_create(code=code, defaults={"name_nl": nl, "name_en": en})
    for key, nl, en, sdg, order in LIFE_DOMAINS:
        life_domains.get_or_create(
            key=key, defaults={"name_nl": nl, "name_en": en, "sdg": sdg, "order": order}
        )
    for nl, en in INTERESTS:
        interests.get_or_create(name_nl=nl, defaults={"name_en": en})
