"""Tests for the shipped bot-comment model and its training command."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import sklearn

from vetting import bots
from vetting.bots import (
    DEFAULT_MODEL_DIR,
    CommentVerdict,
    UntrustedModelError,
    classify,
    generic_scores,
    load_model,
    model_info,
    score_comments,
)

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

GERMAN_COLLAB = (
    "Hey Süße, dein Feed ist der Wahnsinn 😍 Wir möchten mit dir kooperieren, schreib uns eine DM bei @lumi.schmuck"
)
ENGLISH_CRYPTO = "I invested $2,000 and received $18,500 in one week!! Contact @mark_trades_fx on Telegram"
SPACED_FOLLOW = "f o l l o w  m e 🔄"
GERMAN_RECIPE_QUESTION = "Kann ich beim Linsencurry die Kokosmilch durch Hafersahne ersetzen oder wird es zu dünn?"
GENERIC_GERMAN = "Toll! 😍"


@pytest.fixture(scope="module")
def model() -> bots.BotModel:
    return load_model(DEFAULT_MODEL_DIR)


def test_shipped_artifact_loads_under_trust_check(model: bots.BotModel) -> None:
    pipeline = bots.load_pipeline(DEFAULT_MODEL_DIR / bots.MODEL_FILE)
    # Two binary heads: bot-like? and generic praise?
    assert [c.tolist() for c in pipeline.classes_] == [[0, 1], [0, 1]]
    assert 0.0 < model.threshold < 1.0
    assert load_model() is load_model(DEFAULT_MODEL_DIR)  # cached


def test_untrusted_type_is_refused(tmp_path: Path) -> None:
    import skops.io as sio
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    path = tmp_path / "model.skops"
    sio.dump(Pipeline([("scale", StandardScaler())]), path)
    with pytest.raises(UntrustedModelError, match="StandardScaler"):
        bots.load_pipeline(path)


def test_metadata_matches_installed_sklearn() -> None:
    metadata = json.loads((DEFAULT_MODEL_DIR / bots.METADATA_FILE).read_text(encoding="utf-8"))
    assert metadata["sklearn_version"] == sklearn.__version__, "scikit-learn changed: retrain the model"
    assert set(metadata["data_sha256"]) >= {"models/bot_comments/data/comments.csv"}
    assert metadata["threshold"] == pytest.approx(load_model().threshold)


def test_known_comments(model: bots.BotModel) -> None:
    texts = [GERMAN_COLLAB, ENGLISH_CRYPTO, SPACED_FOLLOW, GERMAN_RECIPE_QUESTION, GENERIC_GERMAN]
    verdicts = classify(texts, model=model)
    assert [v.label for v in verdicts] == ["bot_like", "bot_like", "bot_like", "genuine", "generic"]
    scores = score_comments(texts, model=model)
    assert scores.shape == (5,)
    assert scores[:3].min() >= model.threshold > scores[3:].max()
    generic = generic_scores(texts, model=model)
    assert generic[4] >= 0.5 > generic[3]


def test_obfuscation_never_lowers_the_score(model: bots.BotModel) -> None:
    # Look-alike letters are undone before scoring; that they were used is a cue of its own.
    plain, fancy = score_comments(["Follow me and I follow back", "𝐅𝐨𝐥𝐥𝐨𝐰 mе аnd I f.o.l.l.o.w bасk"], model=model)
    assert fancy >= plain - 1e-9 and plain >= model.threshold


def test_empty_input(model: bots.BotModel) -> None:
    assert score_comments([], model=model).shape == (0,)
    assert generic_scores([], model=model).shape == (0,)
    assert classify([], model=model) == []
    verdict = classify([""], model=model)[0]
    assert isinstance(verdict, CommentVerdict) and 0.0 <= verdict.bot_probability <= 1.0


def test_model_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(bots.MODEL_DIR_ENV, raising=False)
    assert bots.resolve_model_dir() == DEFAULT_MODEL_DIR
    monkeypatch.setenv(bots.MODEL_DIR_ENV, str(tmp_path))
    assert bots.resolve_model_dir() == tmp_path
    assert bots.resolve_model_dir("elsewhere") == Path("elsewhere")
    with pytest.raises(FileNotFoundError, match="model train"):
        load_model()


def test_model_info() -> None:
    info = model_info(DEFAULT_MODEL_DIR)
    assert info["model_version"] and info["model_file_bytes"] < 8_000_000
    assert len(info["model_file_sha256"]) == 64
    assert "own_multilingual_template_disjoint" in info["metrics"]


def _train_twice(tmp_path: Path, **kwargs: object) -> tuple[dict, dict, np.ndarray, np.ndarray]:
    from vetting.bots_training import train

    probe = [GERMAN_COLLAB, ENGLISH_CRYPTO, SPACED_FOLLOW, GERMAN_RECIPE_QUESTION, GENERIC_GERMAN]
    results = []
    for name in ("a", "b"):
        out = tmp_path / name
        metadata = train(out, **kwargs)
        results.append(
            (
                metadata,
                score_comments(
                    probe,
                    model=bots.BotModel(
                        pipeline=bots.load_pipeline(out / bots.MODEL_FILE),
                        threshold=metadata["threshold"],
                        metadata=metadata,
                        model_dir=out,
                    ),
                ),
            )
        )
    (meta_a, pred_a), (meta_b, pred_b) = results
    return meta_a, meta_b, pred_a, pred_b


def test_training_is_reproducible(tmp_path: Path) -> None:
    shared = SHARED_DATA if SHARED_DATA.is_dir() else tmp_path / "missing"
    meta_a, meta_b, pred_a, pred_b = _train_twice(tmp_path, shared_data_dir=shared, limit=60, run_evaluation=False)
    np.testing.assert_array_equal(pred_a, pred_b)
    assert meta_a["metrics"] == meta_b["metrics"]
    assert meta_a["threshold"] == meta_b["threshold"]
    assert meta_a["data_sha256"] == meta_b["data_sha256"]
    # own set + 5 YouTube files + ScamSpot + 2 janitr files + Indonesian gambling
    assert len(meta_a["data_sha256"]) == (10 if SHARED_DATA.is_dir() else 1)


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data not available")
def test_evaluation_protocols_on_a_subset() -> None:
    from vetting.bots_training import evaluate, load_rows

    rows, _, notes = load_rows(SHARED_DATA, limit=30)
    assert notes == []
    # 30 rows of one video may hold no generic praise; the "+ other sources" variant always does.
    protocols = ("tubespam_with_other_sources", "scamspot_grouped", "own_multilingual_template_disjoint")
    metrics = evaluate(rows, threshold=0.5, protocols=protocols)
    assert set(metrics) == set(protocols) | {"scamspot_grouped_seeds"}
    seeds = metrics["scamspot_grouped_seeds"]
    assert seeds["min_f1"] <= seeds["mean_f1"] <= seeds["max_f1"] and len(seeds["f1"]) == len(seeds["seeds"])
    assert len(metrics["tubespam_with_other_sources"]["per_video"]) == 5
    for result in (metrics["scamspot_grouped"], metrics["own_multilingual_template_disjoint"]):
        assert 0.0 <= result["f1"] <= 1.0 and -1.0 <= result["mcc"] <= 1.0


def test_training_without_shared_data_says_so(tmp_path: Path) -> None:
    from vetting.bots_training import train

    metadata = train(tmp_path / "m", shared_data_dir=tmp_path / "missing", limit=200, run_evaluation=False)
    assert len(metadata["notes"]) == 4 and all("not found" in note for note in metadata["notes"])
    assert set(metadata["label_counts"]) == {"own"}
    assert (tmp_path / "m" / "MODEL_CARD.md").read_text(encoding="utf-8").startswith("# Model card")
    assert (tmp_path / "m" / "data" / "comments.csv").is_file()
    assert bots.load_pipeline(tmp_path / "m" / bots.MODEL_FILE).predict(["dm @user for collab"]).shape == (1, 2)


def test_sample_weights_give_every_source_and_class_cell_equal_weight() -> None:
    from vetting.bots_training import Row, sample_weights, targets

    def row(source: str, label: str) -> Row:
        return Row(text="t", key="t", label=label, source=source, group="g")

    rows = [row("own", "bot_like")] * 6 + [row("own", "genuine")] * 2 + [row("own", "generic")] * 2
    rows += [row("youtube", "bot_like")] * 1 + [row("youtube", "genuine")] * 9
    weights = sample_weights(rows)
    assert weights.mean() == pytest.approx(1.0)
    cells: dict[tuple[str, bool], float] = {}
    for r, w in zip(rows, weights, strict=True):
        cells[(r.source, r.label == "bot_like")] = cells.get((r.source, r.label == "bot_like"), 0.0) + w
    assert len(cells) == 4 and max(cells.values()) == pytest.approx(min(cells.values()))
    assert targets(rows[5:7]).tolist() == [[1, 0], [0, 0]]
    assert targets(rows[-11:-10]).tolist() == [[0, 1]]


def test_training_rows_without_one_class_give_a_clear_error() -> None:
    from vetting.bots_training import Row, _fit

    rows = [Row(text=t, key=t, label="bot_like", source="own", group=t) for t in ("dm me", "follow back")]
    rows.append(Row(text="lecker rezept", key="lecker rezept", label="genuine", source="own", group="x"))
    with pytest.raises(ValueError, match="need generic"):
        _fit(rows)


# Written for this test after model 2.0.0 was trained (in no training file, no template): German-first
# influencer comments of the kinds the product meets. Each group must come out right at least 90 %.
PROBE_BOT = [
    "Hey Süße! Wir lieben deinen Content 😍 Schreib uns eine DM für eine Kooperation 💕",
    "Coole Bilder! Möchtest du Markenbotschafterin werden? Meld dich bei @glow.brand.official",
    "Ich folge dir, folgst du mir zurück? 🙏",
    "Verdiene 500€ am Tag von zu Hause aus, Infos in meiner Bio!!",
    "Promote it on @insta_growth_pro 🔥🔥",
    "Schau mal auf meinem Profil vorbei, neue Rezepte jeden Tag 🥗",
    "Gewinnspiel! Du hast gewonnen 🎉 Klick den Link in unserer Bio um deinen Preis abzuholen",
    "Wer will 10.000 Follower? Schreib mir 'JA' 👇",
    "Ich habe mit 300€ angefangen und jetzt 4.800€ Gewinn dank @anna_trading_fx 💰",
    "Send pic to @beauty.collab.hub to be featured ✨",
    "Hallo, ich bin Lisa und suche nette Männer 😘 schau in mein Profil",
    "Gratis iPhone 16 für die ersten 100 Kommentare ➡️ bit.ly/iphone-de",
]
PROBE_GENERIC = ["Toll! 😍", "Wow 🔥🔥", "Super schön", "Nice 👏", "Hammer!", "😍😍😍", "Mega 💯",
                 "Sieht lecker aus 😋"]
PROBE_GENUINE = [
    "Kann ich statt Cashewmus auch Tahini nehmen? Hab leider keins da",
    "Hab das Rezept gestern nachgekocht, meine Kinder waren begeistert! Nur etwas weniger Salz beim nächsten Mal",
    "Wie lange hält sich das im Kühlschrank? Ich will für die ganze Woche vorkochen",
    "Endlich mal ein Curry ohne Kokosmilch, danke! Welche Linsen nimmst du, rote oder gelbe?",
    "Ich finde die Portion ziemlich klein für 4 Personen, ehrlich gesagt",
    "Wo hast du die Pfanne gekauft? Die sieht super aus",
    "Bei mir ist der Teig total klebrig geworden, was mache ich falsch?",
    "Folge dir schon seit Jahren und deine Rezepte sind immer alltagstauglich ❤️",
    "Kannst du mal ein Video zu Meal Prep fürs Büro machen?",
    "Der Link zum Rezept in deiner Bio funktioniert nicht",
    "Schreib das Rezept bitte auch auf deinen Blog, ich finde es nicht",
    "My sister sent me this, going to try it this weekend! Do you use canned chickpeas?",
]


@pytest.mark.parametrize(
    ("texts", "label"),
    [(PROBE_BOT, "bot_like"), (PROBE_GENERIC, "generic"), (PROBE_GENUINE, "genuine")],
    ids=["bot_like", "generic", "genuine"],
)
def test_fresh_hand_written_comments(model: bots.BotModel, texts: list[str], label: str) -> None:
    verdicts = classify(texts, model=model)
    wrong = [(v.label, round(v.bot_probability, 2), t)
             for t, v in zip(texts, verdicts, strict=True) if v.label != label]
    assert len(wrong) <= len(texts) // 10, wrong
