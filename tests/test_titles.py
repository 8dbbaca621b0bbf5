from retrieval.titles import TitleIndex, normalize

INDEX = TitleIndex([("a", "The Matrix", 10), ("b", "Up", 5), ("c", "Amélie", 3), ("d", "Up", 50)])


def test_normalize():
    assert normalize("  Amélie & Co.: THE Movie! ") == "amelie and co the movie"
    assert normalize("Ocean's Eleven") == normalize("Ocean’s Eleven") == normalize("oceans eleven")


def test_a_title_typed_without_its_apostrophe_is_found():
    index = TitleIndex([("o", "Ocean's Eleven", 9), ("h", "Howl's Moving Castle", 8)])
    found = index.find("seen oceans eleven and howls moving castle", fuzzy=True)
    assert [m.title for m in found] == ["Ocean's Eleven", "Howl's Moving Castle"]


def test_lookup_prefers_the_popular_duplicate_and_ignores_articles():
    assert INDEX.lookup("up") == ("d", "Up")
    assert INDEX.lookup("matrix") == ("a", "The Matrix")
    assert INDEX.lookup("Matrix Reloaded") is None


def test_find_spans_and_guards():
    text = 'Loved the matrix. Up next: I watched Up and amelie and "Amélie". Then amelie again.'
    found = [(m.item_id, text[m.start : m.end]) for m in INDEX.find(text)]
    # "Up next" starts a sentence (not a title); lowercase one-word "amelie" counts only in the list
    # of what was watched, not on its own.
    assert found == [("a", "the matrix"), ("d", "Up"), ("c", "amelie"), ("c", "Amélie")]


def test_an_exact_title_beats_an_article_less_alias():
    index = TitleIndex([("h1", "The Heat", 99), ("h2", "Heat", 1)])
    assert index.lookup("Heat") == ("h2", "Heat")
    assert index.lookup("the heat") == ("h1", "The Heat")


def test_everyday_phrases_that_are_also_titles_need_title_writing():
    index = TitleIndex([("o", "The Other", 5), ("s", "The Others", 9), ("j", "Jurassic Park", 50)])
    reply = "The other two are Jurassic Park and, on the other hand, nothing else."
    assert [m.item_id for m in index.find(reply)] == ["j"]  # the phrase, at a sentence start and inside
    assert [m.item_id for m in index.find("I loved The Others and The Other.")] == ["s", "o"]


def test_a_pronoun_starting_a_sentence_is_no_title():
    index = TitleIndex([("t", "They", 5), ("m", "Them!", 5), ("l", "They Live", 5)])
    assert index.find("They didn't really enthuse me. Those were fun") == []
    assert [m.item_id for m in index.find("I saw They and They Live")] == ["t", "l"]  # written as titles


def test_a_word_that_opens_a_request_is_no_title_at_a_sentence_start():
    index = TitleIndex([("n", "Nothing", 5), ("o", "Once", 5), ("h", "Her", 5), ("e", "Enough", 5)])
    assert index.find("Nothing too long please. Once more, something fun. Her acting was great. Enough gore") == []
    assert [m.item_id for m in index.find("I loved Her and Once")] == ["h", "o"]  # written as titles


def test_an_ampersand_is_a_word_and_a_capitalized_everyday_word_after_a_comma_is_no_title():
    index = TitleIndex([("f", "Fast & Furious", 5), ("i", "It", 9), ("e", "Elf", 3)])
    assert [m.item_id for m in index.find("I love Fast & Furious as well")] == ["f"]
    assert [m.item_id for m in index.find("I love Fast and Furious")] == ["f"]
    assert index.find("Yes I have, It was better than I thought") == []  # sloppy capital, not the film
    assert index.find("Thanks! Have\n\nIt on your list") == []  # a new line starts a sentence too
    assert [m.item_id for m in index.find("I saw It twice")] == ["i"]
    assert [m.item_id for m in index.find("I like Just Friends, Elf, Game Night")] == ["e"]  # a list, not a sentence


