"""What a speaker said: the clause after "said that", or the quotation the speaker tag belongs to."""

from __future__ import annotations

from spacy.tokens import Token

from extract.events.document import DocumentText

# how far a quotation may end before its speaker tag, or start after it ('," the President said')
_SPEAKER_TAG = 60


def quote_of(verb: Token, text: DocumentText) -> str | None:
    """The clause after "said that", else the quotation its speaker tag is attached to
    ('"... NATO," the President said', 'He said: "..."')."""
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i > verb.i:
            words = [t for t in child.subtree if not (t.dep_ == "mark" and t.head.i == child.i)]
            found = verb.doc[words[0].i : words[-1].i + 1].text.strip(" ,") if words else ""
            if len(found) > 1 and found[0] in '"\u201c' and found[-1] in '"\u201d':
                found = found[1:-1]
            return found or None
    spans = text.quotations()
    sentence = text.sentence(verb)  # the quotation ends or starts in the speaker's sentence
    before = [
        (s, e) for s, e in spans if sentence.start_char <= e <= verb.idx and verb.idx - e <= _SPEAKER_TAG
    ]
    after = [(s, e) for s, e in spans if verb.idx <= s < sentence.end_char and s - verb.idx <= _SPEAKER_TAG]
    if not before and not after:
        return None
    start, end = before[-1] if before else after[0]
    found = text.text[start + 1 : end].strip(" ,")
    return found if len(found.split()) >= 2 else None
