"""Requests written in Spanish, French, Portuguese, German, Italian or Dutch (and a few words of
Polish, Swedish, Turkish and Indonesian), put into the English words the rules read: "une comédie
française" asks for a French comedy, "algo más antiguo, de los 80" for something older from the 80s.
Only words for kinds of film, periods, comparisons and languages are put into English; titles and
everything else stay as written, and the message kept is the original.
"""

from __future__ import annotations

import re

# The languages read here, as ISO 639-1 codes, English included: a message in another goes to the
# chat model for an English translation first, where there is one that understands (bot/translator.py).
READ_LANGUAGES = frozenset({"en", "es", "fr", "pt", "de", "it", "nl"})

# Longer phrases first, so that "ciencia ficción" is read before "ficción" alone would be.
_PHRASES = {
    # kinds of film
    "película de terror": "horror film", "películas de terror": "horror films", "peli de miedo": "scary film",
    "film d'horreur": "horror film", "films d'horreur": "horror films", "filme de terror": "horror film",
    "ciencia ficción": "science fiction", "ciencia ficcion": "science fiction", "ficção científica": "science fiction",
    "ficcao cientifica": "science fiction", "dessin animé": "cartoon", "dessins animés": "cartoons",
    "comédie romantique": "romantic comedy", "comedia romántica": "romantic comedy",
    "comedia romantica": "romantic comedy", "comédia romântica": "romantic comedy",
    "commedia romantica": "romantic comedy", "romantische komödie": "romantic comedy",
    "romantische komedie": "romantic comedy",
    "comédie": "comedy", "comedie": "comedy", "comédies": "comedies", "comedia": "comedy", "comedias": "comedies",
    "comédia": "comedy", "komödie": "comedy", "komodie": "comedy", "komödien": "comedies",
    "komodien": "comedies", "commedia": "comedy",
    "gewalt": "violence", "geweld": "violence", "violencia": "violence", "violência": "violence",
    "violenza": "violence", "gewalttätig": "violent", "gewalttätige": "violent", "gewelddadig": "violent",
    "violenta": "violent", "violento": "violent",
    "fantascienza": "science fiction", "supereroi": "superheroes", "supereroe": "superhero",
    "oorlogsfilm": "war film", "oorlogsfilms": "war films", "tweede wereldoorlog": "world war ii",
    "film historyczny": "historical film", "historyczny": "historical", "historyczne": "historical",
    "nasıl bir film": "how is it",
    "filme policial": "crime film", "filmes policiais": "crime films", "policial": "crime", "policiais": "crime",
    "pas trop aimé": "didn't like it much", "pas trop aime": "didn't like it much",
    # Indonesian and Hindi (romanized) verdicts and thanks: "Ip Man 3 udah nonton, biasa aja sih"
    "udah nonton": "already seen", "sudah nonton": "already seen", "biasa aja": "it was just ok",
    "biasa saja": "it was just ok", "shukriya": "thanks", "dhanyavaad": "thanks",
    "kis baare mein hai": "what is it about", "kis bare mein hai": "what is it about",
    "gibt es auch was": "is there something", "gibt es auch": "are there any", "gibt es was": "is there something",
    "gibt es": "is there",
    "horreur": "horror", "de terror": "horror", "algo de terror": "something horror", "de miedo": "scary",
    "algo de miedo": "something scary", "miedo": "scary",
    "de medo": "scary", "medo": "scary", "gruselfilm": "horror film", "horrorfilm": "horror film",
    "horrorfilme": "horror films", "enge film": "scary film", "spaventoso": "scary", "che fa paura": "scary",
    "film qui fait peur": "scary film", "films qui font peur": "scary films", "que dé miedo": "scary",
    "que de miedo": "scary", "que dê medo": "scary", "gruselig": "scary", "paura": "scary",
    "romantique": "romantic", "romántica": "romantic", "romántico": "romantic", "romantica": "romantic",
    "romantico": "romantic", "liebesfilm": "romance", "acción": "action", "accion": "action", "ação": "action",
    "acao": "action", "azione": "action", "animación": "animation", "animacion": "animation", "animação": "animation",
    "kriegsfilme": "war films", "per tutta la famiglia": "for the whole family",
    "para toda la familia": "for the whole family", "pour toute la famille": "for the whole family",
    "für die ganze familie": "for the whole family", "para toda a família": "for the whole family",
    "voor het hele gezin": "for the whole family", "was deutsches": "something german",
    "was französisches": "something french", "was spanisches": "something spanish",
    "was italienisches": "something italian", "was japanisches": "something japanese",
    "animatiefilm": "animated film", "animatiefilms": "animated films", "tekenfilm": "cartoon",
    "zeichentrickfilm": "cartoon", "zeichentrickfilme": "cartoons", "de dibujos": "cartoon",
    "dibujos animados": "cartoons",
    "zweieinhalb stunden": "two and a half hours", "nichts über": "nothing over",
    # a length from below ("über" alone is also "about": "ein Film über Hunde")
    "über zwei stunden": "over two hours", "über 2 stunden": "over 2 hours", "über drei stunden": "over three hours",
    "länger als": "longer than", "mindestens": "at least", "zu lang": "too long",
    "outra coisa": "different thing", "otra cosa": "different thing", "autre chose": "different thing",
    "pas de tueurs en série": "no serial killers", "nichts gruseliges": "nothing scary", "svp": "please",
    "animada": "animated", "animadas": "animated", "animado": "animated", "animados": "animated", "animé": "animated",
    "divertido": "funny", "divertida": "funny", "romantischen": "romantic", "romantische": "romantic",
    "romantischer": "romantic", "romantisch": "romantic", "doku": "documentary", "drame": "drama",
    "drames": "dramas", "dramma": "drama", "zeichentrick": "cartoon",
    "policier": "crime", "policíaca": "crime", "policiaca": "crime", "krimi": "crime", "suspenso": "suspense",
    "documental": "documentary", "documentaire": "documentary", "documentário": "documentary",
    "dokumentarfilm": "documentary", "fantastique": "fantasy", "fantasía": "fantasy", "guerre": "war",
    "guerra": "war", "kriegsfilm": "war", "misterio": "mystery", "mystère": "mystery", "histórica": "historical",
    "historique": "historical", "familiale": "family", "oeste": "western",
    # a bound let go: "peu importe l'année finalement", "da igual el año", "egal welches Jahr"
    "peu importe l'année": "any year", "peu importe l'annee": "any year", "n'importe quelle année": "any year",
    "da igual el año": "any year", "cualquier año": "any year", "no importa el año": "any year",
    "egal welches jahr": "any year", "egal aus welchem jahr": "any year", "das jahr ist egal": "any year",
    "qualquer ano": "any year", "não importa o ano": "any year", "nao importa o ano": "any year",
    "qualsiasi anno": "any year", "non importa l'anno": "any year", "maakt niet uit welk jaar": "any year",
    # moods that name a kind: "ein lustiger Film", "quelque chose de drôle", "een spannende film", "was zum Lachen"
    "was zum lachen": "something funny", "etwas zum lachen": "something funny", "zum lachen": "funny",
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
    "quelque chose de": "something", "qualcosa di": "something", "algo de": "something", "algo": "something",
    "etwas": "something",
    "iets": "something",
    # periods and comparisons
    "más antiguo": "older", "mas antiguo": "older", "más antigua": "older", "más viejo": "older",
    "plus ancien": "older", "plus vieux": "older", "mais antigo": "older", "älter": "older", "più vecchio": "older",
    "más reciente": "newer", "mas reciente": "newer", "más nuevo": "newer", "plus récent": "newer",
    "plus recent": "newer", "mais recente": "newer", "neuer": "newer", "più recente": "newer",
    "más corto": "shorter", "plus court": "shorter", "mais curto": "shorter", "kürzer": "shorter", "korter": "shorter",
    "después de": "after", "despues de": "after", "après": "after", "apres": "after", "depois de": "after",
    "nach": "after", "dopo il": "after", "antes de": "before", "avant": "before", "vor": "before",
    "prima del": "before", "prima degli": "before",
    # bounds said as "no more than": "nicht länger als 150 Minuten", "nicht älter als 2005"
    "nicht länger als": "no longer than", "nicht laenger als": "no longer than", "nicht älter als": "not older than",
    "niet langer dan": "no longer than", "niet ouder dan": "not older than", "non più lungo di": "no longer than",
    "non più vecchio del": "not older than", "pas plus long que": "no longer than",
    "pas plus vieux que": "not older than", "no más largo que": "no longer than",
    "no más antiguo que": "not older than",
    # German "war" is "was", no war film: "Downfall habe ich gesehen, war richtig gut"
    "war richtig gut": "was really good", "war sehr gut": "was very good", "war gut": "was good",
    "war toll": "was great", "war super": "was great", "war klasse": "was great", "war okay": "was okay",
    "war ok": "was ok", "war langweilig": "was boring", "war nicht so gut": "was not that good",
    "war nicht gut": "was not good", "war schrecklich": "was awful",
    # what was too much of something: "war mir zu lang und zu wirr"
    "zu langsam": "too slow", "zu brutal": "too violent", "zu gruselig": "too scary", "zu blutig": "too gory",
    "zu wirr": "too confusing", "zu verwirrend": "too confusing", "zu traurig": "too depressing",
    "zu kitschig": "too sappy", "zu langweilig": "too slow",
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
    "em portugues": "in portuguese", "en portugués": "in portuguese", "en inglés": "in english",
    "en ingles": "in english", "en anglais": "in english", "auf englisch": "in english", "in inglese": "in english",
    "em inglês": "in english", "em ingles": "in english", "in het engels": "in english",
    # lengths: "menos de hora y media", "höchstens zwei Stunden"
    "más corta": "shorter", "mas corta": "shorter", "más cortas": "shorter", "plus courte": "shorter",
    "plus courts": "shorter", "mais curta": "shorter", "kürzeres": "shorter", "kürzere": "shorter",
    "più corto": "shorter", "più corta": "shorter", "menos de": "under", "moins de": "under",
    "höchstens": "at most", "maximaal": "at most", "massimo": "at most", "máximo": "at most",
    "niente di troppo lungo": "nothing too long", "nada muy largo": "nothing too long",
    "rien de trop long": "nothing too long", "nichts zu langes": "nothing too long",
    "en adelante": "onwards", "em diante": "onwards", "in poi": "onwards", "à partir de": "from",
    "a partir de": "from", "geen": "no", "keine": "no", "kein": "no", "muss dann auch keine": "doesn't have to be",
    "muss auch keine": "doesn't have to be", "muss keine": "doesn't have to be", "muss kein": "doesn't have to be",
    "niet te lang": "not too long", "nicht zu lang": "not too long",
    "niemals": "never", "jamais": "never", "nunca": "never", "nooit": "never", "aldrig": "never", "nigdy": "never",
    "twee uur": "two hours", "weniger als": "under", "meno di": "under", "hora y media": "an hour and a half",
    "une heure et demie": "an hour and a half", "hora e meia": "an hour and a half",
    "eineinhalb stunden": "an hour and a half", "un'ora e mezza": "an hour and a half",
    "anderthalb stunden": "an hour and a half", "anderhalf uur": "an hour and a half", "uur": "hours",
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
    "combien de temps dure": "how long is", "quanto dura": "how long is", "quanto tempo dura": "how long is",
    "lohnt sich der": "is it worth it", "lohnt der sich": "is it worth it", "lohnt sich das": "is it worth it",
    "lohnt es sich": "is it worth it", "c'est long": "is it long", "c'est trop long": "is it too long",
    "es muy larga": "is it too long", "es larga": "is it long", "ist der lang": "is it long",
    "ist er lang": "is it long", "é sobre o quê": "what's it about", "é sobre o que": "what's it about",
    "waar gaat die over": "what's it about", "waar gaat het over": "what's it about", "com'è": "how is it",
    "fa paura": "is it scary", "da miedo": "is it scary", "fait peur": "is it scary", "da mucho miedo": "is it scary",
    "c'est-tu trop épeurant": "is it too scary", "épeurant": "scary", "é muito violento": "is it very violent",
    "worum geht's": "what's it about", "worum geht es": "what's it about", "ça raconte quoi": "what's it about",
    "ca raconte quoi": "what's it about", "qu'est-ce que ça raconte": "what's it about",
    "c'est sur quoi": "what's it about", "de quoi ça parle": "what's it about", "di che parla": "what's it about",
    "di cosa tratta": "what's it about", "de qué se trata": "what's it about", "de quelle année": "what year",
    "quelle année": "what year", "welches jahr": "what year", "de qué año": "what year", "qué año": "what year",
    "que año": "what year", "de que ano": "what year", "che anno": "what year",
    # the cards by place: "worum geht's beim ersten?", "de derde ziet er goed uit"
    "beim ersten": "the first one", "der erste": "the first one", "den ersten": "the first one",
    "le premier": "the first one", "la première": "the first one", "el primero": "the first one",
    "la primera de": "the first", "el primero de": "the first", "la primera": "the first one",
    "o primeiro": "the first one", "a primeira": "the first one", "o primeiro aí": "the first one",
    "il primo": "the first one", "de eerste": "the first one", "der zweite": "the second one",
    "den zweiten": "the second one", "beim zweiten": "the second one", "le deuxième": "the second one",
    "la deuxième": "the second one", "el segundo": "the second one", "la segunda": "the second one",
    "o segundo": "the second one", "a segunda": "the second one", "il secondo": "the second one",
    "de tweede": "the second one", "der dritte": "the third one", "den dritten": "the third one",
    "beim dritten": "the third one", "le troisième": "the third one", "la troisième": "the third one",
    "el tercero": "the third one", "la tercera": "the third one", "o terceiro": "the third one",
    "a terceira": "the third one", "il terzo": "the third one", "de derde": "the third one",
    "der letzte": "the last one", "den letzten": "the last one", "le dernier": "the last one",
    "la dernière": "the last one", "el último": "the last one", "la última": "the last one",
    "o último": "the last one", "a última": "the last one", "l'ultimo": "the last one", "de laatste": "the last one",
    # for someone else: a new request (bot/reading/intents.py)
    "otra para": "one for", "otro para": "one for", "outro para": "one for", "outra para": "one for",
    "otra para ver con": "one to watch with", "otro para ver con": "one to watch with", "para ver con": "to watch with",
    "pour regarder avec": "to watch with", "zum anschauen mit": "to watch with",
    "da vedere con": "to watch with", "para assistir com": "to watch with", "om te kijken met": "to watch with",
    "mi madre": "my mom", "mi mamá": "my mom", "mi padre": "my dad", "mi papá": "my dad", "mis padres": "my parents",
    "mi novia": "my girlfriend", "mi novio": "my boyfriend", "mi abuela": "my grandma", "mi abuelo": "my grandpa",
    "ma mère": "my mom", "mon père": "my dad", "mes parents": "my parents", "meine mutter": "my mom",
    "mein vater": "my dad", "meine eltern": "my parents", "mia madre": "my mom", "mio padre": "my dad",
    "minha mãe": "my mom", "meu pai": "my dad", "mijn moeder": "my mom", "mijn vader": "my dad",
    "pour mon fils": "for my son", "pour ma fille": "for my daughter", "pour mes enfants": "for my kids",
    "para mi hijo": "for my son", "para mi hija": "for my daughter", "para mis hijos": "for my kids",
    "para meu filho": "for my son", "para minha filha": "for my daughter", "para meus filhos": "for my kids",
    "für meinen sohn": "for my son", "für meine tochter": "for my daughter", "für meine kinder": "for my kids",
    "per mio figlio": "for my son", "per mia figlia": "for my daughter", "per i miei figli": "for my kids",
    "voor mijn zoon": "for my son", "voor mijn dochter": "for my daughter", "voor mijn kinderen": "for my kids",
    "voor de kinderen": "for the kids", "voor mijn kleinzoon": "for my grandson",
    "voor mijn kleindochter": "for my granddaughter", "zumbis": "zombies", "zombis": "zombies",
    "quero terror": "I want horror", "quiero terror": "I want horror", "um terror": "a horror",
    "para los niños": "for the kids", "para as crianças": "for the kids", "für die kinder": "for the kids",
    "per i bambini": "for the kids",
    "sie ist": "she is", "er ist": "he is",  # "für meine Tochter, sie ist 7"
    # ruling a theme out: "nada de exorcismos ni posesiones", "niente ragni", "sem zumbis"
    "film d'amore": "romance film", "serata romantica": "romantic evening",
    "was anderes": "something else", "auch, alle": "too, all of them", "alle drei": "all three",
    "kenne ich nicht": "I haven't seen", "kenn ich nicht": "I haven't seen", "kenne ich": "I've seen",
    "kenn ich": "I've seen", "im ersten": "in the first one", "im zweiten": "in the second one",
    "im dritten": "in the third one", "im letzten": "in the last one", "worum gehts": "what's it about",
    "hebben we al gezien": "we have already seen", "heb ik al gezien": "I have already seen",
    "vonden we echt slecht": "we thought it was really bad", "vonden we slecht": "we thought it was bad",
    "vond ik echt slecht": "I thought it was really bad", "vond ik slecht": "I thought it was bad",
    "is die eng": "is it scary", "is hij eng": "is it scary",
    # Hinglish: "comedy zaroori nahi, koi bhi achhi hindi film chalegi", "pehli wali kis saal ki hai?"
    "zaroori nahi": "not necessary", "zaruri nahi": "not necessary", "koi bhi": "any", "chalegi": "will do",
    "chalega": "will do", "pehli wali": "the first one", "doosri wali": "the second one",
    "dusri wali": "the second one", "teesri wali": "the third one", "kis saal ki hai": "what year is it",
    "kitni lambi hai": "how long is it", "kitni lambi": "how long", "aur dikhao": "show more",
    "hindi mein": "in hindi",
    "ni sustos": "or anything scary", "sustos": "scary stuff", "ni violencia": "or violence", "musicales": "musicals",
    "nada de terror": "no horror", "nada de miedo": "nothing scary", "nada de": "no",
    "nada con": "nothing with", "nada com": "nothing with", "rien avec": "nothing with",
    "niente": "nothing", "nessun": "no", "nessuna": "no", "nessuno": "no", "sem": "without",
    "nichts mit": "nothing with", "niets met": "nothing with",
    # themes whose word is no cognate of the catalog's English keyword
    "arañas": "spiders", "aranhas": "spiders", "araignées": "spiders", "ragni": "spiders", "spinnen": "spiders",
    "payasos": "clowns", "palhaços": "clowns", "pagliacci": "clowns",
    "tiburones": "sharks", "tubarões": "sharks", "requins": "sharks", "squali": "sharks", "haaien": "sharks",
    "haie": "sharks", "fantasmas": "ghosts", "fantômes": "ghosts", "fantasmi": "ghosts", "geister": "ghosts",
    "drogas": "drugs", "drogues": "drugs", "droghe": "drugs", "drogen": "drugs",
    "extraterrestres": "aliens", "extraterrestre": "alien", "außerirdische": "aliens", "ausserirdische": "aliens",
    "buitenaardse wezens": "aliens", "alieni": "aliens",
    "há mais alguma coisa": "anything else", "mais alguma coisa": "anything else", "algo más": "something else",
    "quelque chose d'autre": "something else", "noch was anderes": "something else",
    "sangre": "blood", "sangue": "blood", "blut": "blood", "bloed": "blood",
    "asesinos en serie": "serial killers", "assassinos em série": "serial killers", "tueurs en série": "serial killers",
    "serienmörder": "serial killers", "seriemoordenaars": "serial killers",
    # a few words of Polish, Swedish, Turkish and Indonesian, and more Dutch, Italian and German
    "filmu wojennego": "war film", "film wojenny": "war film", "filmy wojenne": "war films", "wojenny": "war",
    "komedia": "comedy", "komedię": "comedy", "komedii": "comedy", "komedie": "comedy", "komedi": "comedy",
    "krótszego": "shorter",
    "krótszy": "shorter", "niż": "than", "dwie i pół godziny": "two and a half hours", "półtorej godziny":
    "an hour and a half", "dwie godziny": "two hours", "godziny": "hours", "godzin": "hours",
    "o czym jest ten pierwszy": "what is the first one about",
    "o czym jest ten drugi": "what is the second one about", "o czym jest": "what is it about",
    "ten pierwszy": "the first one", "ten drugi": "the second one", "dzięki": "thanks", "na razie": "bye",
    "coś nowszego": "something newer", "coś starszego": "something older", "nowszego": "newer", "nowsze": "newer",
    "nowszy": "newer", "starszego": "older", "starsze": "older", "starszy": "older", "roku": "",  # "po 2010 roku"
    # Polish "i" is "and": "Notting Hill widzieliśmy i jej zdaniem było nudne"
    "widzieliśmy i": "we've seen and", "widziałem i": "I've seen and", "widziałam i": "I've seen and",
    "widzieliśmy": "we've seen", "widziałem": "I've seen", "widziałam": "I've seen", "było nudne": "was boring",
    "był nudny": "was boring", "jej zdaniem": "in her opinion", "jego zdaniem": "in his opinion",
    "svensk": "swedish", "svenska": "swedish", "gärna": "preferably", "hur lång är": "how long is",
    "yaşında": "years old", "ailece": "for the whole family", "macera": "adventure", "biraz daha": "a bit more",
    "zaten izledik": "we've already seen", "zaten izledim": "I've already seen", "izledik": "we've seen",
    "izledim": "I've seen", "kesinlikle": "",
    "was internationales": "something international", "sprache egal": "any language",
    "al gezien": "already seen", "heb ik": "I have", "hebben we": "we have", "allebei": "both",
    "familjefilm": "family film", "familjefilmer": "family films", "inget läskigt": "nothing scary",
    "läskigt": "scary", "läskig": "scary", "skräckfilm": "horror film", "skräck": "horror", "rolig": "funny",
    "roligt": "funny", "den första": "the first one", "den andra": "the second one",
    "handlar den första om": "is the first one about", "handlar den andra om": "is the second one about",
    "handlar den tredje om": "is the third one about", "handlar den om": "is it about", "vad": "what",
    "vorrei": "I'd like", "vorremmo": "we'd like", "filme": "film", "filmes": "films",
    "film romantico": "romantic film", "film romantici": "romantic films", "película romántica": "romantic film",
    "peli romántica": "romantic film", "peli romantica": "romantic film", "pelis románticas": "romantic films",
    "pelis romanticas": "romantic films", "que dé risa": "funny", "que de risa": "funny", "que den risa": "funny",
    "filme romântico": "romantic film", "film d'azione": "action film", "film comico": "comedy film",
    "film di guerra": "war film", "film dell'orrore": "horror film", "film d'animazione": "animated film",
    "nothin": "nothing", "nuthin": "nothing", "nothin'": "nothing",  # "nothin older than 2010"
    # Swedish lengths: "inte längre än två timmar"
    "inte längre än": "no longer than", "inte mer än": "no more than", "högst": "at most", "två timmar": "two hours",
    "pas un": "not a", "pas une": "not a", "pas de": "no", "pas trop": "not too", "war meh": "was meh",
    "war schlecht": "was bad", "war mies": "was bad", "war zu lang": "was too long", "langweilig": "boring",
    "tack så mycket": "thank you", "hej då": "bye", "korku filmi": "horror film", "korku": "horror",
    "komedi filmi": "comedy film", "aksiyon": "action", "romantik": "romantic", "bilim kurgu": "science fiction",
    "animasyon": "animation", "belgesel": "documentary", "savaş filmi": "war film", "zombi": "zombie",
    "ve sonrası": "onwards", "teşekkürler": "thanks", "teşekkür ederim": "thank you", "iyi geceler": "good night",
    "görüşürüz": "bye", "film aksi": "action film", "film horor": "horror film", "horor": "horror",
    "di bawah": "under", "dua jam": "two hours", "satu jam": "one hour", "tentang apa": "what is it about",
    "yang pertama": "the first one", "yang kedua": "the second one", "yang ketiga": "the third one",
    "makasih": "thanks", "terima kasih": "thank you", "dadah": "bye", "minimal tahun": "from",
    "grappigs": "funny", "tekenfilms": "cartoons", "aub": "please", "uit welk jaar": "what year",
    "deutschsprachige": "german",
    "was romantisches": "something romantic", "romantisches": "romantic", "dramático": "dramatic",
    "dramática": "dramatic", "dramatico": "dramatic", "dramatica": "dramatic", "dramatique": "dramatic",
    "dramatisch": "dramatic", "dramatische": "dramatic", "dramatisches": "dramatic", "dramatischen": "dramatic",
    "was älteres": "something older", "älteres": "older", "ältere": "older", "älteren": "older",
    "was neueres": "something newer", "neueres": "newer", "neuere": "newer",
    "wie lange geht": "how long is", "wie lang geht": "how long is", "wie lange dauert": "how long is",
    "wie lang dauert": "how long is", "wie lange ist": "how long is",
    "familiefilm": "family film", "familiefilms": "family films", "familienfilm": "family film",
    "familienfilme": "family films", "un musical": "a musical", "um musical": "a musical",
    "nicht": "not", "kitschig": "cheesy", "kitschige": "cheesy", "kitschiger": "cheesy",
    "den fand ich": "I found it", "die fand ich": "I found it", "furchtbar": "terribly",
    "para acá": "onwards", "pra cá": "onwards", "para cá": "onwards",
    # Dutch and German questions about a film, and Dutch verdicts: "Hoe lang duurt Fury?", "Ist Soul
    # Kitchen gut?", "Melancholia vond ik echt vreselijk" ("ist" is no English word; "gut" is, not before "?")
    "hoe lang duurt": "how long is", "hoe lang is": "how long is",
    "ist": "is", "gut?": "good?", "vond ik": "I found it", "vreselijk": "awful", "verschrikkelijk": "awful",
    "giapponese": "japanese", "giapponesi": "japanese", "coreani": "korean", "cinese": "chinese",
    "chino": "chinese", "chinois": "chinese", "chinesisch": "chinese",
    "deutschsprachigen": "german", "qual é a nota": "what is the rating", "do terceiro": "of the third one",
    "do segundo": "of the second one", "do primeiro": "of the first one",
    "anni venti": "the twenties", "anni trenta": "the thirties", "anni quaranta": "the forties",
    "anni cinquanta": "the fifties", "anni sessanta": "the sixties", "anni settanta": "the seventies",
    "anni ottanta": "the eighties", "anni novanta": "the nineties", "años ochenta": "the eighties",
    "años noventa": "the nineties", "años setenta": "the seventies", "anos oitenta": "the eighties",
    "anos noventa": "the nineties", "anos setenta": "the seventies", "un'ora e tre quarti": "105 minutes",
    "aventuras": "adventure", "aventura": "adventure", "aventure": "adventure", "aventures": "adventure",
    "avventura": "adventure", "avventure": "adventure", "abenteuer": "adventure", "abenteuerfilm": "adventure film",
    "avontuur": "adventure", "avonturen": "adventure", "avonturenfilm": "adventure film",
    # joining words that cut a clause or rule out: "algo en español pero que no sea de terror"
    "pero": "but", "aber": "but", "maar": "but", "que no sea": "that isn't", "que no sean": "that aren't",
    "ohne": "without", "sans": "without", "senza": "without", "zonder": "without",
    # languages
    "française": "french", "francaise": "french", "français": "french", "francais": "french",
    "francés": "french", "francesa": "french", "francese": "french", "französisch": "french",
    "española": "spanish", "espanola": "spanish", "español": "spanish", "espanol": "spanish",
    "espagnol": "spanish", "japonés": "japanese", "japonesa": "japanese", "japonais": "japanese",
    "coreano": "korean", "coreana": "korean", "coréen": "korean", "coreen": "korean", "italiano": "italian",
    "italiana": "italian", "italien": "italian", "alemán": "german", "allemand": "german", "deutsch": "german",
    "deutschen": "german", "deutsche": "german", "deutscher": "german", "deutsches": "german",
    "französischen": "french", "französische": "french", "französischer": "french",
    "italienischen": "italian", "italienische": "italian", "spanischen": "spanish", "spanische": "spanish",
    "japanischen": "japanese", "japanische": "japanese", "koreanischen": "korean", "koreanische": "korean",
    "francês": "french", "espanhol": "spanish", "alemão": "german", "japonês": "japanese",
    "brasileño": "brazilian", "brasileiro": "brazilian", "inglés": "english", "ingles": "english",
    "anglais": "english", "englisch": "english", "inglese": "english", "inglês": "english", "engels": "english",
    "americano": "american", "americana": "american", "américain": "american", "américaine": "american",
    "amerikanisch": "american", "amerikanischen": "american", "amerikaanse": "american",
    # Dutch adjectives of a language, and the Nordic languages elsewhere: "een goeie Deense film"
    "franse": "french", "duitse": "german", "spaanse": "spanish", "italiaanse": "italian", "japanse": "japanese",
    "koreaanse": "korean", "deense": "danish", "zweedse": "swedish", "noorse": "norwegian",
    "dänisch": "danish", "dänische": "danish", "dänischen": "danish", "danois": "danish", "danoise": "danish",
    "danese": "danish", "danés": "danish", "danesa": "danish", "dinamarquês": "danish", "schwedisch": "swedish",
    "schwedische": "swedish", "schwedischen": "swedish", "suédois": "swedish", "suédoise": "swedish",
    "sueco": "swedish", "sueca": "swedish", "svedese": "swedish", "norwegisch": "norwegian",
    "norwegische": "norwegian", "norvégien": "norwegian", "noruego": "norwegian", "norvegese": "norwegian",
}  # fmt: skip
# Decades in words: "aus den Achtzigern", "Siebzigerjahre", "jaren tachtig"
_DECADES = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties")
_GERMAN = ("zwanziger", "dreißiger", "vierziger", "fünfziger", "sechziger", "siebziger", "achtziger", "neunziger")
_DUTCH = ("twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig")
for german, dutch, decade in zip(_GERMAN, _DUTCH, _DECADES, strict=True):
    for word in {german, german.replace("ß", "ss").replace("ü", "ue")}:
        _PHRASES |= {f"{word}{end}": f"the {decade}" for end in ("", "n", "jahre", "jahren", " jahre", " jahren")}
    _PHRASES[f"jaren {dutch}"] = f"the {decade}"