def test_a_one_word_title_before_a_surname_is_a_first_name():
    index = TitleIndex(
        [("a", "Adam", 5), ("e", "Emma", 5), ("g", "Gladiator", 9), ("p", "Apollo 13", 9), ("h", "Heat", 9)]
    )
    assert index.find("I can't stand Adam Sandler movies, but Emma Watson is great") == []
    assert [m.item_id for m in index.find("I loved Emma and Adam")] == ["e", "a"]
    assert [m.item_id for m in index.find("I liked Gladiator Apollo 13 too")] == ["g", "p"]  # a list, no name
    assert [m.item_id for m in index.find("I saw Heat Friday. Heat  Have you seen it?")] == ["h", "h"]


FUZZY = TitleIndex(
    [
        ("i", "Interstellar", 90),
        ("k", "The Dark Knight", 95),
        ("t", "Titanic", 80),
        ("g", "The Godfather", 70),
        ("s", "Sorcerer", 5),
        ("a", "Alien", 60),
        ("m", "Something Wild", 4),
        ("y", "You Kill Me", 3),
        ("n", "Something New", 3),
        ("w", "The Wood", 2),
        ("c", "Be Cool", 2),
    ]
)


def test_misspelt_titles_are_found_in_a_message():
    text = "I really enjoyed Interstelar and the dark knigt, and Titanik was boring"
    found = [(m.item_id, text[m.start : m.end]) for m in FUZZY.find(text, fuzzy=True)]
    assert found == [("i", "Interstelar"), ("k", "the dark knigt"), ("t", "Titanik")]
    assert FUZZY.find(text) == []  # only where asked: the LLM's text is checked as written


def test_a_swap_of_two_letters_is_one_typo():
    assert [m.title for m in FUZZY.find("loved the godfahter", fuzzy=True)] == ["The Godfather"]


def test_words_that_only_look_like_titles_are_no_titles():
    # a plural of a title's word, a typo of a short title, a typo of an everyday word, names
    for text in ["the sorcerers stone", "Alein was scary", "recomend me somthing funny", "I love Jennifer Aniston"]:
        assert FUZZY.find(text, fuzzy=True) == [], text


def test_everyday_words_one_short_word_off_a_title_are_not_a_typo_of_it():
    """ "you tell me" is not "You Kill Me", "something newer" not "Something New": a short word two
    letters off is another word, not a slip."""
    for text in ["Could you tell me what you can help me with?", "something newer please"]:
        assert FUZZY.find(text, fuzzy=True) == [], text


def test_a_title_of_one_short_word_takes_no_typo_and_chat_words_are_no_title():
    """ "thats the mood" is not *The Wood* (one letter off a four-letter word makes another word),
    "historical would be cool" not *Be Cool*; written as titles, both are found."""
    for text in ["yeah thats the mood. thx", "historical would be cool"]:
        assert FUZZY.find(text, fuzzy=True) == [], text
    assert [m.title for m in FUZZY.find("I liked The Wood and Be Cool", fuzzy=True)] == ["The Wood", "Be Cool"]


def test_a_long_title_goes_by_its_subtitle_or_its_first_part():
    index = TitleIndex(
        [
            ("l", "The Lord of the Rings: The Fellowship of the Ring", 9),
            ("c", "Crouching Tiger, Hidden Dragon", 5),
            ("a", "Capitalism: A Love Story", 1),
            ("f", "Fellowship of the Ring", 1),  # an exact title beats a subtitle
        ]
    )
    assert [m.item_id for m in index.find("loved crouching tiger. fellowship of the ring is my fav")] == ["c", "f"]
    index = TitleIndex([("l", "The Lord of the Rings: The Fellowship of the Ring", 9)])
    lord = "The Lord of the Rings: The Fellowship of the Ring"
    assert [m.title for m in index.find("I loved Fellowship of the Ring")] == [lord]
    one_word = TitleIndex([("a", "Capitalism: A Love Story", 1)])  # "story" is its one distinctive word
    assert one_word.find("action but with a love story") == []


def test_a_title_begun_in_capitals_is_not_the_shorter_title_inside_it():
    """The fourteenth set: "Love: Eternal Sunshine, Her" liked *Sunshine*. Written as a title is, the
    first words of one title name it; shouted or in lower case without a cue, they do not."""
    index = TitleIndex(
        [("e", "Eternal Sunshine of the Spotless Mind", 5), ("s", "Sunshine", 5), ("h", "Her", 5),
         ("l", "Lost in Translation", 5)]
    )  # fmt: skip
    found = index.find("Love: Eternal Sunshine, Her, Lost in Translation", fuzzy=True)
    assert [m.item_id for m in found] == ["e", "h", "l"]
    assert [m.item_id for m in index.find("ETERNAL SUNSHINE", fuzzy=True)] == ["s"]
    assert index.find("just eternal sunshine") == []  # lower case, no cue: no film at all


