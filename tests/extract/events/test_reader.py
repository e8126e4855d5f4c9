"""Events read from sentences through the real pipeline: type, mode, roles, date, readings, evidence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pytest

from extract.events.lexicon import load_lexicon
from extract.pipeline import Extractor
from graph.records import Document, Extraction

PLOVER = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "STATEMENT",
}  # fmt: skip


@dataclass
class Reading:
    """One event node as a test sees it: names (labels and aliases, lower case) per role."""

    event_type: str
    mode: str | None
    date: str | None
    attrs: dict
    quote: str | None
    roles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def has(self, role: str, name: str | None) -> bool:
        if name is None:
            return not self.roles[role]
        return name.lower() in self.roles[role]


def extract(extractor: Extractor, text: str, published: str | None = "2022-03-09") -> Extraction:
    return extractor.extract(Document(id="test-doc", text=text, published=published))


def readings(result: Extraction) -> list[Reading]:
    names = {e.id: {n.lower() for n in (e.label, *e.aliases)} for e in result.entities}
    out = {}
    for event in result.events:
        out[event.id] = Reading(event.event_type, event.mode, event.date, event.attrs, event.quote)
    for edge in result.edges:
        if edge.source in out:
            out[edge.source].roles[edge.relation] |= names[edge.target]
        if edge.target in out:
            out[edge.target].roles[edge.relation] |= names[edge.source]
    return list(out.values())


# published 2022-03-09, a Wednesday
EVENTS = [
    # text, type, actor, recipient, location, date, mode
    ("German Chancellor Olaf Scholz visited Warsaw on Monday.",
     "CONSULT", "Olaf Scholz", "Warsaw", "Warsaw", "2022-03-07", "visit"),
    ("Biden met Macron in Rome.", "CONSULT", "Biden", "Macron", "Rome", "2022-03-09", None),
    ("Biden called Putin on Thursday.", "CONSULT", "Biden", "Putin", None, "2022-03-03", "phone"),
    ("Biden called on Putin to end the war.", "REQUEST", "Biden", "Putin", None, "2022-03-09", None),
    ("Turkey will host talks between Russia and Ukraine in Istanbul next week.",
     "CONSULT", "Turkey", None, "Istanbul", "2022-03", None),
    ("The European Union imposed sanctions on Belarus on Tuesday.",
     "SANCTION", "European Union", "Belarus", None, "2022-03-08", None),
    ("Hungary rejected the proposal on Friday.", "REJECT", "Hungary", None, None, "2022-03-04", None),
    ("Emmanuel Macron urged Putin to withdraw his troops.",
     "REQUEST", "Emmanuel Macron", "Putin", None, "2022-03-09", None),
    ("China condemned the United States for its arms sales to Taiwan.",
     "ACCUSE", "China", "United States", None, "2022-03-09", "disapprove"),
    ("Japan sent medical supplies to Ukraine.", "AID", "Japan", "Ukraine", None, "2022-03-09", None),
    ("The United States has sent Javelin missiles to Ukraine.",
     "AID", "United States", "Ukraine", None, None, None),
    ("Russia annexed Crimea in 2014.", "COERCE", "Russia", "Crimea", None, "2014", "seize"),
    ("NATO deployed 4,000 troops to Estonia in February.",
     "MOBILIZE", "NATO", None, "Estonia", "2022-02", "troops"),
    ("Azerbaijan shelled Stepanakert on Sunday.",
     "ASSAULT", "Azerbaijan", "Stepanakert", None, "2022-03-06", "heavy-weapons"),
    ("Poland expelled 45 Russian diplomats last month.",
     "SANCTION", "Poland", None, None, "2022-02", "expel"),
    ("Emmanuel Macron will visit Beijing on April 5-7.",
     "CONSULT", "Emmanuel Macron", "Beijing", "Beijing", "2022-04-05", "visit"),
    ("In Brussels, Stoltenberg said the alliance would not send troops.",
     "STATEMENT", "Stoltenberg", None, "Brussels", "2022-03-09", None),
    ("Germany has stopped gas purchases from Russia, Scholz said in a statement on March 1.",
     "STATEMENT", "Scholz", None, None, "2022-03-01", None),
    ("Nigeria and Ghana signed a trade agreement in Accra on Tuesday.",
     "AGREE", "Nigeria", None, "Accra", "2022-03-08", None),
    ("The Kremlin has dismissed Western concerns.", "REJECT", "Kremlin", None, None, None, None),
    ("Biden and Xi held a video call on Friday.", "CONSULT", "Xi", None, None, "2022-03-04", "phone"),
    ("Spain sent tanks to Latvia.", "AID", "Spain", "Latvia", None, "2022-03-09", None),
    ("Britain pledged to support Ukraine after the invasion, Johnson told parliament.",
     "SUPPORT", "Britain", "Ukraine", None, None, None),
    ("Poland joined ministers from the European Union in condemning Belarus on Monday.",
     "ACCUSE", "European Union", "Belarus", None, "2022-03-07", "disapprove"),
    ("Held for three years, Moazzam Begg was accused of terrorism by the United States.",
     "ACCUSE", "United States", "Moazzam Begg", None, "2022-03-09", "allege"),
    ("Dr Fox accused Mr Blair of telling lies.", "ACCUSE", "Fox", "Blair", None, "2022-03-09", "allege"),
    ("Biden has renewed calls for Ukraine to join NATO.", "REQUEST", "Biden", "NATO", None, None, None),
    ("Poland called for Germany to send tanks.", "REQUEST", "Poland", "Germany", None, "2022-03-09", None),
    ("Blinken demanded that Russia end its aggressive actions.",
     "REQUEST", "Blinken", "Russia", None, "2022-03-09", None),
    ("The United States called on Belarus to withdraw its troops.",
     "RETREAT", "Belarus", None, None, None, "withdraw"),
    ("Zelensky appealed to NATO to close the skies.",
     "REQUEST", "Zelensky", "NATO", None, "2022-03-09", None),
    ("Blinken went to Kyiv to meet Zelensky.", "CONSULT", "Blinken", "Zelensky", None, "2022-03-09", None),
    ("The visit of Chinese President Xi Jinping to Moscow ended on Wednesday.",
     "CONSULT", "Xi Jinping", "Moscow", "Moscow", "2022-03-09", "visit"),
    ("Russia launched air strikes on Kharkiv.", "ASSAULT", "Russia", "Kharkiv", None, "2022-03-09", "aerial"),
    ("Russia has built up forces near the border.", "MOBILIZE", "Russia", None, None, None, "troops"),
    ("In Rome, Italy condemned Belarus's behavior in Lithuania.",
     "ACCUSE", "Italy", "Belarus", "Rome", "2022-03-09", "disapprove"),
    ("Russia amassed troops near the border and in Crimea.",
     "MOBILIZE", "Russia", None, "Crimea", "2022-03-09", "troops"),
    ("Talks between Russia and Ukraine ended on Friday in Istanbul.",
     "CONSULT", "Ukraine", None, "Istanbul", "2022-03-04", None),
    ("Yury Ushakov briefed reporters on the telephone conversation between President of Russia "
     "Vladimir Putin and President of the United States Joseph Biden.",
     "CONSULT", "Joseph Biden", None, None, None, "phone"),
    ("Olaf Scholz spoke at a joint press conference with Emmanuel Macron in Paris on Monday.",
     "CONSULT", "Olaf Scholz", "Emmanuel Macron", "Paris", "2022-03-07", None),
    ("Blinken told a joint news conference with Zelensky on Thursday that the threat remained.",
     "CONSULT", "Blinken", "Zelensky", None, "2022-03-03", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "event_type", "actor", "recipient", "location", "date", "mode"), EVENTS)
def test_event_table(
    extractor: Extractor,
    text: str,
    event_type: str,
    actor: str,
    recipient: str | None,
    location: str | None,
    date: str | None,
    mode: str | None,
) -> None:
    found = [
        r for r in readings(extract(extractor, text)) if r.event_type == event_type and r.has("actor", actor)
    ]
    assert len(found) == 1, readings(extract(extractor, text))
    event = found[0]
    if recipient is not None:
        assert event.has("recipient", recipient), event
    if location is not None:
        assert event.has("location", location), event
    assert (event.date, event.mode) == (date, mode)


READINGS = [
    # text, type, attribute that must be true, attributes that must be false
    ("Scholz will visit Warsaw on Monday.", "CONSULT", "future", ("negated", "hypothetical")),
    ("Biden hopes to visit Poland.", "CONSULT", "hypothetical", ("negated",)),
    ("Russia did not withdraw its troops from Belarus.", "RETREAT", "negated", ("future",)),
    ("Russia has yet to withdraw its troops from Belarus.", "RETREAT", "negated", ("future",)),
    (
        "If Moscow invades Ukraine, Washington would impose sanctions.",
        "SANCTION",
        "hypothetical",
        ("negated",),
    ),
    ("Russia annexed Crimea in 2014.", "COERCE", "historical", ("future", "negated")),
]


@pytest.mark.parametrize(("text", "event_type", "true", "false"), READINGS)
def test_auxiliary_readings(
    extractor: Extractor, text: str, event_type: str, true: str, false: tuple
) -> None:
    (event,) = [r for r in readings(extract(extractor, text)) if r.event_type == event_type]
    assert event.attrs.get(true) is True
    assert not any(event.attrs.get(name) for name in false)


@pytest.mark.parametrize(
    "text",
    [
        "The weather was nice in Paris.",
        "He said it was fine.",  # no one the document names
        "Officials said the talks would continue.",
        "Russia-backed separatists control parts of the region.",
        "Support The Moscow Times!",
        "Begg and Abbasi were held for three years, accused of al-Qaeda links.",  # accused by no one named
    ],
)
def test_no_event_without_a_named_party(extractor: Extractor, text: str) -> None:
    assert extract(extractor, text).events == []


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Chirac said Europe needed to reinforce its own unity.", {"STATEMENT"}),
        ("Labour attacked Mr Howard's speech.", {"ACCUSE"}),
        ("Michael Howard will attack the Lib Dems for wanting to abolish faith schools.", {"ACCUSE"}),
        ("Vladimir Putin attacked Ukraine.", {"ASSAULT"}),
        ("Kasabian built up a cult following throughout 2004.", set()),
        ("Sky took over the station for a week.", set()),
        ("Milan Baros shot wildly at the other end.", set()),
        ("Steven Gerrard scored a late strike for Liverpool.", set()),
        ("Russian forces attacked Kharkiv.", {"ASSAULT"}),
        ("Labour strikes a deal with the unions.", {"AGREE"}),
    ],
)
def test_figurative_uses_are_not_force(extractor: Extractor, text: str, types: set[str]) -> None:
    assert {e.event_type for e in extract(extractor, text).events} <= types


def test_background_in_the_perfect_has_no_date_but_news_takes_the_published_day(extractor: Extractor) -> None:
    result = extract(
        extractor, "Canada has imposed sanctions on Belarus. Trudeau said the measures were needed."
    )
    dates = {r.event_type: r.date for r in readings(result)}
    assert dates == {"SANCTION": None, "STATEMENT": "2022-03-09"}


def test_same_event_told_twice_is_one_node(extractor: Extractor) -> None:
    text = (
        "Scholz will visit Warsaw next week. "
        "Officials said Scholz's trip to Warsaw on March 14 would focus on energy."
    )
    visits = [r for r in readings(extract(extractor, text)) if r.event_type == "CONSULT"]
    assert len(visits) == 1
    assert visits[0].date == "2022-03-14"  # the exact day beats "next week"


def test_different_requests_by_one_speaker_stay_apart(extractor: Extractor) -> None:
    text = "Emmanuel Macron urged Putin to end the siege. Macron also called for talks on grain exports."
    requests = [r for r in readings(extract(extractor, text)) if r.event_type == "REQUEST"]
    assert len(requests) == 2


def test_a_visit_places_what_the_visitor_does_that_day(extractor: Extractor) -> None:
    text = (
        "Emmanuel Macron arrived in Warsaw on Monday for a two-day visit. "
        "On Monday, Macron urged Poland to stay united with its allies."
    )
    (request,) = [r for r in readings(extract(extractor, text)) if r.event_type == "REQUEST"]
    assert request.has("location", "Warsaw")


@pytest.mark.parametrize(
    "text",
    [
        "BRUSSELS, March 9 (Reuters) - Jens Stoltenberg said on Wednesday NATO would not send troops.",
        "No troops\n\nBRUSSELS \u2014 Jens Stoltenberg said the alliance would not send troops.",
    ],
)
def test_todays_news_happens_at_the_dateline(extractor: Extractor, text: str) -> None:
    (statement,) = [r for r in readings(extract(extractor, text)) if r.event_type == "STATEMENT"]
    assert statement.has("actor", "Jens Stoltenberg")
    assert statement.has("location", "Brussels")


def test_statement_keeps_the_quote(extractor: Extractor) -> None:
    result = extract(extractor, '"We will not back down," Scholz told reporters in Berlin.')
    (statement,) = [r for r in readings(result) if r.event_type == "STATEMENT"]
    assert statement.quote == "We will not back down"
    assert statement.has("location", "Berlin")


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ('Biden said: "We are ready to respond."', "We are ready to respond"),
        ('Scholz said that Germany would send "more weapons".', 'Germany would send "more weapons"'),
        (  # a quotation nested in the quotation, and one running over two sentences
            'The talks went badly. "Russia is \u201cpaving\u201d our way to NATO. '
            'It has no choice," Zelensky said.',
            "Russia is \u201cpaving\u201d our way to NATO. It has no choice",
        ),
        ('Officials spoke of "red lines" at length. Zelensky told the press of the meeting.', None),
    ],
)
def test_statement_quote_is_the_quotation_its_speaker_tag_belongs_to(
    extractor: Extractor, text: str, quote: str | None
) -> None:
    quotes = [r.quote for r in readings(extract(extractor, text)) if r.event_type == "STATEMENT"]
    assert quotes == [quote]


def test_evidence_points_into_the_document(extractor: Extractor) -> None:
    text = "Headline about the summit\n\nSpain sent tanks to Latvia on Monday. Italy condemned Belarus."
    result = extract(extractor, text)
    known = {e.id for e in result.entities} | {e.id for e in result.events}
    assert {e.event_type for e in result.events} == {"AID", "ACCUSE"}
    for event in result.events:
        (evidence,) = event.evidence
        assert evidence.doc_id == "test-doc"
        assert text[evidence.start : evidence.end] == evidence.sentence == event.sentence
        assert "Headline" not in evidence.sentence
    for edge in result.edges:
        assert edge.source in known and edge.target in known
        assert edge.relation in ("actor", "recipient", "location")
        assert edge.evidence and all(e.doc_id == "test-doc" for e in edge.evidence)


def test_event_ids_are_stable_per_document(extractor: Extractor) -> None:
    text = "Spain sent tanks to Latvia. Italy condemned Belarus."
    first = [e.id for e in extract(extractor, text).events]
    assert (
        first == [e.id for e in extract(extractor, text).events] == ["event:test-doc:0", "event:test-doc:1"]
    )


def test_trigger_tables_are_consistent() -> None:
    lexicon = load_lexicon()
    assert {rule.event_type for rules in lexicon.triggers.values() for rule in rules} == PLOVER
    trigger_words = {lemma for _, lemma in lexicon.triggers}
    assert {t for t, _ in lexicon.roles} <= PLOVER | {"*"} | trigger_words
    assert {t for t, _ in lexicon.modes} <= PLOVER
    # inflected and irregular forms reach their lemma
    assert lexicon.forms["verb"]["met"] == "meet"
    assert lexicon.forms["verb"]["seized"] == "seize"
    assert lexicon.forms["noun"]["sanctions"] == "sanction"