_PHRASE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)
# German decades said bare: "80er oder 90er", "die 70er-Jahre"
_GERMAN_DECADE = re.compile(r"(?<![\w-])(?:19)?([1-9]0)(?:er|ern)(?:[- ]?jahre(?:n)?)?(?!\w)", re.IGNORECASE)
# Decades: "de los 80", "des années 80", "dos anos 90", "aus den 80ern", "anni 80", "dos anos 2000".
_FOREIGN_DECADE = re.compile(
    r"\b(?:de los|des années|des annees|dos anos|aus den|degli anni|anni|los|années|annees|anos|jaren|uit de jaren)"
    r"(?:\s+(?:años|anos))?\s+'?(?:19)?([1-9]0|20[01]0)(?:er|ern|s)?\b"  # "degli anni '50"
    r"(?:\s*(?:o|ou|oder|of|y|e|et|und|en|-)\s*'?(?:19)?([1-9]0|20[01]0)(?:er|ern|s)?\b)?",  # "de los años 50 o 60"
    re.IGNORECASE,
)


# Seen already: "déjà vu Amélie", "Ya vi Coco", "já assisti Up". "déjà vu" in lower case only: *Déjà Vu*
# is a title.
_SEEN = re.compile(
    r"(?<!\w)(?:(?:j'ai|on a|nous avons) )?déjà vu(?= \S)"
    r"|(?i:\bya (?:(?:la|lo|las|los|le|les) )?(?:vi|vimos|vio|vieron|(?:he|has|ha|hemos|habéis|han) visto)\b"
    r"|(?<!\w)já (?:vi|vimos|assisti|assistimos)\b|\bschon gesehen\b|\bgià visto\b)"
)


