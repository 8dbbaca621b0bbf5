"""What a reply sentence says of a film, checked against the film's catalog record: its genre ("a
French romantic comedy"), where it is from, when it came out ("a 90s classic", "from 1995") and how
long it runs ("two hours"); what no record holds (where to stream it, its awards, its cast); and
what happens in it ("explores themes of identity and the human condition", "a sequel that builds on
the original's success"): the words of a plot or theme must be the record's own words, give or take
an ending. A claim the record does not support makes the sentence unfit to show: the writer's filter
drops it as it drops a title outside the hits. Words said loosely ("a family", "an adventure", "a
mystery" in a plot) are not read as genre claims: only a genre word in the place of the film's kind
("a horror film", "this comedy") is.
"""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from bot.reading.facts import SHORT, durations
from retrieval.catalog import Item

# Nationality words → (language, country) that support them.
ORIGINS = {
    "french": ("fr", "FR"), "spanish": ("es", "ES"), "german": ("de", "DE"), "italian": ("it", "IT"),
    "japanese": ("ja", "JP"), "korean": ("ko", "KR"), "chinese": ("zh", "CN"), "indian": ("hi", "IN"),
    "bollywood": ("hi", "IN"), "russian": ("ru", "RU"), "swedish": ("sv", "SE"), "danish": ("da", "DK"),
    "norwegian": ("no", "NO"), "mexican": ("es", "MX"), "brazilian": ("pt", "BR"), "british": ("en", "GB"),
    "english": ("en", "GB"), "american": ("en", "US"), "hollywood": ("en", "US"), "australian": ("en", "AU"),
    "canadian": (None, "CA"), "irish": (None, "IE"), "iranian": ("fa", "IR"), "thai": ("th", "TH"),
    "hong kong": ("cn", "HK"), "dutch": ("nl", "NL"), "polish": ("pl", "PL"),
}  # fmt: skip
# The same words as a person writing Dutch, German, Spanish or Portuguese types them, which a reply
# may echo ("a Deense film" said of an American film, in the fourteenth set's hand check).
_ECHOED = {
    "french": "franse französisch französische französischen francesa francés francês",
    "german": "duitse deutsch deutsche deutschen alemana alemán alemão alemã",
    "spanish": "spaanse spanisch spanische spanischen española español espanhol espanhola",
    "italian": "italiaanse italienisch italienische italienischen italiana italiano",
    "japanese": "japanse japanisch japanische japanischen japonesa japonés japonês",
    "korean": "koreaanse koreanisch koreanische koreanischen coreana coreano",
    "danish": "deense dänisch dänische dänischen danesa danés dinamarquês dinamarquesa",
    "swedish": "zweedse schwedisch schwedische schwedischen sueca sueco",
    "norwegian": "noorse norwegisch norwegische norwegischen noruega noruego norueguês norueguesa",
    "dutch": "nederlandse niederländisch niederländische niederländischen holandesa holandés holandês",
    "brazilian": "braziliaanse brasilianisch brasilianische brasilianischen brasileña brasileño brasileira brasileiro",
    "mexican": "mexicaanse mexikanisch mexikanische mexikanischen mexicana mexicano",
}  # fmt: skip
ORIGINS |= {form: ORIGINS[english] for english, forms in _ECHOED.items() for form in forms.split()}
# A genre word where a film's kind is named, and the catalog genres that support it.
KINDS = {
    "comedy": ("Comedy",), "comedies": ("Comedy",), "romcom": ("Romance", "Comedy"),
    "romantic comedy": ("Romance", "Comedy"), "romance": ("Romance",), "love story": ("Romance",),
    "horror": ("Horror",), "thriller": ("Thriller",), "documentary": ("Documentary",), "western": ("Western",),
    "musical": ("Music",), "animated": ("Animation",), "animation": ("Animation",), "cartoon": ("Animation",),
    "sci-fi": ("Science Fiction",), "science fiction": ("Science Fiction",), "war": ("War",),
    "fantasy": ("Fantasy",), "crime": ("Crime",), "action": ("Action",), "family": ("Family",),
    "drama": ("Drama",), "mystery": ("Mystery",), "adventure": ("Adventure",), "historical": ("History",),
    "biopic": ("History",), "superhero": ("Action", "Science Fiction", "Fantasy", "Adventure"),
}  # fmt: skip
_BOTH = {"romcom", "romantic comedy"}  # a kind made of two genres: the film has both (Her is no romcom)
_KIND = "|".join(sorted(map(re.escape, KINDS), key=len, reverse=True))
# Genre words run together ("a sci-fi thriller") or listed ("its action and comedy elements").
_KIND_JOIN = r"(?:[\s-]+|\s*[,&/]\s*|\s+(?:and|or)\s+|,\s+and\s+)"
_FILM = r"(?:film|movie|flick|classic|picture|feature|story|tale|epic|caper|saga|comedy|drama|thriller)s?"
# Genre words that are plot words too unless a film word follows: "a family", "a war veteran".
_NEEDS_FILM = {"family", "war", "crime", "mystery", "adventure", "action", "romance", "fantasy", "historical"}
# Words between the article and the kind ("a more classic and well-known horror film"), none of which
# turns to the person ("a great pick if you like horror", "a good choice for fans of westerns").
_GAP = r"(?!(?:you|your|if|for|who|whom|when|where|while|which|that|like|likes|liked|love|loves|enjoy|enjoys|want"
_GAP += r"|wants|fan|fans|to|than|not|no|never|without|nor|does|doesn't|do|did|is|isn't|are|was|were|has|have"
_GAP += r"|include|includes|including)\b)"
# A genre word joined by a hyphen to another kind of word is an adjective, not the film's kind: "a
# family-friendly animated film" claims animation, not a family film.
_KIND_WORD = rf"(?:{_KIND})(?!-(?!(?:{_KIND}|{_FILM})\b)\w)"
_KIND_CLAIM = re.compile(
    rf"\b(?:a|an|this|that|the|its|is|it's|as)\s+(?:{_GAP}[\w-]+\s+){{0,5}}?({_KIND_WORD}(?:{_KIND_JOIN}{_KIND_WORD})*)"
    rf"(?:[\s-]+({_FILM}))?\b",
    re.IGNORECASE,
)
# Action said of a film without the word "film": "action-packed", "thrilling action sequences", "intense action".
_ACTION = re.compile(
    r"\baction[\s-]+(?:packed|sequences?|scenes?|set[\s-]pieces?|elements?)\b"
    r"|\b(?:intense|thrilling|non-?stop|explosive|high-octane|lots of|plenty of|full of) action\b"
    # listed with another kind of thing it has: "its blend of humor and action", "action and adventure"
    r"|\b(?:hum(?:ou|o)r|comedy|laughs|heart|drama|romance|thrills|suspense|adventure) and action\b"
    r"|\baction and (?:hum(?:ou|o)r|comedy|laughs|heart|drama|romance|thrills|suspense|adventure)\b",
    re.IGNORECASE,
)
# Genre said of a film in other words, and what in a record supports it: "for its humor" (a comedy, or
# a keyword such as "dark comedy", "satire"), "family-friendly" (a family or animated film).
_TOLD_GENRE = (
    (re.compile(r"\b(?:its|the|his|her|their|with|of|for|dark|quirky|witty|sharp|offbeat) hum(?:ou|o)r\b", re.I),
     {"Comedy"}, re.compile(r"\b(?:comedy|humou?r|satire|parody|spoof)\b", re.I)),
    (re.compile(r"\b(?:family|kids?|child)[\s-](?:friendly|oriented)\b|\bfor the whole family\b"
                r"|\bsuitable for (?:kids|children)\b", re.I), {"Family", "Animation"}, None),
    # "The Matrix for a more romantic experience", "Up for a zombie romance"
    (re.compile(r"\bromantic (?:experience|elements?|side|touch|twist|tone|vibes?|feel|storyline|subplot|moments?"
                r"|angle|adventure|drama|journey|tale|film|movie|story|one)\b|\b(?:more|very|quite|deeply|truly|so)"
                r" romantic\b|\b(?:zombie|sci-?fi|space|action|horror) romance\b", re.I),
     {"Romance"}, re.compile(r"\b(?:love|romance|romantic|relationship|lovers?|couple|wedding|marriage)\b", re.I)),
    # "Up is terrifying", "for its horror elements", said of a film with nothing frightening on record
    (re.compile(r"\b(?:scary|terrifying|frightening|spine[- ]chilling|bone[- ]chilling|hair[- ]raising"
                r"|horror elements|chilling)\b", re.I),
     {"Horror", "Thriller"}, re.compile(r"\b(?:ghosts?|monsters?|haunt\w*|demons?|supernatural|killer|horror|zombies?"
                                          r"|creatures?|aliens?|murder|possession)\b", re.I)),
    # "for its hilarious moments", said of a film with no comedy on record
    (re.compile(r"\b(?:hilarious|laugh[- ]out[- ]loud|comedic)\b", re.I),
     {"Comedy"}, re.compile(r"\b(?:comedy|humou?r|satire|parody|spoof)\b", re.I)),
)  # fmt: skip
# A genre word negated is no claim of it: "not romantic", "isn't too scary", "never frightening".
_NEGATED_BEFORE = re.compile(r"(?:\b(?:not|never|no|without|nothing|less)|n[’']t)\b[\w\s]{0,14}$", re.IGNORECASE)
# "it's not scary", said of a horror film
_NOT_SCARY = re.compile(
    r"\b(?:not|isn'?t|wasn'?t|never)\s+(?:too |very |that |really |even |at all )?(?:scary|frightening)\b"
    r"|\b(?:no|without)(?: the| any)? scares\b",
    re.IGNORECASE,
)
_ORIGIN = re.compile(r"\b(" + "|".join(map(re.escape, ORIGINS)) + r")\b", re.IGNORECASE)
_DECADE = re.compile(r"\b(?:(19|20)?([0-9])0'?s)\b")
_YEAR = re.compile(r"\b(?<!\()((?:19|20)\d\d)\b(?!\))")
_SETTING = re.compile(r"\b(?:set in|takes place in|during|in the year|since|until|before|after)\s+(?:the\s+)?$", re.I)
# What no catalog record holds: where to watch it, its awards, box office and reputation, what it is
# based on (unless its summary says so), who is in it or made it, and how well they act ("a strong
# cast", "the iconic performances of John Wayne": the record has no cast to praise).
_BEYOND_RECORDS = re.compile(
    r"\b(?:netflix|hulu|prime video|amazon prime|disney\+|hbo max|streaming (?:on|now)|available (?:on|to stream)"
    r"|box office|oscars?|academy awards?|golden globes?|award[- ]winning|won (?:\w+ )?awards?"
    r"|(?:critically )?acclaimed|critics|criticized|criticised|praised (?:for|by)|cult (?:classic|following)"
    r"|best picture|nominated|nominations?|blockbuster|highest[- ]grossing|record[- ]breaking|best[- ]selling"
    r"|based on (?:a |the )?(?:true story|real events|novel|book|comic|play|bestsell\w+)"
    r"|starring|directed by|stars (?:[A-Z]\w+)|an? (?:all-star|star-studded) cast"
    r"|(?:strong|great|stellar|talented|brilliant|excellent|superb|impressive|amazing|fantastic|ensemble|top-notch)"
    r" cast|performances? (?:of|by|from) [A-Z]\w+|(?:iconic|memorable|standout|stellar|powerful|outstanding"
    r"|superb|brilliant|strong|great|excellent|award-worthy|career-best) performances?)\b",
    re.IGNORECASE,
)