def test_a_greeting_is_not_the_title_it_begins():
    """The fifteenth set: "Guten Tag. Ich bin 74 Jahre alt ..." liked *Guten Tag, Ramón*."""
    index = TitleIndex([("g", "Guten Tag, Ramón", 5)])
    assert index.find("Guten Tag. Ich suche einen ruhigen Film.", fuzzy=True) == []
    assert [m.item_id for m in index.find("I loved Guten Tag, Ramón", fuzzy=True)] == ["g"]


def test_a_film_is_found_by_its_original_title_unless_that_is_too_short_or_another_title():
    index = TitleIndex(
        [("g", "City of God", 5), ("p", "Pan's Labyrinth", 4), ("d", "Three", 1), ("q", "Desire", 1), ("h", "Heat", 9)],
        others=[("g", "Cidade de Deus"), ("p", "El laberinto del fauno"), ("d", "Drei"), ("q", "Q"), ("q", "Heat")],
    )
    said = "adorei Cidade de Deus e vi El laberinto del fauno; drei Kinder, Q"
    assert [(m.item_id, m.title) for m in index.find(said)] == [("g", "City of God"), ("p", "Pan's Labyrinth")]
    assert [m.item_id for m in index.find("loved el laberinto del fuano", fuzzy=True)] == ["p"]  # misspelt too
    assert index.lookup("heat") == ("h", "Heat")  # another item's original title never takes a title's place


def test_an_original_title_in_another_script_is_found_as_written():
    """A translation keeps "千と千尋の神隠し" as written; `normalize` leaves nothing of it, so it is
    found as written. Two letters are too often a word ("英雄", hero)."""
    index = TitleIndex(
        [("s", "Spirited Away", 9), ("o", "Oldboy", 7), ("h", "Hero", 5)],
        others=[("s", "千と千尋の神隠し"), ("o", "올드보이"), ("h", "英雄")],
    )
    said = 'I really love "千と千尋の神隠し" and 올드보이, not a 英雄 story'
    assert [(m.title, said[m.start : m.end]) for m in index.find(said)] == [
        ("Spirited Away", "千と千尋の神隠し"),
        ("Oldboy", "올드보이"),
    ]


def test_titles_that_are_everyday_phrases_need_a_film_said():
    """ "date night w my gf!!" and "anything else?" name no film (the held-out hand check found the
    replies built on *Date Night*); "seen date night" does."""
    index = TitleIndex([("d", "Date Night", 5), ("a", "Anything Else", 1), ("t", "Toy Story", 9)])
    everyday = ("date night w my gf!! something romantic", "anything else?", "ok, anything else", "Hi! Date night mit")
    for text in everyday:
        assert index.find(text) == [], text
    assert [m.item_id for m in index.find("we've seen date night and toy story")] == ["d", "t"]
    assert [m.item_id for m in index.find("my kids love toy story")] == ["t"]
    assert [m.item_id for m in index.find("Date Night was fun")] == ["d"]  # written like a title


def test_a_day_said_as_a_date_and_a_plea_for_help_name_no_film():
    """ "this Friday" is a date, "help??" a plea (the thirteenth set's replies took them for *Friday* and
    *The Help*); the films are still found where they are said as films."""
    index = TitleIndex([("f", "Friday", 5), ("h", "The Help", 5)])
    for text in ("Horror night with friends this Friday! ghosts please", "2 want comedy, 1 hates gore. help??"):
        assert index.find(text, fuzzy=True) == [], text
    assert [m.item_id for m in index.find("have you seen Friday? so funny", fuzzy=True)] == ["f"]
    assert [m.item_id for m in index.find("I loved The Help", fuzzy=True)] == ["h"]
    assert [m.item_id for m in index.find("loved the help", fuzzy=True)] == ["h"]


