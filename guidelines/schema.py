"""Every key a pack file may hold: the single source for the parser and for the docs.

The readers refuse keys that are not listed here (with a "did you mean" hint), and
``reference_markdown`` renders this table into docs/guideline-pack.md, where a test checks
that the document and the code still agree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeySpec:
    """One key: its TOML type as a reader would describe it, whether it must be present."""

    name: str
    type: str
    required: bool
    doc: str
    default: object = None


@dataclass(frozen=True)
class TableSpec:
    """The keys allowed in one kind of table."""

    file: str
    table: str
    doc: str
    keys: tuple[KeySpec, ...]

    def key(self, name: str) -> KeySpec:
        for spec in self.keys:
            if spec.name == name:
                return spec
        raise KeyError(f"{self.table} in {self.file} has no key {name!r}")

    def names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.keys)

    def extended(self, table: str, doc: str, *keys: KeySpec) -> TableSpec:
        return TableSpec(self.file, table, doc, self.keys + keys)


def _k(
    name: str, type_: str, doc: str, *, required: bool = False, default: object = None
) -> KeySpec:
    return KeySpec(name, type_, required, doc, default)


TEXT = "text"  # a table {language = "…"} with one entry per pack language

MANIFEST = TableSpec(
    "pack.toml",
    "(top level)",
    "Identity of the pack version.",
    (
        _k("format", "integer", "Pack format version; this app reads format 1.", required=True),
        _k("id", "string", "Pack id: lower-case letters, digits, `.`, `_`, `-`.", required=True),
        _k(
            "version", "string", "Semantic version `MAJOR.MINOR.PATCH` of this pack.", required=True
        ),
        _k("title", TEXT, "Title shown to annotators.", required=True),
        _k("description", TEXT, "One-paragraph summary."),
        _k(
            "languages",
            "array of strings",
            "Language codes; the first is the default.",
            required=True,
        ),
        _k(
            "min_app_version",
            "string",
            "Oldest Prefdesk version that can use the pack.",
            required=True,
        ),
        _k("project", "string", "Id of the project the pack belongs to.", required=True),
        _k(
            "pages",
            "array of strings",
            "Page names in reading order (`pages/<lang>/<name>.md`).",
            required=True,
        ),
    ),
)

OPTION = TableSpec(
    "rubric.toml",
    "[[questions.options]] and [[questions.strength]]",
    "A named option of a flags or choice question, or a point of a pairwise strength scale.",
    (
        _k("id", "string", "Option id, stored in answers.", required=True),
        _k("label", TEXT, "What the annotator sees.", required=True),
        _k("help", TEXT, "Markdown definition shown at decision time."),
    ),
)

POINT = TableSpec(
    "rubric.toml",
    "[[questions.points]]",
    "One labelled point of a rating scale.",
    (
        _k("value", "integer", "The integer stored in answers.", required=True),
        _k("label", TEXT, "What the point means.", required=True),
        _k("help", TEXT, "Markdown definition of the point."),
    ),
)

QUESTION = TableSpec(
    "rubric.toml",
    "[[questions]]",
    "Keys every question has.",
    (
        _k("id", "string", "Question id, the key of its answer.", required=True),
        _k("kind", "string", "One of the question kinds below.", required=True),
        _k("label", TEXT, "The question as the annotator reads it.", required=True),
        _k("help", TEXT, "Markdown help text."),
        _k(
            "applies",
            "string",
            "`item`, `response` or `pair`; each kind allows some.",
            default="per kind",
        ),
        _k("required", "boolean", "An answer is needed before submitting.", default=False),
    ),
)

QUESTION_KINDS: dict[str, TableSpec] = {
    "pairwise": QUESTION.extended(
        '[[questions]] kind = "pairwise"',
        "Which of two responses is better (applies to `pair`).",
        _k("strength", "array of tables", "Strength scale, strongest first; none = plain A/B."),
        _k("allow_tie", "boolean", "Offer a tie.", default=False),
        _k("allow_both_bad", "boolean", "Offer “both are bad”.", default=False),
    ),
    "ranking": QUESTION.extended(
        '[[questions]] kind = "ranking"',
        "Order all responses, best first (applies to `item`).",
        _k("allow_ties", "boolean", "Several responses may share a place.", default=False),
    ),
    "rating": QUESTION.extended(
        '[[questions]] kind = "rating"',
        "An integer on a labelled scale (applies to `response` or `item`).",
        _k("dimension", "string", "The named dimension rated, e.g. `helpfulness`.", required=True),
        _k("points", "array of tables", "At least two points with distinct values.", required=True),
    ),
    "flags": QUESTION.extended(
        '[[questions]] kind = "flags"',
        "Any number of options (applies to `response` or `item`).",
        _k("options", "array of tables", "At least one option.", required=True),
    ),
    "choice": QUESTION.extended(
        '[[questions]] kind = "choice"',
        "Exactly one option (applies to `item`, `response` or `pair`).",
        _k("options", "array of tables", "At least two options.", required=True),
        _k(
            "skip_reason",
            "boolean",
            "Answering it skips the item: other required answers are waived.",
            default=False,
        ),
    ),
    "text": QUESTION.extended(
        '[[questions]] kind = "text"',
        "Free text such as a rationale (applies to `item`, `response` or `pair`).",
        _k("min_length", "integer", "Fewest characters after trimming.", default=0),
        _k("max_length", "integer", "Most characters."),
    ),
    "rewrite": QUESTION.extended(
        '[[questions]] kind = "rewrite"',
        "Edit one response into the ideal one (applies to `item`).",
        _k("min_length", "integer", "Fewest characters of the rewritten text.", default=1),
    ),
    "reply": QUESTION.extended(
        '[[questions]] kind = "reply"',
        "Write a new reply from scratch (applies to `item`).",
        _k("min_length", "integer", "Fewest characters of the reply.", default=1),
    ),
}

RUBRIC = TableSpec(
    "rubric.toml",
    "(top level)",
    "The questions and the rules between them.",
    (
        _k("questions", "array of tables", "The questions, in the order shown.", required=True),
        _k("rules", "array of tables", "Declarative rules checked by the one validator."),
    ),
)

RULE = TableSpec(
    "rubric.toml",
    "[[rules]]",
    "A `required_if` rule makes `question` required when `when` holds; a `forbid` rule "
    "reports a problem on `question` when `when` holds.",
    (
        _k("id", "string", "Rule id.", required=True),
        _k("kind", "string", "`required_if` or `forbid`.", required=True),
        _k(
            "question",
            "string",
            "The question made required, or the one the problem names.",
            required=True,
        ),
        _k("when", "condition", "The condition (see below).", required=True),
        _k("for_each_response", "boolean", "Check the rule once per response.", default=False),
        _k("message", TEXT, "Sentence shown when the rule fails; required for `forbid`."),
    ),
)

CONDITION = TableSpec(
    "rubric.toml",
    "when = { … } (condition)",
    "Either one test of one question (`question` plus exactly one test key) or one combinator.",
    (
        _k("question", "string", "The question tested."),
        _k("answered", "boolean", "The question is (or is not) answered."),
        _k("in", "array", "A choice option id or rating value is one of these."),
        _k("has", "string", "A flags answer includes this option."),
        _k(
            "winner_in",
            "array of strings",
            "Pairwise winner: `tie`, `both_bad`, `response`, `this`.",
        ),
        _k("strength_in", "array of strings", "Pairwise strength is one of these point ids."),
        _k(
            "rank_is",
            "integer",
            "This response's place in a ranking (1 = best; per response only).",
        ),
        _k("at_least", "integer", "A rating is at least this value."),
        _k("at_most", "integer", "A rating is at most this value."),
        _k("all", "array of conditions", "Every condition holds."),
        _k("any", "array of conditions", "At least one condition holds."),
        _k("not", "condition", "The condition does not hold."),
    ),
)

CHANGELOG = TableSpec(
    "changelog.toml",
    "(top level)",
    "The history of the pack.",
    (_k("entries", "array of tables", "One entry per published version.", required=True),),
)

CHANGELOG_ENTRY = TableSpec(
    "changelog.toml",
    "[[entries]]",
    "What one version changed, and what happens to work made under the version before.",
    (
        _k("version", "string", "The version this entry describes.", required=True),
        _k("date", "string", "Publication date, `YYYY-MM-DD`."),
        _k("kind", "string", "`editorial`, `clarification` or `semantic`.", required=True),
        _k("questions", "array of strings", "Ids of the questions the change touches.", default=[]),
        _k("summary", TEXT, "What changed, for annotators.", required=True),
        _k(
            "re_review",
            "string",
            "Judgments made earlier: `none`, `flag` or `send_back`.",
            default="none",
        ),
        _k("renamed_questions", "table", "Old question id → new id."),
        _k("renamed_options", "table", "New question id → { old option id = new id }."),
    ),
)

EXAMPLE = TableSpec(
    "examples/<name>.toml",
    "(top level)",
    "A worked example: an item, the reference judgment, and why.",
    (
        _k("title", TEXT, "Short name of the example.", required=True),
        _k("prompt", "array of tables", "The conversation so far.", required=True),
        _k("responses", "array of tables", "The responses judged.", required=True),
        _k("answers", "table", "The reference judgment, in the answers JSON shape.", required=True),
        _k("why", TEXT, "Markdown explanation of the reference judgment.", required=True),
    ),
)

EXAMPLE_TURN = TableSpec(
    "examples/<name>.toml",
    "[[prompt]]",
    "One turn of the conversation.",
    (
        _k("role", "string", "`system`, `user` or `assistant`.", required=True),
        _k("content", "string", "Markdown text of the turn.", required=True),
    ),
)

EXAMPLE_RESPONSE = TableSpec(
    "examples/<name>.toml",
    "[[responses]]",
    "One response.",
    (
        _k("id", "string", "Response id used in the answers.", required=True),
        _k("text", "string", "Markdown text of the response.", required=True),
    ),
)

SIGNATURE = TableSpec(
    "pack.sig",
    "(top level)",
    "The lead's signature; not part of the content hash.",
    (
        _k("format", "integer", "Signature format version (1).", required=True),
        _k("algorithm", "string", "`ed25519`.", required=True),
        _k("pack_id", "string", "Id of the signed pack.", required=True),
        _k("version", "string", "Version of the signed pack.", required=True),
        _k("sha256", "string", "Content hash of the signed pack.", required=True),
        _k("key_id", "string", "Fingerprint of the signing key.", required=True),
        _k("signature", "string", "Base64 Ed25519 signature.", required=True),
    ),
)

ALL_TABLES: tuple[TableSpec, ...] = (
    MANIFEST,
    RUBRIC,
    QUESTION,
    *QUESTION_KINDS.values(),
    OPTION,
    POINT,
    RULE,
    CONDITION,
    CHANGELOG,
    CHANGELOG_ENTRY,
    EXAMPLE,
    EXAMPLE_TURN,
    EXAMPLE_RESPONSE,
    SIGNATURE,
)


def reference_markdown() -> str:
    """The key reference as Markdown, exactly as it must appear in docs/guideline-pack.md."""
    out: list[str] = []
    for spec in ALL_TABLES:
        own = spec.keys
        if spec is not QUESTION and spec.table.startswith("[[questions]] kind"):
            own = spec.keys[len(QUESTION.keys) :]
        out.append(f"#### `{spec.file}` {spec.table}\n")
        out.append(spec.doc + "\n")
        out.append("| key | type | required | default | meaning |")
        out.append("|---|---|---|---|---|")
        for key in own:
            default = "" if key.default is None else f"`{_toml_literal(key.default)}`"
            if key.default == "per kind":
                default = "per kind"
            out.append(
                f"| `{key.name}` | {key.type} | {'yes' if key.required else 'no'} "
                f"| {default} | {key.doc} |"
            )
        out.append("")
    return "\n".join(out)


def _toml_literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_literal(v) for v in value) + "]"
    return str(value)
