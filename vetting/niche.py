"""Niche fit: TF-IDF over each creator's bio, captions and hashtags, cosine similarity to the niche.

The niche is free text (any language, comma-separated facets such as
``"vegane Küche, plant-based recipes, meal prep"``) and/or seed hashtags.

Text analysis (one function for documents and query): NFKC + casefold, letters-only words of >= 2 letters,
accents stripped (``küche`` -> ``kuche``), light plural folding (``recipes`` ~ ``recipe``), the small
German + English stop-word list in ``vetting/data/stopwords.txt`` removed, word unigrams and bigrams within
a segment (a segment is a clause between , ; . ! ? or a line break, so bigrams never span facets). Hashtags
are their own segments: the tag itself (``veganrecipes``) plus its words, found by camel case
(``#VeganRecipes``) or by a deterministic splitter against the words of the corpus and the niche
(``veganrecipes`` -> ``vegan recipes``).

Scoring::

    q      = unit(unit(tfidf(niche text + seed hashtags)) + 0.5 * unit(tfidf(expanded hashtags)))
    cos_c  = x_c · q                                 (x_c: the creator's L2-normalised TF-IDF row)
    fit_c  = min(1, cos_c / max(max_c' cos_c', 0.2))

so the best-matching creator in the run scores 1.0 when its cosine reaches the reference 0.2 (a clearly
on-niche creator does), and every score is relative to it; when nobody reaches 0.2 the scores stay below 1
in proportion. IDF is fitted on the run's creator documents (smooth idf, sublinear tf). Expansion adds the
hashtags that co-occur with the seeds across the crawled posts (see :func:`expand_hashtags`). Ties are
broken by creator key / term / post id, so the same input always gives the same output.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from crawler.errors import CreatorscoutError
from crawler.hashtags import normalize_hashtag

__all__ = ["CreatorText", "NicheError", "NicheFit", "expand_hashtags", "score_niche"]

# Weight of the co-occurrence expansion relative to the niche itself (the user's words count double).
EXPANSION_WEIGHT = 0.5
EXPANSION_TOP = 10
# A co-occurring hashtag needs at least two posts with a seed, so one odd post does not steer the query.
EXPANSION_MIN_COOCCURRENCE = 2
# Cosine a clearly on-niche creator reaches; scores are rescaled by max(best cosine, this).
REFERENCE_COSINE = 0.2
TOP_TERMS = 8
TOP_POST_TERMS = 5
TOP_POSTS = 5
EXCERPT_CHARS = 160
MIN_SPLIT_PIECE = 3
MAX_SPLIT_LENGTH = 40

_SEGMENT_RE = re.compile(r"[,;.!?\n\r|]+")
_WORD_RE = re.compile(r"[^\W\d_]{2,}")
_HASHTAG_RE = re.compile(r"#(\w+)")
_URL_RE = re.compile(r"https?://\S+|www\.\S+", re.I)
_MENTION_RE = re.compile(r"@[\w.]*\w")
_CAMEL_RE = re.compile(r"[A-ZÄÖÜÀ-Þ]?[a-zß-ÿ]+|[A-ZÄÖÜÀ-Þ]+(?![a-zß-ÿ])")
_SPACE_RE = re.compile(r"\s+")


class NicheError(CreatorscoutError, ValueError):
    """The niche query is empty."""


@dataclass
class CreatorText:
    """A creator's text: bio and posts as (post_id, text, hashtags, url)."""

    key: tuple[str, str]
    bio: str | None
    posts: list[tuple[str, str | None, list[str], str | None]] = field(default_factory=list)


@dataclass
class NicheFit:
    """Niche fit of one creator: score 0..1, top matching terms, best on-niche posts (<= 5)."""

    score: float
    terms: list[str]
    top_posts: list[dict[str, Any]]


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    text = resources.files("vetting").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    words = {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return frozenset(words | {_strip_accents(w) for w in words})


@lru_cache(maxsize=1 << 16)
def _strip_accents(word: str) -> str:
    if word.isascii():
        return word
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)
def _fold(word: str) -> str:
    return _strip_accents(unicodedata.normalize("NFKC", word).casefold())


