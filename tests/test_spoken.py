"""Text for a voice: what a screen reply may carry that a TTS voice should not say."""

from bot.spoken import speakable, spoken_title
from bot.writer import fallback_reply
from tests.test_writer import HITS


def test_titles_are_said_the_way_people_say_them():
    assert spoken_title("Matrix, The (1999)") == "The Matrix"
    assert spoken_title("Alien") == "Alien"
    assert spoken_title("Good, the Bad and the Ugly") == "Good, the Bad and the Ugly"  # not an inverted article


def test_markup_lists_years_links_and_emoji_are_not_read_aloud():
    text = "**Great picks!**\n- Alien (1979) is scary 😱\n2. Matrix, The (1999) & more: https://example.org/x"
    said = speakable(text, titles=["Matrix, The"])
    assert said == "Great picks! Alien is scary. The Matrix and more:"


def test_only_known_titles_are_reordered():
    assert speakable("In Paris, The city sleeps.") == "In Paris, The city sleeps."


def test_the_plain_fallback_has_a_spoken_form():
    assert fallback_reply(HITS, voice=True) == "You might enjoy Alien and Blade Runner."
