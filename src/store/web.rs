//! What the web pages ask of the store beyond dossiers: full-text search over stories and
//! articles (SQLite FTS5), the people and organizations of every story's latest dossier
//! (an entity's page gathers them across stories), single articles with their sentences
//! (a citation opens its sentence there), and articles per day (the front page's charts).
//!
//! The indexes are kept in step by the writes that change what they index (an article
//! stored, a dossier version saved, a story merged away), inside the same transactions.
//! They are additive: a store written before them is indexed once when opened.

use super::{corrupt, Result, Store, StoreError};
use crate::analyze::doc::Doc;
use crate::article::Article;
use crate::dossier::{Dossier, Evidence};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;

/// Bumped when what is indexed changes; a store indexed by another version is re-indexed.
const WEB_INDEX_VERSION: &str = "1";

pub(super) const WEB_SCHEMA: &str = "
CREATE VIRTUAL TABLE IF NOT EXISTS story_search USING fts5(
    headline, dek, body, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS article_search USING fts5(
    title, outlet, body, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS story_entities (
    story_id INTEGER NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    role TEXT,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    text TEXT NOT NULL,
    evidence_json TEXT NOT NULL,
    PRIMARY KEY (story_id, slug)
);
CREATE INDEX IF NOT EXISTS story_entities_by_slug ON story_entities(slug);
CREATE TABLE IF NOT EXISTS generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT OR IGNORE INTO generation (id, value) VALUES (1, 0);
";

/// Triggers that count every change to what the story list shows, whichever connection
/// (or process) makes it.
fn generation_triggers() -> String {
    let mut sql = String::new();
    for table in ["stories", "story_articles", "dossier_versions"] {
        for event in ["INSERT", "UPDATE", "DELETE"] {
            sql.push_str(&format!(
                "CREATE TRIGGER IF NOT EXISTS generation_{table}_{event} AFTER {event} ON {table} \
                 BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;\n",
                event = event,
                table = table,
            ));
        }
    }
    sql
}

/// The web tables and the triggers that keep the generation.
pub(super) fn schema() -> String {
    format!("{WEB_SCHEMA}{}", generation_triggers())
}

/// Marks around the matched words in search snippets; never in stored text (control
/// characters are not kept by extraction), so a renderer can split on them safely.
pub const MATCH_START: char = '\u{2}';
pub const MATCH_END: char = '\u{3}';

/// One story found by a search.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StoryHit {
    pub id: i64,
    pub headline: String,
    /// The best passage, matched words between [`MATCH_START`] and [`MATCH_END`].
    pub snippet: String,
}

/// One article found by a search.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ArticleHit {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// The story it belongs to now (after merges).
    pub story: Option<i64>,
    pub snippet: String,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct SearchResults {
    /// The FTS5 query the words became.
    pub query: String,
    pub stories: Vec<StoryHit>,
    pub articles: Vec<ArticleHit>,
}

/// A cited sentence, by article id (not by position in one dossier).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SentenceRef {
    pub article: String,
    pub sentence: usize,
    pub quote: String,
}

/// A person or organization as one story's latest dossier describes them.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct EntityAppearance {
    pub story: i64,
    pub headline: Option<String>,
    pub name: String,
    /// `person`, or the organization's kind (`company`, `government body`, …).
    pub kind: String,
    pub role: Option<String>,
    pub mentions: usize,
    pub articles: usize,
    /// What the dossier says they did or said.
    pub text: String,
    pub evidence: Vec<SentenceRef>,
}

/// A stored article with its sentence spans (byte offsets into `article.text`).
#[derive(Clone, Debug)]
pub struct StoredArticle {
    pub article: Article,
    pub sentences: Vec<[usize; 2]>,
    /// The story it belongs to now (after merges).
    pub story: Option<i64>,
    pub ingested_at: String,
}

