"""A vetted store built by hand for the delivery tests (export, reports, browser): hostile payloads
in every text field that reaches a spreadsheet or a page."""

from __future__ import annotations

from pathlib import Path

from crawler.storage import Store

FORMULA_PAYLOADS = ['=HYPERLINK("http://evil","x")', "+SUM(1,2)", "-2+3", "@cmd", "\t=1", "\r=1"]
HTML_PAYLOADS = [
    "<script>document.title='PWNED'</script>",
    "<img src=x onerror=document.body.setAttribute('data-pwned',1)>",
    '"><svg onload=alert(1)>',
]


def build_store(path: str | Path = ":memory:", *, n: int = 6, hostile: bool = True, comments_per_post: int = 4,
                posts_per_creator: int = 6, niche: str = "vegan cooking") -> Store:
    """A store with crawled creators and one vetting run following the vetting contract.

    With ``hostile``, bios, names, captions, comments, brands, reasons and evidence carry formula
    and HTML payloads (one per creator, cycling through the lists above).
    """
    store = Store.open(path)
    run_ids = []
    for _ in range(3):
        run_id = store.start_crawl_run("mastodon", "mastodon", {"hashtag": ["veganrecipes"]})
        store.finish_crawl_run(run_id, "finished", {"creator_count": n})
        run_ids.append(run_id)
    payloads = FORMULA_PAYLOADS + HTML_PAYLOADS
    creators, posts, comments, snapshots = [], [], [], []
    scores = []
    for i in range(n):
        platform = "mastodon" if i % 2 == 0 else "youtube"
        creator_id = f"{100 + i}" if platform == "mastodon" else f"UCchan{i:04d}"
        bad = payloads[i % len(payloads)] if hostile else ""
        followers = [800, 5_000, 40_000, 250_000, 2_000_000][i % 5]
        tier = ["emerging", "nano", "micro", "macro", "mega"][i % 5]
        handle = f"{bad}cook{i}@kitchen.example" if platform == "mastodon" else f"{bad}cook{i}"
        profile_url = (f"https://kitchen.example/@cook{i}" if i % 3 else f"javascript:alert({i})")
        creators.append({
            "platform": platform, "creator_id": creator_id, "handle": handle,
            "display_name": f"{bad}Cook {i}", "bio": f"{bad} vegan recipes {HTML_PAYLOADS[i % 3]}",
            "profile_url": profile_url, "external_url": "javascript:alert(document.cookie)" if hostile else None,
            "followers_count": followers, "fetched_at": "2026-05-30T10:00:00Z",
            "source_url": f"https://kitchen.example/api/{creator_id}",
        })
        per_post, post_ids = [], []
        for j in range(posts_per_creator):
            post_id = f"{creator_id}-p{j}"
            post_ids.append(post_id)
            created = f"2026-05-{10 + j:02d}T12:00:00Z"
            url = f"https://kitchen.example/@cook{i}/{j}" if j != 1 else "javascript:alert('post')"
            posts.append({
                "platform": platform, "post_id": post_id, "creator_id": creator_id, "url": url,
                "created_at": created, "title": f"{bad}Lentil curry {j}" if platform == "youtube" else None,
                "text": f"{bad} {HTML_PAYLOADS[j % 3]} vegan lentil curry #veganrecipes",
                "hashtags": ["veganrecipes"], "like_count": 40 + j, "comment_count": comments_per_post,
                "share_count": 2, "view_count": 1_000 + 100 * j if platform == "youtube" else None,
                "fetched_at": "2026-05-30T10:00:00Z", "source_url": url,
            })
            per_post.append({"post_id": post_id, "created_at": created, "engagement_rate": 0.02 + 0.002 * j,
                             "sponsored": j == 2, "url": url})
            for k in range(comments_per_post):
                text = payloads[(i + j + k) % len(payloads)] if hostile else f"Great recipe {k}"
                comments.append({
                    "platform": platform, "comment_id": f"{post_id}-c{k}", "post_id": post_id,
                    "author_key": f"secret-author-key-{k}", "author_handle": f"secret_commenter_{k}",
                    "text": f"{text} comment {k}", "created_at": f"2026-05-{10 + j:02d}T13:0{k}:00Z",
                    "fetched_at": "2026-05-30T10:00:00Z", "source_url": url,
                })
        for d, count in enumerate((followers - 100, followers - 50, followers)):
            snapshots.append({"crawl_run_id": run_ids[d], "platform": platform, "creator_id": creator_id,
                              "observed_at": f"2026-05-{28 + d}T10:00:00Z", "followers_count": count})
        comment_ids = [f"{creator_id}-p{j}-c0" for j in range(posts_per_creator)]
        scores.append({
            "platform": platform, "creator_id": creator_id, "vetted_at": "2026-05-31T08:00:00Z", "tier": tier,
            "followers_count": followers, "engagement_rate": 0.021 + i / 1000, "engagement_rate_mean": 0.025,
            "engagement_rate_basis": f"{bad}median (likes+comments+shares)/followers over the last 6 posts",
            "er_band": "average", "er_percentile": None, "engagement_cv": 0.3, "comments_per_like": 0.1,
            "posts_per_week": 3.5, "reply_rate": 0.4, "sponsored_rate": 1 / 6, "sponsored_vs_organic": 0.8,
            "recent_brands": [f"{bad}Oatly", "Alnatura"], "bot_comment_rate": 0.05 * (i % 4),
            "bot_comment_rate_low": 0.01, "bot_comment_rate_high": 0.3, "generic_comment_rate": 0.1,
            "comments_analyzed": comments_per_post * posts_per_creator, "creator_language": "de",
            "audience_languages": {"de": 0.6 - 0.1 * (i % 4), "en": 0.3},
            "market_language": "de", "market_language_rate": 0.6 - 0.1 * (i % 4),
            "niche_fit": 0.9 - 0.1 * i, "niche_terms": [f"{bad}vegan", "lentil"],
            "growth_anomaly": f"{bad}+40 % followers in one day" if i == 1 else None,
            "score": 90 - 7 * i, "verdict": "recommended" if i < 3 else "review",
            "reasons": [
                {"flag": "red", "code": "bot_comments", "text": f"{bad}41 % of 212 comments look bot-like"},
                {"flag": "green", "code": "niche", "text": f"{bad}on niche"},
                {"flag": "info", "code": "note", "text": "few posts"},
            ],
            "evidence": [
                {"kind": "bot_like_comments", "triggered": True, "value": 0.41, "threshold": 0.2,
                 "summary": f"{bad}41 % bot-like", "comment_ids": comment_ids, "post_ids": post_ids,
                 "comment_reasons": {cid: ["model", "gambling"] for cid in comment_ids}},
                {"kind": "comment_bursts", "triggered": False, "value": 0.0, "threshold": 3, "summary": "none",
                 "comment_ids": [], "post_ids": []},
            ],
            "metrics": {
                "insufficient": {"er_percentile": f"{bad}only {n} peers (need 20)"},
                "er_definition": {"numerator": "likes+comments+shares",
                                  "denominator": "views" if platform == "youtube" else "followers",
                                  "statistic": "median", "posts": posts_per_creator,
                                  "window_start": "2026-05-10T12:00:00Z", "window_end": "2026-05-15T12:00:00Z"},
                "er_band_range": [0.01, 0.03], "er_band_source": f"{bad}industry benchmarks",
                "per_post": per_post, "sponsored_posts": [post_ids[2]],
                "top_niche_posts": [{"post_id": post_ids[0], "url": per_post[0]["url"], "score": 0.8,
                                     "terms": [f"{bad}lentil", "curry"], "excerpt": f"{bad} lentil curry"},
                                    {"post_id": post_ids[1], "url": per_post[1]["url"], "score": 0.7,
                                     "terms": ["curry"], "excerpt": HTML_PAYLOADS[0]}],
                "growth": {"followers_series": [], "anomalies": [
                    {"observed_at": "2026-05-29T10:00:00Z", "change_rate": 0.4, "text": f"{bad}+40 % in a day"}
                ] if i == 1 else []},
                "weights": {"engagement": 0.3, "comments": 0.3}, "components": {"engagement": 0.7, "comments": 0.5},
            },
        })
    store.write_batch(creators=creators, posts=posts, comments=comments, snapshots=snapshots)
    vrun = store.start_vetting_run({"vetted_at": "2026-05-31T08:00:00Z", "niche": niche, "market_language": "de"})
    store.write_vetting_scores(vrun, scores)
    return store
