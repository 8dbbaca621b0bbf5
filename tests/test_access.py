"""The one rule of who may use a session (web/access.py), without a server: the kinds of session,
their proofs, and one answer for unknown and forbidden."""

import pytest

from bot.conversation import new_session_id
from flexrec.errors import InputError, UnknownSession
from web.access import ANONYMOUS, Access, Proof
from web.visitor import Visitors

VISITORS = Visitors(b"access test key" * 3)
ISSUED = new_session_id()
ACCESS = Access(VISITORS, known=lambda session_id: session_id == ISSUED)


def test_new_anonymous_sessions_are_long_random_and_of_their_own_shape():
    ids = {new_session_id() for _ in range(1000)}
    assert len(ids) == 1000 and all(ANONYMOUS.fullmatch(i) for i in ids)


def test_an_issued_anonymous_id_is_its_own_proof_and_a_made_up_one_is_unknown():
    assert ACCESS.check(ISSUED, Proof()) == ISSUED
    with pytest.raises(UnknownSession):
        ACCESS.check("s_" + "A" * 43, Proof())  # well formed, never issued


def test_a_site_user_needs_the_signature_of_that_very_id():
    sig = VISITORS.sign_user("dana")
    assert ACCESS.check("u_dana", Proof(sig=sig)) == "u_dana"
    for proof in (Proof(), Proof(sig="0" * 32), Proof(sig=VISITORS.sign_user("eve")), Proof(sig="é\ud83c")):
        with pytest.raises(UnknownSession):
            ACCESS.check("u_dana", proof)


def test_a_browsers_session_needs_its_cookie():
    token = VISITORS.new_token()
    session = ACCESS.browser(Proof(cookie=token))
    assert session and session.startswith("v_") and ACCESS.check(session, Proof(cookie=token)) == session
    for proof in (Proof(), Proof(cookie=VISITORS.new_token()), Proof(cookie=token.split(".")[0] + ".x")):
        with pytest.raises(UnknownSession):
            ACCESS.check(session, proof)


def test_unknown_and_forbidden_say_exactly_the_same():
    answers = set()
    for claimed in ("u_dana", "v_" + "0" * 32, "s_" + "B" * 43, "legacy0123456789"):
        with pytest.raises(UnknownSession) as refused:
            ACCESS.check(claimed, Proof())
        answers.add(str(refused.value))
    assert len(answers) == 1


@pytest.mark.parametrize("claimed", ["", "sec_nl\n", "a b", "../etc", "x" * 101, 7, None])
def test_a_malformed_id_is_told_so(claimed):
    with pytest.raises(InputError) as refused:
        ACCESS.check(claimed, Proof())
    assert not isinstance(refused.value, UnknownSession)


def test_a_profile_request_names_its_session_by_header_then_site_user_then_cookie():
    token, sig = VISITORS.new_token(), VISITORS.sign_user("dana")
    assert ACCESS.named(ISSUED, None, Proof(cookie=token)) == ISSUED
    assert ACCESS.named(None, "dana", Proof(cookie=token, sig=sig)) == "u_dana"
    assert ACCESS.named(None, None, Proof(cookie=token)) == ACCESS.browser(Proof(cookie=token))
    with pytest.raises(UnknownSession):
        ACCESS.named(None, None, Proof())