# Words any recommendation says of any film: the talk of recommending, praise and feeling, and the
# frame of a plot summary ("follows", "explores themes of"). They claim nothing a record could hold.
# What is left of a sentence (beside stop words and the words of the facts checked above)
# is what it says happens in the film.
_TALK = frozenset("""
    recommend recommendation suggest suggestion pick choice option try watch look worth start fan enjoy like love
    prefer want need wish looking interested interest mood taste next another similar same different more less also
    plus instead
    great good fine nice best better classic favorite favourite fun funny hilarious entertaining delightful beautiful
    heartwarming touching moving charming witty clever smart fresh unique compelling gripping thrilling exciting
    intense powerful memorable iconic beloved masterpiece must gem treat ride wild stunning brilliant excellent
    fantastic amazing wonderful incredible perfect solid strong engaging engaged captivating enjoyable lighthearted
    light dark sweet cute cozy feel laugh smile cry tears edge seat hooked heart warm quirky stylish visual visually
    gorgeous atmospheric atmosphere tense suspenseful suspense packed entertained satisfying
    follow story tale journey explore theme element combine blend mix feature tell deal focus center centre plot
    character cast performance storytelling narrative scene moment
    viewer audience anyone everyone someone night evening
    really truly quite little bit kind sort type style genre film movie flick picture tone vibe experience
    definitely sure especially particularly perhaps maybe still just pretty lot keep make take got noted think guess
    hope given since well way thing things sci does did done doing
    close along lines start next pick here since liked enjoyed suggest try
""".split())  # fmt: skip
# (The last line: the words of the code's own openers, "Since you liked X, try Y", "You liked X, so Y
# is a good next pick", and earlier ones, which share a sentence with the model's words.)
# Words of the facts the checks above read (kind, origin, time, length) or a record's numbers hold.
_FACT_WORDS = frozenset(w for name in (*KINDS, *ORIGINS) for w in re.findall(r"[a-z]+", name)) | frozenset(
    "hour hours minute minutes long short run runs runtime length year years decade decades century old older new "
    "newer recent rated rating ratings score language".split()
)
# A name written mid-sentence ("Nolan's mind-bending style", "a trip to Paris"): a person or a place the
# record must hold. Days, months and the words the checks above read are no names.
_NAME = re.compile(r"(?<![.!?:]\s)(?<!^)\b([A-Z][a-z]+(?:-[A-Z]?[a-z]+)?)(?:'s)?\b")
_NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december christmas halloween i mr mrs ms dr st".split()
)
_CONTRACTION = re.compile(r"'s\b|’s\b|n[’']t\b|[’'](?:re|ve|ll|d|m)\b")
_STORY_WORDS = 2  # a story word the record lacks may be a paraphrase ("his wife" of "a woman"); two seldom are
# Themes named as such ("explores themes of justice"): each word must be the record's own, and one will
# do to refuse, since the frame leaves no doubt that it is a claim; the person's words are no evidence
# here ("about grief" asked does not make a film about grief). The list ends where the sentence turns
# to something else (", making it a great pick").
_THEMES = re.compile(
    r"\bthemes? (?:of|like|such as|including|around|about)\s+(.+?)"
    r"(?=[.;!?]|,\s+(?:which|that|making|perfect|great|ideal|so|but|while|as|it|this|with|for)\b|$)",
    re.IGNORECASE,
)