def test_a_title_found_once_is_found_again_in_lower_case_in_the_same_message():
    index = TitleIndex([("n", "Nightcrawler", 5), ("d", "Drive", 5), ("u", "Up", 9)])
    text = "seen nightcrawler and drive. loved drive, nightcrawler was too slow for me"
    assert [m.item_id for m in index.find(text, fuzzy=True)] == ["n", "d", "d", "n"]
    text = "loved Up, something to cheer me up"
    assert [m.item_id for m in index.find(text, fuzzy=True)] == ["u"]  # the second "up" is an everyday word


def test_a_kind_of_movie_after_an_article_is_no_title():
    """ "a superhero movie", "an epic movie" ask for a kind of film; "the bee movie" names one."""
    index = TitleIndex([("s", "Superhero Movie", 5), ("e", "Epic Movie", 4), ("b", "Bee Movie", 9)])
    for text in ("a superhero movie please", "an epic movie for tonight", "any superhero movie with heart"):
        assert index.find(text, fuzzy=True) == [], text
    assert [m.item_id for m in index.find("kids love the bee movie", fuzzy=True)] == ["b"]
    assert [m.item_id for m in index.find("Superhero Movie was dumb", fuzzy=True)] == ["s"]
    index = TitleIndex([("z", "Zathura: A Space Adventure", 5), ("c", "A Christmas Story", 7)])
    assert index.find("a space adventure please", fuzzy=True) == []  # its subtitle, said as a kind
    assert [m.item_id for m in index.find("we watched a christmas story", fuzzy=True)] == ["c"]  # its title


def test_ordinary_words_are_no_typos_of_a_title():
    """The catalog's own prose tells ordinary words: "if possible" is no *The Impossible* typed wrong."""
    entries = [("i", "The Impossible", 5), ("e", "An Education", 3), ("s", "Interstellar", 9)]
    assert TitleIndex(entries).find("under 2 hours if possible", fuzzy=True) != []  # without the prose: mistaken
    index = TitleIndex(entries, words="a possible escape, an educational trip".split())
    assert index.find("under 2 hours if possible", fuzzy=True) == []
    assert index.find("something educational", fuzzy=True) == []
    assert [m.item_id for m in index.find("loved interstelar", fuzzy=True)] == ["s"]


def test_closest_is_the_did_you_mean():
    assert FUZZY.closest("Interstelar") == ("i", "Interstellar")
    assert FUZZY.closest("Titanik") == ("t", "Titanic")
    assert FUZZY.closest("Alein") is None  # too short to tell
    assert FUZZY.closest("Zorblax Invaders") is None


def test_a_lower_case_title_counts_right_after_watching_or_liking_it():
    """ "seen inception" names the film (the issue's case: Inception was then recommended to someone
    who had seen it); "show me something", "loved murder mysteries", "I like stuff like that" do not."""
    index = TitleIndex(
        [("i", "Inception", 9), ("s", "Show Me", 1), ("m", "Murder", 1), ("t", "The Stuff", 1), ("j", "Jaws", 5)]
    )
    for text, ids in [
        ("seen inception already", ["i"]),
        ("i loved jaws", ["j"]),
        ("watched inception and jaws last week", ["i", "j"]),  # a list of what was watched
        ("inception and jaws i've seen", ["i", "j"]),  # or a list before "seen"
        ("inception already seen", ["i"]),
        ("my jaws watched it", []),  # a plain word before "watched" is who watched
        ("good jaws, there is a chance i have watched it", []),
        ("ok show me something good", []),
        ("I love murder mysteries", []),
        ("loved murder mysteries", []),
        ("I like stuff like that", []),
        ("what is inception about?", ["i"]),  # asked about: "is jaws any good?", "whats inception about"
        ("is jaws any good? my friend says its trash", ["j"]),
        ("the jaws of life are stuck", []),
        ("Show Me is great", ["s"]),  # written like a title, it is one
    ]:
        assert [m.item_id for m in index.find(text)] == ids, text


SERIES = TitleIndex(
    [
        ("f", "The Lord of the Rings: The Fellowship of the Ring", 9, 2001),
        ("t", "The Lord of the Rings: The Two Towers", 8, 2002),
        ("r", "The Lord of the Rings: The Return of the King", 8, 2003),
        ("p1", "Harry Potter and the Philosopher's Stone", 7, 2001),
        ("p2", "Harry Potter and the Chamber of Secrets", 6, 2002),
        ("s1", "Toy Story", 9, 1995),
        ("s2", "Toy Story 2", 8, 1999),
        ("h1", "Heat", 9, 1995),
        ("h2", "The Heat", 5, 2013),
    ]
)


