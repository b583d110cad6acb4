"""Guideline packs: the rubric, versions, diffs and signatures that carry changing standards.

Qt-free and database-free: the app, the importer and the server all use this package.
"""

from guidelines.diff import PackDiff, diff_packs
from guidelines.errors import (
    MigrationError,
    PackError,
    PackFormatError,
    PackInvalidError,
    PackProblem,
    PackRefusedError,
)
from guidelines.keys import TrustedKey, load_trusted_keys
from guidelines.localtext import LocalText
from guidelines.migrate import MigrationResult, migrate_draft
from guidelines.pack import GuidelinePack, PackReport, check_pack, load_pack, pack_from_canonical
from guidelines.rubric import (
    ChoiceQuestion,
    FlagsQuestion,
    Option,
    PairwiseQuestion,
    Question,
    RankingQuestion,
    RatingQuestion,
    ReplyQuestion,
    RewriteQuestion,
    Rubric,
    ScalePoint,
    TextQuestion,
)
from guidelines.signing import (
    PackSignature,
    load_verified_pack,
    read_signature,
    sign_pack,
    verify_pack,
    write_signature,
)
from guidelines.validate_answers import AnswerProblem, validate_answers

__all__ = [
    "AnswerProblem",
    "ChoiceQuestion",
    "FlagsQuestion",
    "GuidelinePack",
    "LocalText",
    "MigrationError",
    "MigrationResult",
    "Option",
    "PackDiff",
    "PackError",
    "PackFormatError",
    "PackInvalidError",
    "PackProblem",
    "PackRefusedError",
    "PackReport",
    "PackSignature",
    "PairwiseQuestion",
    "Question",
    "RankingQuestion",
    "RatingQuestion",
    "ReplyQuestion",
    "RewriteQuestion",
    "Rubric",
    "ScalePoint",
    "TextQuestion",
    "TrustedKey",
    "check_pack",
    "diff_packs",
    "load_pack",
    "load_trusted_keys",
    "load_verified_pack",
    "migrate_draft",
    "pack_from_canonical",
    "read_signature",
    "sign_pack",
    "validate_answers",
    "verify_pack",
    "write_signature",
]
