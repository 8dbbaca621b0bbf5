"""Messages in a language the rules do not read go to the model for English first: which ones
(py3langid, for real), what is kept of the model's answer, and a turn that reads the translation
while the history keeps the person's words. The default model's translations: test_default_model.py."""

import copy

import pytest

from bot.models import use_translation
from bot.translator import Translator, translation, unread
from flexrec.settings import Settings


@pytest.mark.parametrize(
    "message",
    [
        "Ahoj, chtěl bych nějaký dobrý horor, ale ne moc dlouhý",  # Czech
        "Γεια σου! Θέλω μια ταινία κινουμένων σχεδίων",  # Greek
        "Mình xem Oldboy rồi, hay lắm",  # Vietnamese
        "Etsin jotain dokumenttielokuvaa katsottavaksi tänä iltana",  # Finnish
        "Díky, čau",  # Czech thanks, which the rules alone take for a request
        "Спасибо, пока!",  # too short for the identifier to be sure, but the rules read no Cyrillic
        "Am văzut deja The Silence of the Lambs și Se7en",  # Romanian, with an English title
        "Мы уже смотрели Шрэка, что-нибудь ещё для детей?",  # Russian
        "ホラーは嫌いです。面白い映画はありますか",  # Japanese
    ],
)
def test_languages_the_rules_do_not_read_are_translated(message):
    assert unread(message)


@pytest.mark.parametrize(
    "message",
    [
        "I loved Alien but hated Titanic",
        "is Elf ok for a 5 year old?",  # short English, which an unrestricted identifier calls Nigerian Pidgin
        "Does the dog die in My Dog Skip?",
        "Salut ! Je cherche un film français pour ce soir avec des potes",  # the rules read French …
        "Hola, soy abuela y me encantan las películas románticas antiguas",  # … Spanish
        "Hallo! Ich suche Science-Fiction ab 2010, aber bitte nicht länger als 150 Minuten.",  # … German
        "lol ok bye",  # too little to tell
        "seen it",  # called Finnish, but half its words are English function words
    ],
)
def test_english_and_the_languages_the_rules_read_are_left_as_written(message):
    assert not unread(message)


def test_only_the_translation_is_kept_of_what_the_model_says():
    said = "Έχουμε δει ήδη το Frozen"
    assert translation('Translation: "We have already seen Frozen."\nI hope this helps!', said) == (
        "We have already seen Frozen."
    )
    assert translation("  «No horror, please.»  ", said) == "No horror, please."
    assert translation("English: Thanks a lot!", said) == "Thanks a lot!"
    assert translation("I can't stand horror films.", said) == "I can't stand horror films."


@pytest.mark.parametrize("answer", ["You're welcome!", "I'm sorry, but I can't assist with that.", "", "Díky"])
def test_an_answer_instead_of_a_translation_is_no_translation(answer):
    assert translation(answer, "Díky") is None


class Counting:
    """The real model, with its calls counted."""

    def __init__(self, llm, fail: bool = False):
        self.llm, self.fail, self.calls = llm, fail, 0

    def generate(self, messages, max_new_tokens, schema=None):
        self.calls += 1
        if self.fail:
            raise RuntimeError("the model server went away")
        return self.llm.generate(messages, max_new_tokens)


def test_a_failing_model_leaves_the_message_as_written():
    model = Counting(None, fail=True)
    assert Translator(model).english("Zombie filmy nesnáším, máš něco bez zombíků?") is None and model.calls == 1


def test_a_message_longer_than_a_translation_can_hold_is_read_as_written():
    model = Counting(None, fail=True)
    long = " ".join(["Zombie filmy nesnáším, máš něco bez zombíků?"] * 20)  # 900 characters
    assert unread(long) and Translator(model, max_new_tokens=160).english(long) is None and model.calls == 0


@pytest.mark.slow
def test_the_model_is_asked_only_for_what_the_rules_cannot_read(llm):
    model = Counting(llm)
    translator = Translator(model, max_new_tokens=32)
    assert translator.english("No horror please, something from the 90s") is None and model.calls == 0
    english = translator.english("Zombie filmy nesnáším, máš něco bez zombíků?")
    assert model.calls == 1 and english and english != "Zombie filmy nesnáším, máš něco bez zombíků?"


@pytest.mark.slow
def test_a_turn_reads_the_translation_and_keeps_the_words_as_written(recommender, llm):
    translating = copy.copy(recommender)
    translating.translator = Translator(llm, max_new_tokens=32)
    # what SmolLM2 translates at all (asked to translate titles, it apologises, which is read as written)
    message = "Zombie filmy nesnáším, máš něco bez zombíků?"
    turn = translating.chat(None, message)
    assert turn.read_as and turn.read_as != message and turn.as_dict()["read_as"] == turn.read_as
    assert translating.profiles.history(turn.session_id)[0]["content"] == message
    assert recommender.chat(None, message).read_as is None  # the fast tier does not translate


def test_translation_is_on_by_model_unless_set():
    assert use_translation(Settings(llm="qwen2.5-coder-1.5b")) and not use_translation(Settings(llm="smollm2-135m"))
    assert use_translation(Settings(llm="smollm2-135m", translate=True))
    assert not use_translation(Settings(llm="qwen2.5-coder-1.5b", translate=False))
    assert use_translation(Settings(llm="/models/llama-3-8b-instruct.gguf"))  # a configured model: a capable one
