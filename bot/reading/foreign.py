"""Requests written in Spanish, French, Portuguese, German, Italian or Dutch, put into the English words the
rules read: "une comédie française" asks for a French comedy, "algo más antiguo, de los 80" for
something older from the 80s. Only words for kinds of film, periods, comparisons and languages are
put into English; titles and everything else stay as written, and the message kept is the original.
"""

from __future__ import annotations

import re

# Longer phrases first, so that "ciencia ficción" is read before "ficción" alone would be.
_PHRASES = {
    # kinds of film
    "película de terror": "horror film", "películas de terror": "horror films", "peli de miedo": "scary film",
    "film d'horreur": "horror film", "films d'horreur": "horror films", "filme de terror": "horror film",
    "ciencia ficción": "science fiction", "ciencia ficcion": "science fiction", "ficção científica": "science fiction",
    "ficcao cientifica": "science fiction", "dessin animé": "cartoon", "dessins animés": "cartoons",
    "comédie romantique": "romantic comedy", "comedia romántica": "romantic comedy",
    "comedia romantica": "romantic comedy", "comédia romântica": "romantic comedy",
    "comédie": "comedy", "comedie": "comedy", "comédies": "comedies", "comedia": "comedy", "comedias": "comedies",
    "comédia": "comedy", "komödie": "comedy", "komodie": "comedy", "commedia": "comedy",
    "horreur": "horror", "de terror": "horror", "de miedo": "scary", "gruselig": "scary", "paura": "scary",
    "romantique": "romantic", "romántica": "romantic", "romántico": "romantic", "romantica": "romantic",
    "romantico": "romantic", "liebesfilm": "romance", "acción": "action", "accion": "action", "ação": "action",
    "acao": "action", "azione": "action", "animación": "animation", "animacion": "animation", "animação": "animation",
    "animada": "animated", "animadas": "animated", "animé": "animated", "zeichentrick": "cartoon",
    "policier": "crime", "policíaca": "crime", "policiaca": "crime", "krimi": "crime", "suspenso": "suspense",
    "documental": "documentary", "documentaire": "documentary", "documentário": "documentary",
    "dokumentarfilm": "documentary", "fantastique": "fantasy", "fantasía": "fantasy", "guerre": "war",
    "guerra": "war", "kriegsfilm": "war", "misterio": "mystery", "mystère": "mystery", "histórica": "historical",
    "historique": "historical", "familiale": "family", "oeste": "western",
    # moods that name a kind: "ein lustiger Film", "quelque chose de drôle", "een spannende film"
    "lustig": "funny", "lustige": "funny", "lustigen": "funny", "lustiger": "funny", "lustiges": "funny",
    "witzig": "funny", "witzige": "funny", "witzigen": "funny", "witziger": "funny", "witziges": "funny",
    "drôle": "funny", "drole": "funny", "marrant": "funny", "divertente": "funny", "engraçado": "funny",
    "engraçada": "funny", "engracado": "funny", "grappig": "funny", "grappige": "funny", "gracioso": "funny",
    "graciosa": "funny", "spannend": "suspenseful", "spannende": "suspenseful", "spannenden": "suspenseful",
    "spannender": "suspenseful", "spannendes": "suspenseful", "película triste": "sad film",
    "pelicula triste": "sad film", "film triste": "sad film", "filme triste": "sad film",
    "trauriger film": "sad film", "trauriges": "sad", "triste": "sad",
    "pour enfants": "for kids", "pour les enfants": "for kids", "para niños": "for kids", "para ninos": "for kids",
    "für kinder": "for kids", "per bambini": "for kids", "para crianças": "for kids", "para criancas": "for kids",
    "voor kinderen": "for kids",
    # asked of a film: "c'est pour les enfants ?" (not a wish for family films)
    "c'est pour les enfants": "is it for kids", "c'est pour enfants": "is it for kids",
    "es para niños": "is it for kids", "é para crianças": "is it for kids", "ist das für kinder": "is it for kids",
    "è per bambini": "is it for kids",
    "quelque chose de": "something", "qualcosa di": "something", "algo de": "something", "etwas": "something",
    "iets": "something",
    # periods and comparisons
    "más antiguo": "older", "mas antiguo": "older", "más antigua": "older", "más viejo": "older",
    "plus ancien": "older", "plus vieux": "older", "mais antigo": "older", "älter": "older", "più vecchio": "older",
    "más reciente": "newer", "mas reciente": "newer", "más nuevo": "newer", "plus récent": "newer",
    "plus recent": "newer", "mais recente": "newer", "neuer": "newer", "più recente": "newer",
    "más corto": "shorter", "plus court": "shorter", "mais curto": "shorter", "kürzer": "shorter",
    "después de": "after", "despues de": "after", "après": "after", "apres": "after", "depois de": "after",
    "nach": "after", "dopo il": "after", "antes de": "before", "avant": "before", "vor": "before",
    # German "war" is "was", no war film: "Downfall habe ich gesehen, war richtig gut"
    "war richtig gut": "was really good", "war sehr gut": "was very good", "war gut": "was good",
    "war toll": "was great", "war super": "was great", "war klasse": "was great", "war okay": "was okay",
    "war ok": "was ok", "war langweilig": "was boring", "war nicht so gut": "was not that good",
    "war nicht gut": "was not good", "war schrecklich": "was awful",
    # "tem algum filme brasileiro?": some film
    "algum filme": "some film", "alguma filme": "some film", "algún filme": "some film",
    "alguna película": "some film", "alguna pelicula": "some film", "alguna peli": "some film",
    "algún película": "some film",
    "de préférence": "preferably", "de preference": "preferably", "preferiblemente": "preferably",
    "de preferencia": "preferably", "de preferência": "preferably", "vorzugsweise": "preferably",
    "preferibilmente": "preferably",
        # in a language: "en español", "auf Deutsch"
    "en español": "in spanish", "en espanol": "in spanish", "en français": "in french", "en francais": "in french",
    "auf deutsch": "in german", "in italiano": "in italian", "em português": "in portuguese",
    "em portugues": "in portuguese", "en portugués": "in portuguese",
    # lengths: "menos de hora y media", "höchstens zwei Stunden"
    "más corta": "shorter", "mas corta": "shorter", "más cortas": "shorter", "plus courte": "shorter",
    "plus courts": "shorter", "mais curta": "shorter", "kürzeres": "shorter", "kürzere": "shorter",
    "più corto": "shorter", "più corta": "shorter", "menos de": "under", "moins de": "under",
    "höchstens": "at most", "weniger als": "under", "meno di": "under", "hora y media": "an hour and a half",
    "une heure et demie": "an hour and a half", "hora e meia": "an hour and a half",
    "eineinhalb stunden": "an hour and a half", "un'ora e mezza": "an hour and a half",
    "dos horas": "two hours", "deux heures": "two hours", "duas horas": "two hours", "zwei stunden": "two hours",
    "due ore": "two hours", "unter": "under", "sotto i": "under", "sotto": "under", "minuten": "minutes",
    "minuti": "minutes", "minutos": "minutes", "horas": "hours", "heures": "hours", "stunden": "hours",
    # opinions and films seen: "me encantaron las dos", "la vi hace años", "j'ai adoré", "não gostei"
    "me encantó": "I loved it", "me encanto": "I loved it", "me encantaron": "I loved them", "me encanta": "I love",
    "me encantan": "I love", "me gustó": "I liked it", "me gusto": "I liked it", "me gustaron": "I liked them",
    "no me gustó": "I didn't like it", "no me gusto": "I didn't like it", "no me gustaron": "I didn't like them",
    "odié": "I hated", "me aburrió": "it bored me", "la vi": "I saw it", "lo vi": "I saw it", "las vi": "I saw them",
    "los vi": "I saw them", "j'ai adoré": "I loved", "j'ai aimé": "I liked", "je n'ai pas aimé": "I didn't like",
    "j'ai détesté": "I hated", "je l'ai vu": "I saw it", "je l'ai déjà vu": "I saw it", "je les ai vus": "I saw them",
    "adorei": "I loved", "gostei": "I liked", "não gostei": "I didn't like", "nao gostei": "I didn't like",
    "odiei": "I hated", "hat mir gefallen": "I liked it", "hat mir nicht gefallen": "I didn't like it",
    "fand ich toll": "I loved it", "fand ich langweilig": "it bored me", "mi è piaciuto": "I liked it",
    "mi e piaciuto": "I liked it", "non mi è piaciuto": "I didn't like it", "ho adorato": "I loved",
    "l'ho visto": "I saw it", "ho visto": "I saw",
    # questions about a film (bot/reading/intents.py)
    "de qué va": "what's it about", "de que va": "what's it about", "de qué trata": "what's it about",
    "de que trata": "what's it about", "c'est quoi": "what's it about", "de quoi parle": "what's it about",
    "ça parle de quoi": "what's it about", "worum geht es in": "what's it about", "worum geht's in": "what's it about",
    "worum geht es bei": "what's it about", "di cosa parla": "what's it about", "sobre o que é": "what's it about",
    "de que se trata": "what's it about", "wie lang ist": "how long is", "cuánto dura": "how long is",
    "combien de temps dure": "how long is", "quanto dura": "how long is",
    # for someone else: a new request (bot/reading/intents.py)
    "pour mon fils": "for my son", "pour ma fille": "for my daughter", "pour mes enfants": "for my kids",
    "para mi hijo": "for my son", "para mi hija": "for my daughter", "para mis hijos": "for my kids",
    "para meu filho": "for my son", "para minha filha": "for my daughter", "para meus filhos": "for my kids",
    "für meinen sohn": "for my son", "für meine tochter": "for my daughter", "für meine kinder": "for my kids",
    "per mio figlio": "for my son", "per mia figlia": "for my daughter", "per i miei figli": "for my kids",
    # languages
    "française": "french", "francaise": "french", "français": "french", "francais": "french",
    "francés": "french", "francesa": "french", "francese": "french", "französisch": "french",
    "española": "spanish", "espanola": "spanish", "español": "spanish", "espanol": "spanish",
    "espagnol": "spanish", "japonés": "japanese", "japonesa": "japanese", "japonais": "japanese",
    "coreano": "korean", "coreana": "korean", "coréen": "korean", "coreen": "korean", "italiano": "italian",
    "italiana": "italian", "italien": "italian", "alemán": "german", "allemand": "german", "deutsch": "german",
    "brasileño": "brazilian", "brasileiro": "brazilian",
}  # fmt: skip
_PHRASE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)
# Decades: "de los 80", "des années 80", "dos anos 90", "aus den 80ern", "anni 80".
_FOREIGN_DECADE = re.compile(
    r"\b(?:de los|des années|des annees|dos anos|aus den|degli anni|anni|los|années|annees|anos)\s+(?:19)?([1-9])0"
    r"(?:er|ern)?\b",
    re.IGNORECASE,
)


# Seen already: "déjà vu Amélie", "Ya vi Coco", "já assisti Up". "déjà vu" in lower case only: *Déjà Vu*
# is a title.
_SEEN = re.compile(
    r"(?<!\w)(?:(?:j'ai|on a|nous avons) )?déjà vu(?= \S)|(?i:\bya (?:vi|vimos|he visto|hemos visto)\b"
    r"|(?<!\w)já (?:vi|vimos|assisti|assistimos)\b|\bschon gesehen\b|\bgià visto\b)"
)


def english(text: str) -> str:
    """`text` with the request words of six other languages put into English (the rest unchanged)."""
    text = _SEEN.sub("seen", _FOREIGN_DECADE.sub(lambda m: f"the {m[1]}0s", text))
    return _PHRASE.sub(lambda m: _PHRASES.get(m[0].lower(), m[0]), text)