@lru_cache(maxsize=1 << 16)
def _word_forms(raw: str) -> tuple[str, str, str]:
    """``(lower-case surface form, accent-folded form, its stem)`` of one word as written."""
    folded = _fold(raw)
    return unicodedata.normalize("NFKC", raw).casefold(), folded, _stem(folded)


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """Light plural folding: drop a final "s" (not "ss", "us", "is"), then a final "e", keeping >= 4 letters.

    recipes, recipe -> recip; rezepte -> rezept; vegane, vegans -> vegan; cakes, cake -> cake.
    """
    if len(word) >= 5 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) >= 5 and word.endswith("e"):
        word = word[:-1]
    return word


def _normalize_tag(tag: str) -> str | None:
    try:
        return normalize_hashtag(tag)
    except ValueError:
        return None


class _Analyzer:
    """Turns segment-separated documents into unigrams + bigrams; remembers surface forms for display."""

    def __init__(self) -> None:
        self.stop = _stopwords()
        self.surface: dict[str, Counter[str]] = defaultdict(Counter)

    def tokens(self, segment: str) -> list[tuple[str, str]]:
        """(lower-case surface form, accent-folded form) of the non-stop words of a segment."""
        return [(lower, folded) for lower, folded, _ in map(_word_forms, _WORD_RE.findall(segment))
                if folded not in self.stop]

    def words(self, segment: str) -> list[str]:
        out = []
        for lower, folded, stem in map(_word_forms, _WORD_RE.findall(segment)):
            if folded not in self.stop:
                self.surface[stem][lower] += 1
                out.append(stem)
        return out

    def __call__(self, doc: str) -> list[str]:
        features: list[str] = []
        for segment in doc.split("\n"):
            words = self.words(segment)
            features.extend(words)
            features.extend(f"{a} {b}" for a, b in itertools.pairwise(words))
        return features

    def display(self, term: str) -> str:
        parts = []
        for word in term.split(" "):
            forms = self.surface.get(word)
            parts.append(min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0] if forms else word)
        return " ".join(parts)


def _split_tag(tag: str, vocabulary: frozenset[str], memo: dict[str, tuple[str, ...] | None]) -> tuple[str, ...]:
    """Fewest known words (>= 3 letters, at least two) that concatenate to ``tag``; () when none exists.

    Candidates are tried longest first and only a strictly shorter split replaces the current best, so the
    result is deterministic.
    """
    folded = _fold(tag)
    if len(folded) > MAX_SPLIT_LENGTH or not folded.isalpha():
        return ()
    return _best_split(folded, vocabulary, memo, whole_ok=False) or ()


def _best_split(rest: str, vocabulary: frozenset[str], memo: dict[str, tuple[str, ...] | None],
                whole_ok: bool = True) -> tuple[str, ...] | None:
    """:func:`_split_tag` of ``rest`` (``whole_ok``: ``rest`` itself may be the one word); memoised.

    A module-level function, not a closure: a recursive closure is a reference cycle per call, which
    only the cyclic garbage collector frees (paused during vetting, see :mod:`vetting.memory`)."""
    if not rest:
        return ()
    if whole_ok and rest in memo:
        return memo[rest]
    found: tuple[str, ...] | None = None
    longest = len(rest) if whole_ok else len(rest) - 1
    for end in range(longest, MIN_SPLIT_PIECE - 1, -1):
        head = rest[:end]
        if head in vocabulary:
            tail = _best_split(rest[end:], vocabulary, memo)
            if tail is not None and (found is None or len(tail) + 1 < len(found)):
                found = (head, *tail)
    if whole_ok:
        memo[rest] = found
    return found


@dataclass
class _Doc:
    text_segments: list[str]
    tags: dict[str, str]  # normalised tag -> raw form (camel case kept when the text had it)


def _parse_text(text: str | None, hashtags: Iterable[str] = ()) -> _Doc:
    tags: dict[str, str] = {}
    segments: list[str] = []
    if text:
        for raw in _HASHTAG_RE.findall(text):
            norm = _normalize_tag(raw)
            if norm:
                tags.setdefault(norm, raw)
        clean = _MENTION_RE.sub(" ", _URL_RE.sub(" ", _HASHTAG_RE.sub(" ", text)))
        segments = [s for s in _SEGMENT_RE.split(clean) if s.strip()]
    for raw in hashtags:
        norm = _normalize_tag(raw) if raw else None
        if norm:
            tags.setdefault(norm, raw.lstrip("#"))
    return _Doc(segments, tags)