# What a film is said to be about ("a movie about music", "a documentary about climbing") or themed on
# ("Christmas-themed"): as with themes, each word must be the record's own.
_ABOUT = re.compile(
    r"\b(?:film|movie|flick|story|tale|documentary|drama|comedy) about\s+((?:[\w'-]+\s*?){1,3}?)"
    r"(?=\s*[.;,!?]|\s+(?:and|or|with|that|who|which|where|in|for|to|set|from|as|but)\b|\s*$)"
    r"|\b([a-z]+)-themed\b",
    re.IGNORECASE,
)
# Said to be short ("its short runtime", "It's short and silly"): one of the films must run SHORT at most.
_SHORT = re.compile(
    r"\b(?:short|brief|quick)(?:er)?\s+(?:runtime|running time|length|watch)\b"
    r"|\b(?:it's|it is|is|are|both|and)\s+(?:very |quite |pretty |nice and |fairly )?(?:short|brief)\b"
    r"(?!\s+(?:film|movie))",
    re.IGNORECASE,
)

# A rating said of a film ("a well-rated documentary with an 8.5 or above rating", "rated 7.8"): its record's
# TMDB average must be that (to the first decimal), or at least that where the sentence says so.
_RATING = re.compile(
    r"\b(?:rated|rating of|scores?|scored)\s+(?:of\s+|at\s+|an?\s+)?(?P<a>\d(?:\.\d+)?)(?:\s*/\s*10|\s+out of 10)?"
    r"(?P<up_a>\+|\s+or (?:above|higher|more|better))?"
    r"|\b(?P<b>\d(?:\.\d+)?)(?:\s*/\s*10|\s+out of 10)?(?P<up_b>\+|\s+or (?:above|higher|more|better))?"
    r"\s+(?:\w+\s+)?(?:rating|average)\b",
    re.IGNORECASE,
)
# What a film is said to be without ("a family movie without dogs", "no gore"): the record's words must not
# hold it (Babe, whose record has "sheep dogs", was offered in the sixteenth set's hand check as one).
_WITHOUT = re.compile(r"(?<!\bwith )\b(?:without|free of|free from|no)\s+(?:any\s+)?([a-z]{3,})\b", re.IGNORECASE)

