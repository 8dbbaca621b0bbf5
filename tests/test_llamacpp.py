"""The llama.cpp backend with a small real GGUF (SmolLM2-135M): text, stream, prefill, schema JSON."""

import json

import pytest

from bot import prompts
from bot.llm_llamacpp import LlamaCppChatModel
from bot.profile import UserProfile
from bot.profiler import ProfileUpdater
from bot.reading import Reader
from bot.translator import Translator
from flexrec.errors import ModelError
from retrieval.titles import TitleIndex
from tests.test_llm import smollm2_gguf

MESSAGES = [{"role": "system", "content": "You are brief."}, {"role": "user", "content": "Name a colour."}]


@pytest.fixture(scope="module")
def model():
    return LlamaCppChatModel(str(smollm2_gguf()), name="smollm2-gguf", context=1024)


def test_stream_joins_to_the_generated_text(model):
    text = model.generate(MESSAGES, 16)
    pieces = list(model.stream(MESSAGES, 16))
    assert text.strip() and len(pieces) > 1 and "".join(pieces) == text
    assert "<|im_" not in text  # the chat template's stop token ends the answer


def test_a_final_assistant_message_is_continued(model):
    tokens, stop, start = model.prompt_tokens(MESSAGES + [{"role": "assistant", "content": "My favourite colour is"}])
    prompt = model.llama.detokenize(tokens, special=True).decode()
    assert prompt.endswith("<|im_start|>assistant\nMy favourite colour is") and stop
    assert model.llama.detokenize(tokens[start:]).decode() == "My favourite colour is"  # where the answer starts
    assert model.prompt_tokens(MESSAGES)[0] == model.prompt_tokens(MESSAGES)[0]  # deterministic rendering


def test_schema_output_always_parses_and_matches(model):
    schema = prompts.schema("profile_update")
    messages = prompts.render("profile_update", prefill=False, message="I loved Heat but I hated Titanic", context="")
    data = json.loads(model.generate(messages, 96, schema=schema))
    assert "opinions" in data and set(data) <= set(schema["properties"])
    assert all(o in ("liked", "disliked", "unknown") for o in data["opinions"].values())
    assert all(isinstance(t, str) for key in ("genres", "exclude_genres") for t in data.get(key, []))
    assert all(isinstance(data.get(key, 0), int) for key in ("year_min", "year_max"))


def test_the_guide_writes_what_llama_cpps_own_grammar_sampler_writes(model):
    """GrammarGuide checks only the model's top token; greedy, that must equal filtering them all.
    Both run from an empty context: KV reused from another call can differ in the last bits,
    enough to flip a near tie in a 135M model."""
    from llama_cpp import LlamaGrammar

    from bot.llm_llamacpp import GrammarGuide, _gbnf

    gbnf = _gbnf(json.dumps(prompts.schema("profile_update")))
    llama = model.llama

    def complete(tokens, stop, **how):
        llama.reset()
        return llama.create_completion(tokens, max_tokens=96, temperature=0.0, stop=stop, **how)["choices"][0]["text"]

    for message in ("I loved Heat but I hated Titanic", "something from the 80s, no horror", "hello"):
        messages = prompts.render("profile_update", prefill=False, message=message, context="")
        tokens, stop, _ = model.prompt_tokens(messages)
        own = complete(tokens, stop, grammar=LlamaGrammar.from_string(gbnf))
        guided = complete(tokens, stop, logits_processor=[GrammarGuide(llama, gbnf, [])])
        assert guided == own and "opinions" in json.loads(guided)


def test_a_prefill_and_a_schema_go_together(model):
    schema = {"type": "object", "properties": {"colour": {"enum": ["red", "green"]}}, "required": ["colour"]}
    answer = MESSAGES + [{"role": "assistant", "content": '{"colour":'}]
    assert json.loads('{"colour":' + model.generate(answer, 16, schema=schema))["colour"] in ("red", "green")
    wrong = MESSAGES + [{"role": "assistant", "content": '{"shade":'}]
    with pytest.raises(ModelError, match="does not match its JSON schema"):
        model.generate(wrong, 16, schema=schema)  # refused before llama.cpp could abort on it
    assert model.generate(MESSAGES, 4)  # and the model still works afterwards


def test_the_profiler_takes_the_constrained_path_after_its_prefill(model):
    titles = TitleIndex([("m1", "Heat", 50), ("m2", "Titanic", 80)])
    updater = ProfileUpdater(model, titles, ["Drama"])
    update = updater.update(UserProfile(), Reader(titles).read("I loved Heat but I hated Titanic"))
    assert updater.stats["constrained"] == 1 and updater.stats["json_strict"] == 1
    assert update.profile.liked == ["Heat"] and update.profile.disliked == ["Titanic"]  # rules alone get this


def test_the_model_reads_only_messages_it_can_add_to(model):
    """A request naming no title and saying nothing of the cards is the rules' alone (its cards come a
    model call sooner); an opinion of a card is still the model's to read as well."""
    titles = TitleIndex([("m1", "Heat", 50), ("m2", "Titanic", 80)])
    reader, updater = Reader(titles), ProfileUpdater(model, titles, ["Drama"])
    update = updater.update(UserProfile(), reader.read("something older, from the eighties", ["Heat", "Titanic"]))
    assert updater.stats["llm_not_asked"] == 1 and updater.stats["constrained"] == 0
    assert update.source == "rules" and update.profile.constraints.year_max == 1989
    updater.update(UserProfile(), reader.read("loved the first one", ["Heat", "Titanic"]))
    assert updater.stats["llm_not_asked"] == 1 and updater.stats["constrained"] == 1