def _tag_segments(tags: dict[str, str], vocabulary: frozenset[str],
                  memo: dict[str, tuple[str, ...] | None]) -> list[str]:
    segments = []
    for norm, raw in tags.items():
        segments.append(norm)
        camel = _CAMEL_RE.findall(raw)
        if len(camel) >= 2:
            segments.append(" ".join(camel))
        else:
            pieces = _split_tag(norm, vocabulary, memo)
            if pieces:
                segments.append(" ".join(pieces))
    return segments


def expand_hashtags(seed_hashtags: Sequence[str], post_hashtags: Iterable[Sequence[str]],
                    top: int = 10) -> list[str]:
    """Hashtags that co-occur with the seeds, strongest first (seeds excluded).

    For tag t: ``co(t)`` = posts carrying t and any seed, ``n(t)`` = posts carrying t;
    ``strength(t) = co(t)² / n(t)`` (co-occurrence times the share of t's posts that are on-seed, so
    ubiquitous tags like #love rank below specific ones). Needs ``co(t) >= 2``; ties by tag.
    """
    seeds = {tag for tag in (_normalize_tag(s) for s in seed_hashtags if s) if tag}
    if not seeds or top <= 0:
        return []
    co: Counter[str] = Counter()
    freq: Counter[str] = Counter()
    for tags in post_hashtags:
        normalised = {tag for tag in (_normalize_tag(t) for t in tags if t) if tag}
        freq.update(normalised)
        if normalised & seeds:
            co.update(normalised - seeds)
    ranked = sorted(((c * c / freq[t], c, t) for t, c in co.items() if c >= EXPANSION_MIN_COOCCURRENCE),
                    key=lambda item: (-item[0], -item[1], item[2]))
    return [t for _, _, t in ranked[:top]]


def _implicit_seeds(niche: str | None, analyzer: _Analyzer) -> list[str]:
    """Hashtag forms of the niche text: each facet joined ("meal prep" -> "mealprep") and its words."""
    if not niche:
        return []
    seeds: dict[str, None] = {}
    for segment in _SEGMENT_RE.split(niche):
        words = [unicodedata.normalize("NFKC", w).casefold() for w in _WORD_RE.findall(segment)]
        words = [w for w in words if w not in analyzer.stop]
        if len(words) >= 2:
            seeds.setdefault("".join(words), None)
        for word in words:
            if len(word) >= 4:
                seeds.setdefault(word, None)
    return list(seeds)


def _unit(matrix: Any) -> Any:
    from sklearn.preprocessing import normalize

    return normalize(matrix, norm="l2", copy=True)


def _excerpt(text: str | None, tags: Iterable[str]) -> str:
    flat = _SPACE_RE.sub(" ", text or "").strip() or " ".join(f"#{t}" for t in tags)
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1].rstrip() + "…"


def _contributions(matrix: Any, query: Any) -> Any:
    """Each term's share of each row's cosine with ``query`` (a CSR matrix), computed once for all rows."""
    return matrix.multiply(query).tocsr()


def _top_terms(contrib: Any, i: int, names: Sequence[str], count: int, display: Callable[[str], str]) -> list[str]:
    """The ``count`` terms adding most to row ``i`` of :func:`_contributions`, strongest first (ties by term)."""
    start, end = contrib.indptr[i], contrib.indptr[i + 1]
    pairs = sorted(((v, names[j]) for j, v in zip(contrib.indices[start:end].tolist(),
                                                  contrib.data[start:end].tolist(), strict=True) if v > 0),
                   key=lambda item: (-item[0], item[1]))
    return [display(term) for _, term in pairs[:count]]