# Kinds of story said of a film ("a supernatural horror movie", "a psychological thriller"), and the
# words of a record (summary or keywords) that hold each.
_SUBGENRES = {
    "supernatural": re.compile(r"supernatural|paranormal|ghost|demon|spirit|possess|haunt|witch|curse", re.I),
    "paranormal": re.compile(r"supernatural|paranormal|ghost|demon|spirit|possess|haunt", re.I),
    "psychological": re.compile(r"psycholog|mental|sanity|insan|paranoi|obsess|mind\b", re.I),
    "zombie": re.compile(r"zombi|undead", re.I),
    "vampire": re.compile(r"vampir|dracula", re.I),
    "slasher": re.compile(r"slasher|killer|murder", re.I),
    "dystopian": re.compile(r"dystopi|totalitarian|apocalyp", re.I),
    "heist": re.compile(r"heist|robber|thie[fv]|steal|stole", re.I),
    "spy": re.compile(r"\bspy|\bspies|espionage|secret agent|\bcia\b|mi6|\bkgb\b", re.I),
    "superhero": re.compile(r"super ?hero|super ?power|marvel comics|dc comics", re.I),
    "time-travel": re.compile(r"time travel|time machine|time loop|back in time|the past", re.I),
}
_SUBGENRE = re.compile(
    r"\b(" + "|".join(k.replace("-", "[- ]") for k in _SUBGENRES) + r")"
    r"[\s-]+(?:[\w-]+\s+){0,2}?(?:horror|thriller|film|movie|flick|story|tale|drama|comedy|action|adventure"
    r"|elements?|themes?|vibes?|classic|mystery)s?\b",
    re.IGNORECASE,
)