def test_a_series_named_as_a_whole_or_by_place_is_its_films():
    """ "lord of the rings, all of them" is the three films; "the first harry potter" the first;
    a series named plainly, or one film of it, stays as written; two films alike only in an article
    ("Heat", "The Heat") make no series."""

    def titles(text):
        return [m.title for m in SERIES.find(text, fuzzy=True)]

    lotr = [
        "The Lord of the Rings: The Fellowship of the Ring",
        "The Lord of the Rings: The Two Towers",
        "The Lord of the Rings: The Return of the King",
    ]
    assert titles("lord of the rings i've seen, all of them") == lotr
    assert titles("seen all the lord of the rings films") == lotr
    assert titles("i loved the first harry potter") == ["Harry Potter and the Philosopher's Stone"]
    assert titles("I love the Toy Story movies") == ["Toy Story", "Toy Story 2"]
    assert titles("I loved Toy Story") == ["Toy Story"]
    assert titles("I watched one of those Toy Story movies") == ["Toy Story"]
    chamber = "Harry Potter and the Chamber of Secrets"
    assert titles(f"I loved {chamber}, all of it") == [chamber]  # the series' name inside a title is no series
    assert titles("I saw Heat movies, all of them") == ["Heat"]


PARTS = TitleIndex(
    [
        ("dj", "Django Unchained", 50),
        ("td", "Tucker and Dale vs Evil", 20),
        ("av", "Avengers: Age of Ultron", 70),
        ("sp", "Saving Private Ryan", 60),
        ("sb", "Saving Mr. Banks", 30),
        ("up", "Up", 80),
        ("sh", "Shrek", 70),
        ("io", "Inside Out", 75),
        ("c1", "The Conjuring", 40),
        ("c2", "The Conjuring 2", 35),
        ("mb1", "Men in Black", 30),
        ("mb2", "Men in Black II", 25),
        ("mb3", "Men in Black 3", 20),
        ("dh", "Die Hard", 45),
        ("rs", "The Right Stuff", 25),
    ]
)


def _found(text):
    return [m.title for m in PARTS.find(text, fuzzy=True)]


def test_a_title_named_by_a_part_of_it_counts_where_a_film_is_said():
    assert _found("seen unforgiven, tombstone and django") == ["Django Unchained"]
    assert _found("seen zombieland and tucker and dale. boring") == ["Tucker and Dale vs Evil"]
    assert _found("she's seen age of ultron already") == ["Avengers: Age of Ultron"]
    # not said as a film, or the part starts two titles
    assert _found("my dog django is asleep") == []
    assert _found("loved saving, so much") == []
    assert _found("these are all pretty old, right?") == []  # a tag question names no *The Right Stuff*
    waves = TitleIndex([("w", "The Wave", 10)])
    assert waves.find("I'm studying the French New Wave, something from the 60s", fuzzy=True) == []  # a movement
    assert [m.title for m in waves.find("I loved The Wave", fuzzy=True)] == ["The Wave"]
    assert _found("seen the right stuff") == ["The Right Stuff"]


def test_a_title_that_is_an_everyday_word_counts_inside_a_list_of_titles():
    assert _found("seen shrek, up, inside out") == ["Shrek", "Up", "Inside Out"]
    assert _found("what i like: Up, Inside Out, Shrek") == ["Up", "Inside Out", "Shrek"]
    assert _found("loved shrek, inside out and up") == ["Shrek", "Inside Out", "Up"]
    assert _found("loved shrek and inside out, it was fun") == ["Shrek", "Inside Out"]  # "it": no title
    assert _found("I loved Shrek, then up to bed") == ["Shrek"]  # one title makes no list


def test_a_title_of_no_everyday_word_beside_a_title_found_counts_as_its_pair():
    rows = [("b", "Blade Runner", 9), ("g", "Gattaca", 5), ("h", "Heat", 6)]
    index = TitleIndex(rows, frequent={"heat"})  # a word the catalog's prose uses often
    assert [m.title for m in index.find("blade runner and gattaca are my favs", fuzzy=True)] == [
        "Blade Runner",
        "Gattaca",
    ]
    assert [m.title for m in index.find("blade runner and heat are my favs", fuzzy=True)] == [
        "Blade Runner"
    ]  # an everyday word