def score_niche(niche: str | None, seed_hashtags: Sequence[str], creators: Sequence[CreatorText],
                *, expand: bool = True) -> dict[tuple[str, str], NicheFit]:
    """Niche fit per creator key (formula in the module docstring); deterministic.

    Raises :class:`NicheError` when neither niche text nor a seed hashtag is given.
    """
    seeds = [tag for tag in (_normalize_tag(s) for s in seed_hashtags if s) if tag]
    if not (niche and _WORD_RE.search(niche)) and not seeds:
        raise NicheError("no niche given: pass niche text (e.g. 'vegan recipes') and/or seed hashtags")
    if not creators:
        return {}
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    creators = sorted(creators, key=lambda c: c.key)
    analyzer = _Analyzer()
    bios = [_parse_text(c.bio) for c in creators]
    posts = [[(pid, text, url, _parse_text(text, tags)) for pid, text, tags, url in c.posts] for c in creators]
    query_doc = _parse_text(niche, seeds)

    # Pass 1: the splitter's vocabulary = words of the plain texts, the niche and camel-case tags.
    vocabulary: set[str] = set()
    for doc in [query_doc, *bios, *(p[3] for plist in posts for p in plist)]:
        for segment in doc.text_segments:
            vocabulary.update(folded for _, folded in analyzer.tokens(segment) if len(folded) >= MIN_SPLIT_PIECE)
        for norm, raw in doc.tags.items():
            camel = _CAMEL_RE.findall(raw)
            words = camel if len(camel) >= 2 else [norm]
            vocabulary.update(_fold(w) for w in words if len(w) >= MIN_SPLIT_PIECE and w.isalpha())
    frozen = frozenset(vocabulary - analyzer.stop)
    memo: dict[str, tuple[str, ...] | None] = {}

    def render(doc: _Doc) -> str:
        return "\n".join(doc.text_segments + _tag_segments(doc.tags, frozen, memo))

    post_texts = [[render(p[3]) for p in plist] for plist in posts]
    creator_docs = [render(bio) + "\n" + "\n".join(texts) for bio, texts in zip(bios, post_texts, strict=True)]

    vectorizer = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, smooth_idf=True, norm="l2", dtype=np.float64)
    try:
        matrix = vectorizer.fit_transform(creator_docs)
    except ValueError:  # empty vocabulary: nobody has any text
        return {c.key: NicheFit(0.0, [], []) for c in creators}
    names = vectorizer.get_feature_names_out()

    query = _unit(vectorizer.transform([render(query_doc)]))
    if expand:
        all_tags = (list(p[3].tags) for plist in posts for p in plist)
        extra = expand_hashtags(seeds + _implicit_seeds(niche, analyzer), all_tags, top=EXPANSION_TOP)
        if extra:
            query = query + EXPANSION_WEIGHT * _unit(vectorizer.transform([render(_parse_text(None, extra))]))
    query = _unit(query)

    cosines = (matrix @ query.T).toarray().ravel()
    reference = max(float(cosines.max(initial=0.0)), REFERENCE_COSINE)
    flat_posts = [p for plist in post_texts for p in plist]
    post_matrix = vectorizer.transform(flat_posts) if flat_posts else None
    post_cos = (post_matrix @ query.T).toarray().ravel() if post_matrix is not None else []

    creator_terms = _contributions(matrix, query)
    post_terms = _contributions(post_matrix, query) if post_matrix is not None else None
    results: dict[tuple[str, str], NicheFit] = {}
    offset = 0
    for i, creator in enumerate(creators):
        cos = float(cosines[i])
        score = round(min(1.0, cos / reference), 4) if cos > 0 else 0.0
        terms = _top_terms(creator_terms, i, names, TOP_TERMS, analyzer.display) if cos > 0 else []
        ranked = sorted(((float(post_cos[offset + j]), pid, j) for j, (pid, *_rest) in enumerate(posts[i])
                         if post_cos[offset + j] > 0), key=lambda item: (-item[0], item[1]))
        top_posts = []
        for value, pid, j in ranked[:TOP_POSTS]:
            _, text, url, doc = posts[i][j]
            top_posts.append({
                "post_id": pid,
                "url": url,
                "score": round(value, 4),
                "terms": _top_terms(post_terms, offset + j, names, TOP_POST_TERMS, analyzer.display),
                "excerpt": _excerpt(text, doc.tags),
            })
        offset += len(posts[i])
        results[creator.key] = NicheFit(score=score, terms=terms, top_posts=top_posts)
    return results