def _text(item: Item) -> str:
    return " ".join([item.overview, *item.keywords])


def _roots(word: str) -> set[str]:
    """The word's possible stems, cut to five letters: "betrayal" and "betrays", "movies" and "movie",
    "stories" and "story" share one. Rough, and meant to be: a paraphrase should pass, not a new word."""
    out = {word[:5]}
    if word.endswith("ies") and len(word) > 4:
        out.add((word[:-3] + "y")[:5])
    endings = ("ing", "ed", "es", "e", "s", "y")
    out |= {word[: -len(e)][:5] for e in endings if word.endswith(e) and len(word) - len(e) >= 3}
    return out


_TALK_ROOTS = frozenset().union(*map(_roots, _TALK))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", _CONTRACTION.sub(" ", text.lower()))


def _record_roots(item: Item) -> set[str]:
    text = " ".join([item.title, item.overview, *item.keywords, *item.genres])
    return set().union(*map(_roots, _words(text)))


def _known_roots(items: list[Item], asked: str) -> set[str]:
    """The word roots the records of `items` and the person's own message (`asked`, which a reply may
    echo: "for your kids") hold: what a sentence about those films may say."""
    return set().union(*map(_record_roots, items), *map(_roots, _words(asked)))


def invented(sentence: str, known: set[str], talk: bool = True) -> list[str]:
    """The words of `sentence` about what happens in a film that neither the `known` roots
    (`_known_roots`) nor, where `talk`, the talk of recommending hold (a theme named as such is no
    talk: "themes of memory" is not "memorable")."""
    known = known | _TALK_ROOTS if talk else known
    return [
        w for w in _words(sentence)
        if len(w) > 2 and w not in ENGLISH_STOP_WORDS and w not in _FACT_WORDS and not _roots(w) & known
    ]  # fmt: skip