# Spanish "sin" (without), in lower case and not in *Sin City*
_SIN = re.compile(r"(?<!\w)sin(?= [a-záéíóúñ])(?! city\b)")


# Turkish puts a case ending after a name with an apostrophe: "Toy Story'yi zaten izledik" (Toy Story, seen).
_TR_CASE = re.compile(r"(?<=[A-Za-z0-9])['’](?:y?[ıiuü]|y?[ae]|[dt][ae]n?|n?[ıiuü]n)(?!\w)")


# Turkish says what it rules out after it: "zombi filmi olmasın" is "no zombie film".
_TR_NOT = re.compile(r"(?<!\w)(\w+)\s+(?:filmi\s+|filmleri\s+)?olmas[ıi]n\b", re.IGNORECASE)


# German "war" is "was" where German words go on from it ("war mir zu lang", "war echt gut"), after the
# phrases above have put the common ones into English.
_WAR_WAS = re.compile(
    r"(?<!\w)war(?= (?:mir|uns|zu|echt|ziemlich|nicht|sehr|richtig|ganz|mega|voll|einfach|leider|eher|etwas|ein"
    r"|eine|einer|der|das|auch|schon|wirklich|gut|toll|klasse|langweilig|schrecklich|meh|mist|schlecht|genial"
    r"|spitze|lustig|traurig|witzig|spannend)\b)",
    re.IGNORECASE,
)


