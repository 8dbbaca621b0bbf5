"""Who may reach which session: one rule, applied by every route that names a session (the JSON
API, its event stream, voice, the Gradio UI, gradio_client's endpoints, the profile download).

A session's id says what proves it is yours:

- `s_` + 43 random characters (256 bits): an anonymous session this server issued. The id is the
  credential, a bearer secret like a session cookie's value: it travels in a request body or the
  `X-FlexRec-Session` header, never in a URL, and no page shows it.
- `v_` + the visitor id of a browser's signed `flexrec_visitor` cookie: reachable only by a request
  that carries that cookie.
- `u_` + ID: a user of a site that embeds FlexRec; reachable only with that site's signature of ID
  (`X-FlexRec-Signature` header or `sig` parameter) on every call.

Anything else, and any of these without its proof, is answered exactly like an unknown session
(`UnknownSession`, a 404 with one fixed message): nobody can learn which sessions exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.profile_store import check_session_id
from flexrec.errors import InputError, UnknownSession
from web.visitor import Visitors

ANONYMOUS = re.compile(r"s_[A-Za-z0-9_-]{43}")  # what bot.conversation.new_session_id makes
SESSION_HEADER = "x-flexrec-session"
SIGNATURE_HEADER = "x-flexrec-signature"


@dataclass(frozen=True)
class Proof:
    """What a request carries besides the session id: the visitor cookie's value and a site's
    signature of its user id."""

    cookie: str | None = None
    sig: str | None = None


class Access:
    def __init__(self, visitors: Visitors, known: Callable[[str], bool]):
        """`known(session_id)`: whether the store holds that session; an anonymous id is only
        valid once this server has issued it (its first turn saved it)."""
        self.visitors, self.known = visitors, known

    def browser(self, proof: Proof) -> str | None:
        """The session of the browser whose signed cookie this is, else None."""
        visitor = self.visitors.verify(proof.cookie)
        return f"v_{visitor}" if visitor else None

    def site_user(self, user_id: str | None, sig: str | None) -> str | None:
        """The session of a site's user, if the site's signature of the id is valid."""
        return self.visitors.verify_user(user_id, sig)

    def check(self, claimed, proof: Proof) -> str:
        """`claimed` if this request proves it may use it. A malformed id is an InputError (422);
        an id without its proof is an UnknownSession, the same answer as a session never made."""
        if not isinstance(claimed, str):
            raise InputError("session_id must be text")
        if not claimed:
            raise InputError("session_id is empty: send null to start a new session")
        check_session_id(claimed)  # the shape is no secret: a malformed id is told so (422)
        if claimed.startswith("u_"):
            if self.site_user(claimed[2:], proof.sig) == claimed:
                return claimed
        elif claimed.startswith("v_"):
            if self.browser(proof) == claimed:
                return claimed
        elif ANONYMOUS.fullmatch(claimed) and self.known(claimed):
            return claimed
        raise UnknownSession()

    def named(self, claimed: str | None, user: str | None, proof: Proof) -> str:
        """The session a profile request means: the one named (header), else the site user passed
        as `user` with its `sig`, else the browser's own (cookie)."""
        if claimed is not None:
            return self.check(claimed, proof)
        if user is not None:
            return self.check(f"u_{user}", proof)
        session_id = self.browser(proof)
        if session_id is None:
            raise UnknownSession()
        return session_id
