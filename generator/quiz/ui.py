"""The quiz's own furniture words ("Name", "Answer key", "True" ...), as translatable texts.

They are part of every quiz (`Quiz.labels`), with contexts `<topic>/quiz/ui/<key>`, so they
are extracted and translated with the quiz in the topic's domain and printed through the
same Localizer as every other text. No label has a placeholder or a digit; where a label
and a value meet (answer key rows), the layout puts them in separate cells instead of
joining words, so no language is forced into English word order or punctuation.
"""

from __future__ import annotations

from generator.content.model import Text

# key -> (English, layout limit in characters or None)
LABELS: dict[str, tuple[str, int | None]] = {
    "name": ("Name", 20),
    "date": ("Date", 20),
    "version": ("Version", 20),
    "answer_key": ("Answer key", 40),
    "tick_one": ("Tick one box.", 60),
    "tick_all": ("Tick every box that is right. There may be more than one.", 110),
    "tick_true_false": ("Tick true or false.", 60),
    "match": ("Write the letter of the best match in each box. One letter is not used.", 120),
    "match_all_used": ("Write the letter of the best match in each box.", 110),
    "true": ("True", 20),
    "false": ("False", 20),
    "answer": ("Answer", 25),
    "why": ("Why", 25),
    "where": ("In the leaflet", 30),
    "page": ("Leaflet page", 25),
    "correct": ("Correct.", 40),
    "not_correct": ("Not quite.", 40),
    "notes": ("Notes", 20),
    "form": ("Form", 20),
    "form_check": ("Use this key only with a quiz that shows the same form:", 80),
    "answer_grid": ("Answer grid", 40),
    "question": ("Question", 20),
}


def label_texts(topic: str) -> dict[str, Text]:
    return {key: Text(source=english, context=f"{topic}/quiz/ui/{key}", kind="quiz-label",
                      line=0, max_chars=limit)
            for key, (english, limit) in LABELS.items()}