def test_one_title_found_vouches_for_a_list_of_three_whose_items_are_all_titles():
    index = TitleIndex(
        [("g", "The Godfather", 9), ("f", "GoodFellas", 8), ("c", "Casino", 7), ("h", "Heat", 6)]
        + [("y", "Yes", 1), ("l", "Love", 1), ("ct", "Crouching Tiger, Hidden Dragon", 5), ("hd", "The Hidden", 1)]
    )

    def found(text):
        return [m.item_id for m in index.find(text, fuzzy=True)]

    assert found("my favourites are the godfather, goodfellas and casino. what should i watch next") == ["g", "f", "c"]
    assert found("the godfather, goodfellas and casino are my favourites") == ["g", "f", "c"]
    # an item that is no title, or a clause around the title found, makes no list
    assert found("something like the godfather, funny and short") == ["g"]
    assert found("Yes, I liked the godfather and I thought Casino was good") == ["g", "c"]
    assert found("I love, love, love The Godfather") == ["g"]
    assert found("seen Crouching Tiger, Hidden Dragon and the godfather") == ["ct", "g"]  # one title, a comma in it


def test_a_decade_in_words_is_no_typo_of_a_title():
    index = TitleIndex([("d", "The Dirties", 5)])
    assert index.find("old pictures from the fifties and sixties", fuzzy=True) == []
    assert [m.item_id for m in index.find("seen the dirtes", fuzzy=True)] == ["d"]  # a real typo still counts


def test_seen_before_the_sentence_ends_and_a_the_typed_backwards():
    index = TitleIndex(
        [("i", "Inception", 9), ("m", "Memento", 8), ("d", "The Departed", 7), ("b", "Back to the Future", 6)]
    )

    def index_of(text):
        return [m.item_id for m in index.find(text, fuzzy=True)]

    assert index_of("inception and memento seen. donnie darko too") == ["i", "m"]
    assert index_of("memento seen, obviously") == ["m"]  # the fifteenth set's: a comma ends it too
    assert index_of("fine. inception ive seen, loved it") == ["i"]  # "ive" without its apostrophe
    assert index_of("seen hte departed") == ["d"]
    assert index_of("seen back to teh future") == ["b"]
    assert index.find("seen hte departed") == []  # the LLM's text is checked as written


def test_a_sequel_named_by_the_words_after_its_first_films_title():
    index = TitleIndex(
        [("m", "The Matrix", 9), ("r", "The Matrix Reloaded", 7), ("v", "The Matrix Revolutions", 6)]
        + [("i", "The Impossible", 5)],
        words=["if", "possible"],
    )

    def found(text):
        return [m.item_id for m in index.find(text, fuzzy=True)]

    assert found("the matrix is a masterpiece but reloaded and revolutions were meh") == ["m", "r", "v"]
    assert found("reloaded was meh") == []  # the first film unnamed: no series to follow
    assert found("the matrix, and the theme reloaded my brain") == ["m"]  # not an item of its own
    assert found("the matrix if possible") == ["m"]  # the catalog's prose words still are no typos


def test_a_favourite_said_in_lower_case_and_an_everyday_phrase():
    index = TitleIndex([("c", "Casablanca", 9), ("v", "Valentine's Day", 5), ("j", "Jaws", 8)])

    def found(text):
        return [m.item_id for m in index.find(text, fuzzy=True)]

    assert found("mine is casablanca. i watch it every valentine's day") == ["c"]
    assert found("my favourite movie is jaws") == ["j"]
    assert found("we loved valentine's day") == ["v"]
    assert found("jaws is already one of my faves") == ["j"]
    assert found("do you have casablanca") == ["c"]  # asked for by name


def test_the_numbered_sequels_after_a_title_are_named_too():
    assert _found("seen the conjuring 1 and 2") == ["The Conjuring", "The Conjuring 2"]
    # a space alone after the 1; a sequel numbered in Roman figures in the catalog
    assert _found("seen men in black 1 2 and 3 lol") == ["Men in Black", "Men in Black II", "Men in Black 3"]
    assert _found("die hard's a given") == ["Die Hard"]