# Dutch puts the film between the question's words: "Waar gaat Fury over?" is "What is Fury about?"
# ("waar gaat het / die over" is a phrase above).
_NL_ABOUT = re.compile(r"\bwaar gaat (?!(?:het|die|dat) over\b)(\S.{0,60}?) over\b", re.IGNORECASE)


def _decades(m: re.Match) -> str:
    return f"the {m[1]}s" + (f" or {m[2]}s" if m[2] else "")


# Words that bound a period only before a year: German "ab 2010" (from), Dutch "na 2000", "voor 1980", "desde 2006";
# elsewhere they are other words ("ab und zu", "een film voor kinderen", "na, eine Komödie").
_BEFORE_A_YEAR = re.compile(r"\b(ab|na|voor|desde|depuis|seit|dal|po|przed|od)(?=\s+(?:19|20)\d\d\b)", re.IGNORECASE)
_YEAR_BOUNDS = {
    "ab": "from", "na": "after", "voor": "before", "desde": "since", "depuis": "since", "seit": "since", "dal": "since",
    "po": "after", "przed": "before", "od": "from",  # Polish: "po 2010 roku"
}  # fmt: skip


# Dutch "uit 2000 of later": a year, "or later"
_OR_LATER = re.compile(r"(?<=\b(?:19|20)\d\d) of (later|eerder|nieuwer|ouder)\b", re.IGNORECASE)
_LATER = {"later": "later", "eerder": "earlier", "nieuwer": "newer", "ouder": "older"}


def english(text: str) -> str:
    """`text` with the request words of other languages put into English (the rest unchanged)."""
    text = _OR_LATER.sub(lambda m: f" or {_LATER[m[1].lower()]}", text)
    text = _BEFORE_A_YEAR.sub(lambda m: _YEAR_BOUNDS[m[1].lower()], text)
    text = _SEEN.sub("seen", _FOREIGN_DECADE.sub(_decades, _SIN.sub("without", text)))
    text = _GERMAN_DECADE.sub(lambda m: f"the {m[1]}s", text)
    text = _NL_ABOUT.sub(r"what is \1 about", _TR_NOT.sub(r"no \1", _TR_CASE.sub("", text)))
    return _WAR_WAS.sub("was", _PHRASE.sub(lambda m: _PHRASES.get(m[0].lower(), m[0]), text))
