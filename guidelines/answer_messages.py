"""The sentences the answer validator shows annotators, in English and Simplified Chinese.

Every sentence names the question by its label in the annotator's language, because the
annotator never sees question ids.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "unknown_question": {
        "en": "There is no question '{qid}' in this rubric.",
        "zh": "评分标准中没有问题“{qid}”。",
    },
    "required": {"en": "“{label}” needs an answer.", "zh": "“{label}”必须作答。"},
    "required_response": {
        "en": "“{label}” needs an answer for response {rid}.",
        "zh": "“{label}”需要对回复 {rid} 作答。",
    },
    "required_if": {
        "en": "“{label}” needs an answer here ({why}).",
        "zh": "“{label}”在此情况下必须作答（{why}）。",
    },
    "rule": {"en": "“{label}”: {why}", "zh": "“{label}”：{why}"},
    "per_response_shape": {
        "en": "“{label}” takes one answer per response, as {{response id: answer}}.",
        "zh": "“{label}”需要按回复分别作答，格式为 {{回复 id: 答案}}。",
    },
    "unknown_response": {
        "en": "“{label}” refers to response '{rid}', which this item does not have.",
        "zh": "“{label}”提到了回复“{rid}”，但此条目没有该回复。",
    },
    "pair_needs_two": {
        "en": "“{label}” compares two responses, but this item has {n}.",
        "zh": "“{label}”用于比较两个回复，但此条目有 {n} 个回复。",
    },
    "out_of_scale": {
        "en": "“{label}”: {value} is not on the scale ({points}).",
        "zh": "“{label}”：{value} 不在量表上（{points}）。",
    },
    "unknown_option": {
        "en": "“{label}”: '{value}' is not one of its options ({options}).",
        "zh": "“{label}”：“{value}”不是可选项（{options}）。",
    },
    "duplicate_option": {
        "en": "“{label}”: '{value}' is chosen twice.",
        "zh": "“{label}”：“{value}”被选了两次。",
    },
    "flags_shape": {
        "en": "“{label}” takes a list of option ids.",
        "zh": "“{label}”需要一个选项 id 列表。",
    },
    "choice_shape": {"en": "“{label}” takes one option id.", "zh": "“{label}”需要一个选项 id。"},
    "text_shape": {"en": "“{label}” takes text.", "zh": "“{label}”需要文本。"},
    "too_short": {
        "en": "“{label}” needs at least {n} characters (has {m}).",
        "zh": "“{label}”至少需要 {n} 个字符（现有 {m} 个）。",
    },
    "too_long": {
        "en": "“{label}” allows at most {n} characters (has {m}).",
        "zh": "“{label}”最多允许 {n} 个字符（现有 {m} 个）。",
    },
    "pairwise_shape": {
        "en": '“{label}” takes {{"winner": …, "strength": …}}.',
        "zh": '“{label}”的答案格式为 {{"winner": …, "strength": …}}。',
    },
    "bad_winner": {
        "en": "“{label}”: '{value}' is neither a response of this item nor an allowed outcome.",
        "zh": "“{label}”：“{value}”既不是此条目的回复，也不是允许的结果。",
    },
    "tie_not_allowed": {
        "en": "“{label}” does not allow a tie.",
        "zh": "“{label}”不允许平局。",
    },
    "both_bad_not_allowed": {
        "en": "“{label}” does not allow “both are bad”.",
        "zh": "“{label}”不允许选择“两个都不好”。",
    },
    "strength_missing": {
        "en": "“{label}”: say how much better ({points}).",
        "zh": "“{label}”：请说明好多少（{points}）。",
    },
    "strength_unexpected": {
        "en": "“{label}”: a tie or “both are bad” has no strength.",
        "zh": "“{label}”：平局或“两个都不好”不需要程度。",
    },
    "bad_strength": {
        "en": "“{label}”: '{value}' is not a strength on its scale ({points}).",
        "zh": "“{label}”：“{value}”不是量表上的程度（{points}）。",
    },
    "ranking_shape": {
        "en": "“{label}” takes a list of groups of response ids, best first.",
        "zh": "“{label}”需要一个由回复 id 分组组成的列表，最好的在前。",
    },
    "ranking_incomplete": {
        "en": "“{label}” must place every response; missing: {ids}.",
        "zh": "“{label}”必须为每个回复排序；缺少：{ids}。",
    },
    "ranking_duplicate": {
        "en": "“{label}” places response {rid} more than once.",
        "zh": "“{label}”把回复 {rid} 排了不止一次。",
    },
    "ranking_tie": {
        "en": "“{label}” does not allow ties, but {ids} share a place.",
        "zh": "“{label}”不允许并列，但 {ids} 排在同一位置。",
    },
    "ranking_candidate_missing": {
        "en": "“{label}” must also place the rewrite (“{rewrite}”), which is marked to be ranked.",
        "zh": "“{label}”还必须为改写（“{rewrite}”）排序，因为它已被标记为参与排序。",
    },
    "ranking_candidate_unexpected": {
        "en": "“{label}” places the rewrite (“{rewrite}”), but it is not marked to be ranked.",
        "zh": "“{label}”为改写（“{rewrite}”）排了序，但它没有被标记为参与排序。",
    },
    "rewrite_shape": {
        "en": '“{label}” takes {{"source": response id, "text": …}}, optionally "candidate": true.',
        "zh": '“{label}”的答案格式为 {{"source": 回复 id, "text": …}}，可另加 "candidate": true。',
    },
    "not_a_mapping": {
        "en": "The answers must be a table keyed by question id.",
        "zh": "答案必须是以问题 id 为键的表。",
    },
}


def message(key: str, lang: str, **params: object) -> str:
    table = MESSAGES[key]
    template = table.get(lang) or table.get(lang.split("-")[0]) or table["en"]
    return template.format(**params)