def unsupported(sentence: str, items: list[Item], asked: str = "") -> str | None:
    """The first claim of `sentence` that none of `items` (the films it speaks of) supports, or
    None. `asked`: the person's message, whose words a sentence may echo."""
    if not items:
        return None
    if (m := _BEYOND_RECORDS.search(sentence)) and not any(m[0].lower() in i.overview.lower() for i in items):
        return f"not in any record: {m[0]}"
    for m in _ORIGIN.finditer(sentence):
        language, country = ORIGINS[m[1].lower()]
        if not any(i.language == language or country in i.countries for i in items if language or country):
            return f"origin: {m[1]}"
    for m in _KIND_CLAIM.finditer(sentence):
        words = re.split(r"[\s,&/-]+", m[1].lower())
        run = _kinds(words)  # two genre words listed ("its action and drama") name its kinds
        kinds = [k for k in run if k not in _NEEDS_FILM or m[2] or len(run) > 1]
        for kind in kinds:
            needed = set(KINDS[kind])
            if not any(needed <= set(i.genres) if kind in _BOTH else needed & set(i.genres) for i in items):
                return f"genre: {kind}"
    if (m := _ACTION.search(sentence)) and not any("Action" in i.genres for i in items):
        return f"genre: {m[0]}"
    for pattern, genres, keywords in _TOLD_GENRE:
        if (m := pattern.search(sentence)) and not _NEGATED_BEFORE.search(sentence, 0, m.start()):
            said = [i for i in items if genres & set(i.genres) or (keywords and keywords.search(" ".join(i.keywords)))]
            if not said:
                return f"genre: {m[0]}"
    if (m := _NOT_SCARY.search(sentence)) and any("Horror" in i.genres for i in items):
        return f"genre: {m[0]}, of a horror film"
    for m in _DECADE.finditer(sentence):
        century, digit = m.groups()
        start = int(century or ("20" if digit in "012" else "19")) * 100 + int(digit) * 10
        if not any(i.year and start <= i.year < start + 10 for i in items):
            return f"decade: {m[0]}"
    for m in _YEAR.finditer(sentence):
        year = int(m[1])
        said_of_story = _SETTING.search(sentence, 0, m.start())
        supported = any((i.year and abs(i.year - year) <= 1) or str(year) in i.overview for i in items)
        if not supported and not said_of_story:
            return f"year: {year}"
    for said in durations(sentence):
        if not any(i.runtime and abs(i.runtime - said) <= 10 for i in items):
            return f"runtime: {said} minutes"
    record = _known_roots(items, "")  # the records' words, read once for the checks below
    for m in _THEMES.finditer(sentence):
        if words := invented(m[1], record, talk=False):
            return f"theme: {', '.join(words)}"
    for m in _ABOUT.finditer(sentence):
        if words := invented(m[1] or m[2], record, talk=False):
            return f"about: {', '.join(words)}"
    if (m := _SHORT.search(sentence)) and not any(i.runtime and i.runtime <= SHORT for i in items):
        return f"runtime: {m[0]}"
    for m in _RATING.finditer(sentence):
        said, up = float(m["a"] or m["b"]), bool(m["up_a"] or m["up_b"])
        held = [i.rating for i in items if getattr(i, "rating", None) is not None]
        if said <= 10 and not any(r >= said - 0.05 if up else abs(r - said) < 0.1 for r in held):
            return f"rating: {m[0].strip()}"
    for m in _WITHOUT.finditer(sentence):
        word = m[1].lower()
        if word not in ENGLISH_STOP_WORDS and _roots(word) & record:  # the records' words, read above
            return f"without: {word}, which its record holds"
    for m in _SUBGENRE.finditer(sentence):
        held = _SUBGENRES[m[1].lower().replace(" ", "-")]
        if not _NEGATED_BEFORE.search(sentence, 0, m.start()) and not any(held.search(_text(i)) for i in items):
            return f"kind: {m[1]}"
    known = record | _known_roots([], asked)
    if name := _unknown_name(sentence, known):
        return f"name: {name}"
    if len(words := invented(sentence, known)) >= _STORY_WORDS:
        return f"story: {', '.join(words)}"
    return None


def _unknown_name(sentence: str, known: set[str]) -> str | None:
    """A name written mid-sentence that no record (nor the person's message: the `known` roots)
    holds: a director, an actor, a studio, a place ("Nolan's", "Pixar", "Tom Hanks"). The hits'
    titles are blanked before."""
    for m in _NAME.finditer(sentence.strip()):
        word = _words(m[1])[0]  # "Nolan's": nolan
        if word in _NOT_NAMES or word in _FACT_WORDS or word in ORIGINS or _roots(word) & _TALK_ROOTS:
            continue
        if not _roots(word) & known:
            return m[1]
    return None


def _kinds(words: list[str]) -> list[str]:
    """The genre words of a run ("romantic comedy", "sci-fi thriller"), longest first."""
    out, i = [], 0
    while i < len(words):
        for n in (2, 1):
            phrase = " ".join(words[i : i + n])
            if phrase in KINDS or phrase.replace(" ", "-") in KINDS:
                out.append(phrase if phrase in KINDS else phrase.replace(" ", "-"))
                i += n
                break
        else:
            i += 1
    return out