/// The FTS5 query for words a reader typed: each word quoted (so that FTS5 operators and
/// punctuation are only ever words), all required, the last also as a prefix. `None`
/// when nothing searchable is left.
pub fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(12)
        .map(|word| word.to_lowercase())
        .collect();
    let last = words.len().checked_sub(1)?;
    Some(
        words
            .iter()
            .enumerate()
            .map(|(i, word)| {
                if i == last {
                    format!("\"{word}\"*")
                } else {
                    format!("\"{word}\"")
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// The text a story is found by: its overview, people, organizations, places, timeline
/// and quotes (headline and dek have their own columns, which rank higher).
fn story_body(dossier: &Dossier) -> String {
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(dossier.overview.iter().map(|item| item.text.as_str()));
    for person in &dossier.people {
        parts.push(&person.name);
        parts.extend(person.aliases.iter().map(String::as_str));
        parts.extend(person.role.as_deref());
    }
    for org in &dossier.organizations {
        parts.push(&org.name);
        parts.extend(org.aliases.iter().map(String::as_str));
    }
    parts.extend(dossier.places.iter().map(|place| place.name.as_str()));
    parts.extend(dossier.timeline.iter().map(|entry| entry.text.as_str()));
    parts.extend(dossier.perspectives.iter().map(|p| p.quote.as_str()));
    parts.join("\n")
}

fn sentence_refs(dossier: &Dossier, evidence: &[Evidence]) -> Vec<SentenceRef> {
    evidence
        .iter()
        .filter_map(|e| {
            Some(SentenceRef {
                article: dossier.articles.get(e.article)?.id.clone(),
                sentence: e.sentence,
                quote: e.quote.clone(),
            })
        })
        .collect()
}

/// Replaces what the indexes hold about `story` with what `dossier` says.
pub(super) fn index_dossier(conn: &Connection, story: i64, dossier: &Dossier) -> Result<()> {
    unindex_story(conn, story)?;
    conn.execute(
        "INSERT INTO story_search (rowid, headline, dek, body) VALUES (?1, ?2, ?3, ?4)",
        params![
            story,
            dossier.headline.text,
            dossier.dek.text,
            story_body(dossier)
        ],
    )?;
    let mut insert = conn.prepare(
        "INSERT OR REPLACE INTO story_entities (story_id, slug, name, kind, role, mentions, articles, text, evidence_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let evidence_json = |evidence: &[Evidence]| {
        serde_json::to_string(&sentence_refs(dossier, evidence)).expect("references serialise")
    };
    for person in &dossier.people {
        insert.execute(params![
            story,
            person.id,
            person.name,
            "person",
            person.role,
            person.mentions as i64,
            person.articles.len() as i64,
            person.text,
            evidence_json(&person.evidence),
        ])?;
    }
    for org in &dossier.organizations {
        insert.execute(params![
            story,
            org.id,
            org.name,
            org.kind,
            Option::<String>::None,
            org.mentions as i64,
            org.articles.len() as i64,
            org.text,
            evidence_json(&org.evidence),
        ])?;
    }
    Ok(())
}

/// Forgets a story in the indexes (it was merged into another).
pub(super) fn unindex_story(conn: &Connection, story: i64) -> Result<()> {
    conn.execute("DELETE FROM story_search WHERE rowid = ?1", params![story])?;
    conn.execute(
        "DELETE FROM story_entities WHERE story_id = ?1",
        params![story],
    )?;
    Ok(())
}

/// Indexes a stored article by its row id.
pub(super) fn index_article(conn: &Connection, rowid: i64, article: &Article) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO article_search (rowid, title, outlet, body) VALUES (?1, ?2, ?3, ?4)",
        params![rowid, article.meta.title, article.meta.outlet, article.text],
    )?;
    Ok(())
}

impl Store {
    /// Builds the web indexes from what is stored, once per index version: for stores
    /// written before they existed, or by a build that indexed differently.
    pub(super) fn ensure_web_index(&mut self) -> Result<()> {
        let indexed: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'web_index'",
                [],
                |row| row.get(0),
            )
            .optional()?;
        if indexed.as_deref() == Some(WEB_INDEX_VERSION) {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM story_search; DELETE FROM article_search; DELETE FROM story_entities;",
        )?;
        {
            let mut articles = tx.prepare("SELECT rowid, id, article_json FROM articles")?;
            let rows = articles.query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })?;
            for row in rows {
                let (rowid, id, json) = row?;
                let article: Article =
                    serde_json::from_str(&json).map_err(corrupt(format!("article {id}")))?;
                index_article(&tx, rowid, &article)?;
            }
            let mut latest = tx.prepare(
                "SELECT v.story_id, v.dossier_json FROM dossier_versions v
                 JOIN stories s ON s.id = v.story_id
                 WHERE s.merged_into IS NULL
                   AND v.version = (SELECT MAX(version) FROM dossier_versions w WHERE w.story_id = v.story_id)",
            )?;
            let rows = latest.query_map([], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (story, json) = row?;
                let dossier: Dossier =
                    serde_json::from_str(&json).map_err(corrupt(format!("dossier of {story}")))?;
                index_dossier(&tx, story, &dossier)?;
            }
        }
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('web_index', ?1)",
            params![WEB_INDEX_VERSION],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Stories and articles matching every word of `words` (the last also as a prefix),
    /// best first, at most `limit` of each. `None` when `words` has nothing to search for.
    pub fn search(&self, words: &str, limit: usize) -> Result<Option<SearchResults>> {
        let Some(query) = fts_query(words) else {
            return Ok(None);
        };
        let limit = limit.min(1000) as i64;
        let marks = (MATCH_START.to_string(), MATCH_END.to_string());
        let mut stories = self.conn.prepare(
            "SELECT f.rowid, s.headline, snippet(story_search, -1, ?2, ?3, '…', 24)
             FROM story_search f JOIN stories s ON s.id = f.rowid
             WHERE story_search MATCH ?1 AND s.merged_into IS NULL
             ORDER BY bm25(story_search, 10.0, 4.0, 1.0), f.rowid LIMIT ?4",
        )?;
        let stories = stories
            .query_map(params![query, marks.0, marks.1, limit], |row| {
                Ok(StoryHit {
                    id: row.get(0)?,
                    headline: row.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    snippet: row.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut articles = self.conn.prepare(
            "SELECT a.id, a.title, a.outlet, a.published, sa.story_id,
                    snippet(article_search, 2, ?2, ?3, '…', 24)
             FROM article_search f JOIN articles a ON a.rowid = f.rowid
             LEFT JOIN story_articles sa ON sa.article_id = a.id
             WHERE article_search MATCH ?1
             ORDER BY bm25(article_search, 8.0, 2.0, 1.0), a.rowid LIMIT ?4",
        )?;
        let articles = articles
            .query_map(params![query, marks.0, marks.1, limit], |row| {
                Ok(ArticleHit {
                    id: row.get(0)?,
                    title: row.get(1)?,
                    outlet: row.get(2)?,
                    published: row.get(3)?,
                    story: row.get(4)?,
                    snippet: row.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Some(SearchResults {
            query,
            stories,
            articles,
        }))
    }

    /// Everywhere the person or organization `slug` (as in a dossier's `people[].id`)
    /// appears in a current story, stories with the most mentions first.
    pub fn entity(&self, slug: &str) -> Result<Vec<EntityAppearance>> {
        let mut statement = self.conn.prepare(
            "SELECT e.story_id, s.headline, e.name, e.kind, e.role, e.mentions, e.articles, e.text, e.evidence_json
             FROM story_entities e JOIN stories s ON s.id = e.story_id
             WHERE e.slug = ?1 AND s.merged_into IS NULL
             ORDER BY e.mentions DESC, e.story_id",
        )?;
        let rows = statement.query_map(params![slug], |row| {
            Ok((
                EntityAppearance {
                    story: row.get(0)?,
                    headline: row.get(1)?,
                    name: row.get(2)?,
                    kind: row.get(3)?,
                    role: row.get(4)?,
                    mentions: row.get::<_, i64>(5)? as usize,
                    articles: row.get::<_, i64>(6)? as usize,
                    text: row.get(7)?,
                    evidence: Vec::new(),
                },
                row.get::<_, String>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut appearance, json) = row?;
            appearance.evidence = serde_json::from_str(&json).map_err(corrupt(format!(
                "evidence of {slug} in story {}",
                appearance.story
            )))?;
            out.push(appearance);
        }
        Ok(out)
    }

    /// One stored article with its sentences and its story.
    pub fn article(&self, id: &str) -> Result<StoredArticle> {
        let row: Option<(String, String, String, Option<i64>)> = self
            .conn
            .query_row(
                "SELECT a.article_json, a.analysis_json, a.ingested_at, sa.story_id
                 FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id
                 WHERE a.id = ?1",
                params![id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?;
        let Some((article_json, analysis_json, ingested_at, story)) = row else {
            return Err(StoreError::NoArticle(id.to_string()));
        };
        let article: Article =
            serde_json::from_str(&article_json).map_err(corrupt(format!("article {id}")))?;
        let doc: Doc = serde_json::from_str(&analysis_json)
            .map_err(corrupt(format!("analysis of article {id}")))?;
        let story = match story {
            Some(story) => Some(self.resolve_story(story)?),
            None => None,
        };
        Ok(StoredArticle {
            sentences: doc
                .sentences
                .iter()
                .map(|s| [s.span.start, s.span.end])
                .collect(),
            article,
            story,
            ingested_at,
        })
    }

    /// A value that changes whenever the story list could (an article stored or moved,
    /// a dossier saved, a story created, merged or split), whichever connection wrote:
    /// what the web server keys its copy of the story list by.
    pub fn generation(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT value FROM generation WHERE id = 1", [], |row| {
                row.get(0)
            })?)
    }

    /// The newest version of a story's dossier (0 when it has none yet).
    pub fn latest_version(&self, story: i64) -> Result<i64> {
        if !self.story_exists(story)? {
            return Err(StoreError::NoStory(story));
        }
        Ok(self.conn.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM dossier_versions WHERE story_id = ?1",
            params![story],
            |row| row.get(0),
        )?)
    }

    /// Articles per publication day of every current story (undated articles left out),
    /// days in order.
    pub fn activity(&self) -> Result<BTreeMap<i64, Vec<(String, usize)>>> {
        let mut statement = self.conn.prepare(
            "SELECT sa.story_id, substr(a.published, 1, 10) AS day, COUNT(*)
             FROM story_articles sa JOIN articles a ON a.id = sa.article_id
             WHERE a.published IS NOT NULL
             GROUP BY sa.story_id, day ORDER BY sa.story_id, day",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)? as usize,
            ))
        })?;
        let mut out: BTreeMap<i64, Vec<(String, usize)>> = BTreeMap::new();
        for row in rows {
            let (story, day, count) = row?;
            out.entry(story).or_default().push((day, count));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example_store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        crate::example::store_collection(&mut store).unwrap();
        store
    }

    #[test]
    fn typed_words_become_a_safe_query() {
        assert_eq!(
            fts_query("Port  strike").as_deref(),
            Some("\"port\" \"strike\"*")
        );
        // FTS5 syntax and quotes are only word boundaries.
        assert_eq!(
            fts_query("\"crane\" OR NEAR(x*").as_deref(),
            Some("\"crane\" \"or\" \"near\" \"x\"*")
        );
        assert_eq!(fts_query("  ?!* "), None);
        assert_eq!(fts_query("Überfahrt").as_deref(), Some("\"überfahrt\"*"));
    }

    #[test]
    fn search_finds_stories_and_articles_with_marked_snippets() {
        let store = example_store();
        let results = store.search("embankment", 10).unwrap().unwrap();
        assert_eq!(results.stories.len(), 1, "{results:?}");
        assert!(results.stories[0].headline.contains("Carrow"));
        assert!(results.articles.len() >= 2);
        assert!(results.articles[0].snippet.contains("\u{2}embankment\u{3}"));
        // A prefix of the last word matches; every word must match.
        assert!(!store
            .search("dockwork", 10)
            .unwrap()
            .unwrap()
            .articles
            .is_empty());
        let none = store.search("dockworkers embankment", 10).unwrap().unwrap();
        assert!(none.stories.is_empty() && none.articles.is_empty());
        assert!(store.search("?!", 10).unwrap().is_none());
    }

    #[test]
    fn an_entity_is_followed_across_stories() {
        let store = example_store();
        let okafor = store.entity("dalia-okafor").unwrap();
        assert_eq!(okafor.len(), 2, "{okafor:?}");
        assert!(okafor.iter().all(|a| a.kind == "person"));
        assert!(okafor
            .iter()
            .all(|a| a.evidence.iter().all(|e| store.article(&e.article).is_ok())));
        assert!(store.entity("nobody-at-all").unwrap().is_empty());
    }

    #[test]
    fn merged_stories_leave_the_indexes() {
        let mut store = example_store();
        store.merge_stories(2, 1, 0.5).unwrap();
        let results = store.search("embankment", 10).unwrap().unwrap();
        assert!(results.stories.is_empty());
        assert!(!results.articles.is_empty(), "articles stay searchable");
        assert_eq!(results.articles[0].story, Some(1));
        assert_eq!(store.entity("dalia-okafor").unwrap().len(), 1);
    }

    #[test]
    fn an_article_has_its_sentences_and_story() {
        let store = example_store();
        let hit = &store.search("embankment", 1).unwrap().unwrap().articles[0];
        let stored = store.article(&hit.id).unwrap();
        assert_eq!(stored.story, Some(2));
        let [start, end] = stored.sentences[0];
        assert!(end > start && end <= stored.article.text.len());
        assert!(matches!(
            store.article("0000"),
            Err(StoreError::NoArticle(_))
        ));
    }

    #[test]
    fn activity_counts_articles_per_day() {
        let store = example_store();
        let activity = store.activity().unwrap();
        let storm: usize = activity[&2].iter().map(|(_, n)| n).sum();
        assert_eq!(storm, 3);
        assert!(activity[&2].windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn the_generation_counts_changes_to_the_story_list() {
        let mut store = example_store();
        let before = store.generation().unwrap();
        assert!(before > 0);
        assert_eq!(
            store.generation().unwrap(),
            before,
            "reading changes nothing"
        );
        store.merge_stories(2, 1, 0.5).unwrap();
        let merged = store.generation().unwrap();
        assert!(merged > before);
        let story = store.create_story().unwrap();
        assert!(store.generation().unwrap() > merged);
        let dossier = crate::pipeline::build_dossier(&store.story_articles(1).unwrap()).unwrap();
        let created = store.generation().unwrap();
        store.save_dossier(story, &dossier).unwrap();
        assert!(store.generation().unwrap() > created);
    }

    #[test]
    fn an_old_store_is_indexed_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        {
            let mut store = Store::open(&path).unwrap();
            crate::example::store_collection(&mut store).unwrap();
            // As a store written before the web indexes existed.
            store
                .conn
                .execute_batch(
                    "DELETE FROM story_search; DELETE FROM article_search; DELETE FROM story_entities;
                     DELETE FROM meta WHERE key = 'web_index';",
                )
                .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.entity("dalia-okafor").unwrap().len(), 2);
        assert!(!store
            .search("embankment", 10)
            .unwrap()
            .unwrap()
            .stories
            .is_empty());
    }
}