def test_a_prompt_longer_than_the_context_is_a_clear_error(model):
    huge = [{"role": "user", "content": "tell me about movies " * 400}]
    with pytest.raises(ModelError, match="does not fit the model's context"):
        model.generate(huge, 16)
    assert model.generate(MESSAGES, 4)  # and the model still works afterwards


def profile_prompt(message):
    return prompts.render("profile_update", prefill=False, message=message, context="")


def test_a_warmed_up_start_survives_other_prompts_and_resumes_to_the_same_answer():
    import llama_cpp

    model = LlamaCppChatModel(str(smollm2_gguf()), name="smollm2-gguf", context=1024, slots=1)
    turn, _, _ = model.prompt_tokens(profile_prompt("I loved Heat"))
    fresh = model.generate(profile_prompt("I loved Heat"), 8)  # from scratch: nothing warmed up yet
    ProfileUpdater(model, TitleIndex([("m1", "Heat", 50)]), ["Drama"]).warm_up()
    model.generate(MESSAGES, 4)  # another prompt takes the only slot's KV
    assert model.slots[0].n_tokens < 0.5 * len(turn)
    assert model.reusable(turn) > 0.8 * len(turn)  # the saved start, up to the person's message
    (state,) = [state for _, state in model.starts]
    assert state.scores.shape == (1, model.llama.n_vocab())  # one row of logits, not one per token
    llama_cpp.llama_perf_context_reset(model.slots[0].ctx)
    assert model.generate(profile_prompt("I loved Heat"), 8) == fresh  # resumed: the same greedy answer
    assert llama_cpp.llama_perf_context(model.slots[0].ctx).n_p_eval < 0.2 * len(turn)  # only the rest computed


def test_the_translation_prompts_start_is_saved_at_warm_up_so_a_translation_computes_only_the_message():
    import llama_cpp

    model = LlamaCppChatModel(str(smollm2_gguf()), name="smollm2-gguf", context=2048, slots=1)
    prompt = prompts.render("translate", message="Zombie filmy nesnáším, máš něco bez zombíků?")
    turn, _, _ = model.prompt_tokens(prompt)
    Translator(model).warm_up()
    model.generate(MESSAGES, 4)  # another prompt takes the only slot's KV
    assert model.reusable(turn) > 0.8 * len(turn)  # the instructions and examples, saved
    llama_cpp.llama_perf_context_reset(model.slots[0].ctx)
    model.generate(prompt, 8)
    assert llama_cpp.llama_perf_context(model.slots[0].ctx).n_p_eval < 0.2 * len(turn)  # only the message


def test_a_call_saves_no_state(model):
    before = list(model.starts)
    model.generate(MESSAGES, 4)
    assert model.starts == before and model.llama.cache is None  # only warm-up saves a start


def test_the_profile_and_reply_prompts_each_keep_their_kv_slot(model):
    model.generate(profile_prompt("I loved Heat"), 4)
    model.generate(MESSAGES, 4)  # a reply prompt in between, as in every turn
    turn, _, _ = model.prompt_tokens(profile_prompt("I hated Titanic"))
    slot = model.slot_for(turn)
    assert slot.longest_token_prefix(slot.input_ids.tolist(), turn) > 0.8 * len(turn)  # its KV is still there
    reply, _, _ = model.prompt_tokens(MESSAGES)
    assert model.slot_for(reply) is not slot


@pytest.mark.parametrize("listed", [1, 3])
def test_the_reply_prompt_lists_the_top_hits_and_the_reply_still_names_three(model, listed):
    from bot.writer import Writer
    from retrieval.catalog import Item
    from retrieval.retriever import Hit

    class Recording:  # the real model, noting the prompt it was given
        name, supports_prefill, supports_schema = model.name, True, True

        def stream(self, messages, max_new_tokens):
            self.messages = messages
            yield from model.stream(messages, max_new_tokens)

    names = ["Alien", "Heat", "Titanic", "Brazil"]
    hits = [
        Hit(str(i), 1 - i / 10, Item(id=str(i), title=t, year=1980 + i, genres=["Drama"]), "")
        for i, t in enumerate(names)
    ]
    llm = Recording()
    writer = Writer(llm, TitleIndex([(h.id, h.item.title, 1) for h in hits]), prompt_items=listed)
    reply = "".join(writer.stream(UserProfile(), "hi", hits))
    asked = llm.messages[-2]["content"]
    assert [t for t in names if f"- {t} (" in asked] == names[:listed]
    assert all(t in reply for t in names[:3])  # what the model left out, "Also worth a look" names


def test_the_starter_profile_is_schema_bound_to_the_catalog_genres(model):
    from bot.starter import Starter

    genres = ["Animation", "Comedy", "Family", "Horror", "Science Fiction"]
    titles = TitleIndex([("m1", "Alien", 50)])
    profile = Starter(model, ProfileUpdater(model, titles, genres), Reader(titles)).propose("I'm 12 and love space")
    c = profile.constraints
    assert set(c.genres + c.exclude_genres) <= set(genres)  # the enum holds even for a 135M model
    assert len(profile.topics) <= 4 and all(len(t) <= 40 for t in profile.topics)