def test_a_whole_series_said_in_other_words_and_a_title_watched_somewhere():
    index = TitleIndex(
        [("h1", "Harry Potter and the Philosopher's Stone", 9), ("h2", "Harry Potter and the Chamber of Secrets", 8)]
        + [("a1", "Alien", 7), ("a2", "Alien: Resurrection", 6), ("g", "Gravity", 5)]
    )
    found = [m.item_id for m in index.find("seen all the harry potters", fuzzy=True)]
    assert found == ["h1", "h2"]
    assert [m.item_id for m in index.find("we did the whole harry potter marathon", fuzzy=True)] == ["h1", "h2"]
    assert index.find("no aliens", fuzzy=True) == []  # a plural alone names no series
    assert [m.item_id for m in index.find("watched gravity on the plane, it was ok", fuzzy=True)] == ["g"]


def test_the_and_an_everyday_word_names_a_film_in_lower_case_only_where_a_film_is_said():
    index = TitleIndex([("e", "The Edge", 5), ("m", "The Matrix", 9)], frequent={"edge"})
    assert index.find("keep me on the edge of my seat", fuzzy=True) == []
    assert [m.item_id for m in index.find("loved the edge, great film", fuzzy=True)] == ["e"]
    assert [m.item_id for m in index.find("something like the matrix", fuzzy=True)] == ["m"]


def test_a_title_is_found_without_its_articles():
    """People drop the articles of a long title: "fast and furious", "silence of lambs"."""
    index = TitleIndex(
        [("f", "The Fast and the Furious", 5), ("s", "The Silence of the Lambs", 8), ("t", "The Thing", 3)]
    )
    assert [m.item_id for m in index.find("loved fast and furious")] == ["f"]
    assert [m.item_id for m in index.find("Fast & Furious was great")] == ["f"]
    assert [m.item_id for m in index.find("silence of lambs scared me")] == ["s"]
    assert index.find("any thing scary") == []  # one word left: no alias


def test_a_part_that_starts_as_a_sentence_does_names_no_film():
    """ "i think i've seen the second" names no *I Think I Love My Wife*; "seen my big fat greek" may."""
    index = TitleIndex([("t", "I Think I Love My Wife", 5), ("g", "My Big Fat Greek Wedding", 6)])
    assert index.find("i think i've seen the second", fuzzy=True) == []
    assert index.find("we bought it, seen my cousin's", fuzzy=True) == []


def test_a_typo_early_in_a_long_title_is_found():
    """The words tried around a misspelt word reach the end of a five-word title."""
    index = TitleIndex([("s", "The Silence of the Lambs", 8), ("b", "Back to the Future", 9)])
    assert [m.item_id for m in index.find("i liked the silense of the lambs", fuzzy=True)] == ["s"]
    assert [m.item_id for m in index.find("i enjoyed back to the futur", fuzzy=True)] == ["b"]


def test_a_number_after_a_title_names_its_sequel():
    """ "the godfather 2" is *The Godfather: Part II*, "saw 2" *Saw II*; "2 times" is no sequel."""
    index = TitleIndex(
        [("g", "The Godfather", 9), ("g2", "The Godfather: Part II", 8), ("s", "Saw", 7), ("s2", "Saw II", 5)]
    )
    assert [m.item_id for m in index.find("loved the godfather 2", fuzzy=True)] == ["g2"]
    assert [m.item_id for m in index.find("the godfather part 2 is better", fuzzy=True)] == ["g2"]
    assert [m.item_id for m in index.find("loved Saw 2", fuzzy=True)] == ["s2"]
    assert [m.item_id for m in index.find("I watched The Godfather 2 times", fuzzy=True)] == ["g"]


def test_a_typo_beside_a_word_only_titles_use_is_found():
    """ "forest gump": both words are in the prose (the overview names its film), but "gump" is one
    the prose seldom uses, so the span around it may misspell a title that has it; "the weather"
    (a title word too) is still no *The Watcher*, nor "be lovely" *De-Lovely*."""
    entries = [("f", "Forrest Gump", 9), ("w", "The Watcher", 3), ("d", "De-Lovely", 2), ("s", "Stormy Weather", 1)]
    prose = ("a forest walk. 'Forrest Gump' is the story. the weather in paris would be lovely " * 10).split()
    index = TitleIndex(entries, words=prose, frequent={"forest", "walk", "the", "weather", "lovely", "paris"})
    assert [m.item_id for m in index.find("I watched forest gump last week", fuzzy=True)] == ["f"]
    for text in ["what's the weather in paris tomorrow", "a little romance would be lovely"]:
        assert index.find(text, fuzzy=True) == [], text


def test_a_one_word_title_misspelt_in_lower_case_counts_where_a_film_is_said():
    index = TitleIndex([("t", "Titanic", 9)])
    assert [m.item_id for m in index.find("loved titantic", fuzzy=True)] == ["t"]
    assert index.find("the titantic sank", fuzzy=True) == []  # no film said: a short word may be any word


def test_a_true_story_is_a_kind_of_film_not_the_title():
    index = TitleIndex([("a", "A True Story", 1), ("s", "Slow Burn", 1)])
    assert index.find("something based on a true story", fuzzy=True) == []
    assert index.find("I like a slow burn", fuzzy=True) == []
    assert [m.item_id for m in index.find("I loved A True Story", fuzzy=True)] == ["a"]


def test_the_chat_finds_a_film_by_the_catalog_s_original_title():
    from flexrec.services import title_index
    from retrieval.catalog import Item

    titles, _ = title_index([Item(id="g", title="City of God", original_title="Cidade de Deus", genres=["Crime"])])
    assert [m.title for m in titles.find("adorei Cidade de Deus")] == ["City of God"]


def test_the_film_a_request_is_like_counts_in_lower_case_unless_the_prose_uses_its_word():
    """ "give me something like se7en" names the film it is like (so it is not recommended back);
    "more like moon" may ask for a kind, since the catalog's prose uses the word often."""
    index = TitleIndex([("s", "Se7en", 8), ("i", "Inception", 9), ("m", "Moon", 5)], frequent={"moon"})

    def found(text):
        return [m.item_id for m in index.find(text, fuzzy=True)]

    assert found("give me something like se7en") == ["s"]
    assert found("something that makes you think, like inception") == ["i"]
    assert found("more like inception but shorter") == ["i"]
    assert found("more like moon pls") == []
    assert found("i like inception stuff") == []  # "like" a verb, and the clause goes on


def test_titles_run_together_after_a_verb_of_watching_are_each_found():
    index = TitleIndex(
        [("s", "Superbad", 5), ("b", "Step Brothers", 4), ("h", "The Hangover", 6), ("u", "Up", 7), ("t", "Titanic", 8)]
    )

    def found(text):
        return [m.item_id for m in index.find(text, fuzzy=True)]

    assert found("seen superbad step brothers the hangover") == ["s", "b", "h"]
    assert found("we watched superbad n step brothers twice") == ["s", "b"]
    assert found("seen superbad") == ["s"]  # one title alone: as before
    assert found("seen it and loved it") == []


def test_a_number_written_inside_a_title_word_is_found_as_people_say_it():
    index = TitleIndex([("s", "Se7en", 9), ("t", "Thir13en Ghosts", 5), ("e", "8MM", 4), ("x", "X2", 7)])
    assert index.lookup("seven") == ("s", "Se7en") and index.lookup("Se7en") == ("s", "Se7en")
    assert index.lookup("thirteen ghosts") == ("t", "Thir13en Ghosts")
    assert index.lookup("eight mm") is None and index.lookup("x two") is None  # digits that are no letters
    assert [m.title for m in index.find("loved Seven, something like it")] == ["Se7en"]
    assert index.find("my son is seven, something for him") == []  # the number, said as a number
    index = TitleIndex([("o", "Ocean's Eleven", 9), ("m", "The Magnificent Seven", 5), ("d", "One Day", 3)])
    assert index.lookup("oceans 11") == ("o", "Ocean's Eleven") and index.lookup("magnificent 7")[0] == "m"
    assert [m.title for m in index.find("seen oceans 11 and liked it")] == ["Ocean's Eleven"]
    assert index.find("we only have 1 day left") == []


def test_a_series_is_the_titles_that_name_it_in_order_of_year():
    entries = [("1", "Toy Story", 9, 1995), ("3", "Toy Story 3", 8, 2010), ("2", "Toy Story 2", 7, 1999)]
    index = TitleIndex([*entries, ("h", "Heat", 5, 1995)])
    assert [t for _, _, t in index.series_of("3", "Toy Story 3")] == ["Toy Story", "Toy Story 2", "Toy Story 3"]
    assert index.series_of("h", "Heat") == []
