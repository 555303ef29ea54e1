//! Store: the local SQLite database of articles, their analyses, stories and dossier
//! versions.
//!
//! Takes: analysed articles with their story assignment, and dossiers. Gives: stories with
//! their articles in a stable order, and every version of every dossier. Writes happen in
//! transactions: an article, its analysis and its story assignment land together or not
//! at all, so an interrupted run never leaves half an article behind. An article is keyed
//! by its content fingerprint, which makes ingesting the same text twice a no-op.

mod copies;
mod feeds;
mod web;

pub use web::{
    fts_query, ArticleHit, EntityAppearance, SearchResults, SentenceRef, StoredArticle, StoryHit,
    MATCH_END, MATCH_START,
};

use crate::analyze::ANALYZER_VERSION;
use crate::cluster::Profile;
use crate::date::now_utc_iso;
use crate::dedup;
use crate::dossier::{Dossier, StoryRef};
use crate::ingest::InputError;
use crate::pipeline::analyze_safely;
use crate::synthesize::AnalyzedArticle;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The schema this build writes. A store written by a newer newsdesk is refused; an older
/// one is migrated in place.
pub const SCHEMA_VERSION: i64 = 2;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the folder for the store at {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the store at {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("the store at {path} was written by a newer newsdesk (schema {found}, this build reads up to {SCHEMA_VERSION}); upgrade newsdesk")]
    TooNew { path: PathBuf, found: i64 },
    #[error("store error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("stored data is damaged ({what}): {source}")]
    Corrupt {
        what: String,
        source: serde_json::Error,
    },
    #[error("there is no story {0} (see `newsdesk stories`)")]
    NoStory(i64),
    #[error("there is no article {0}")]
    NoArticle(String),
    #[error("story {story} has no version {version} (it has versions 1 to {latest})")]
    NoVersion {
        story: i64,
        version: i64,
        latest: i64,
    },
}

pub type Result<T> = std::result::Result<T, StoreError>;

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// One line of `newsdesk stories`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StorySummary {
    pub id: i64,
    pub headline: Option<String>,
    /// The latest dossier's dek (who did what), when it has one.
    pub dek: Option<String>,
    pub articles: usize,
    pub outlets: Vec<String>,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    pub updated_at: String,
    pub versions: i64,
}

/// A stored dossier version.
#[derive(Clone, Debug)]
pub struct StoredDossier {
    pub story: i64,
    pub version: i64,
    pub created_at: String,
    pub dossier: Dossier,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    origin TEXT NOT NULL,
    title TEXT,
    outlet TEXT,
    published TEXT,
    url TEXT,
    ingested_at TEXT NOT NULL,
    simhash INTEGER NOT NULL,
    article_json TEXT NOT NULL,
    analysis_json TEXT NOT NULL,
    analyzer_version INTEGER NOT NULL,
    profile_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS stories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    headline TEXT,
    merged_into INTEGER REFERENCES stories(id)
);
CREATE TABLE IF NOT EXISTS story_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    story_id INTEGER NOT NULL,
    other_id INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    score REAL
);
CREATE TABLE IF NOT EXISTS story_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    story_id INTEGER NOT NULL REFERENCES stories(id),
    score REAL,
    assigned_at TEXT NOT NULL,
    event_id INTEGER
);
CREATE INDEX IF NOT EXISTS story_articles_by_story ON story_articles(story_id);
CREATE TABLE IF NOT EXISTS dossier_versions (
    story_id INTEGER NOT NULL REFERENCES stories(id),
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    dossier_json TEXT NOT NULL,
    PRIMARY KEY (story_id, version)
);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    title TEXT,
    added_at TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_polled TEXT,
    last_status TEXT,
    failures INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS feed_items (
    feed_url TEXT NOT NULL REFERENCES feeds(url) ON DELETE CASCADE,
    item_key TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed_url, item_key)
);
CREATE TABLE IF NOT EXISTS feed_pending (
    feed_url TEXT NOT NULL REFERENCES feeds(url) ON DELETE CASCADE,
    item_key TEXT NOT NULL,
    item_json TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_error TEXT NOT NULL,
    PRIMARY KEY (feed_url, item_key)
);
CREATE TABLE IF NOT EXISTS article_signatures (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    signature BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS article_copies (
    original_id TEXT NOT NULL REFERENCES articles(id),
    origin TEXT NOT NULL,
    title TEXT,
    outlet TEXT,
    url TEXT,
    published TEXT,
    resemblance REAL NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (original_id, origin)
);
CREATE TABLE IF NOT EXISTS ingest_errors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    origin TEXT NOT NULL,
    problem TEXT NOT NULL,
    at TEXT NOT NULL
);
";

fn corrupt(what: impl Into<String>) -> impl FnOnce(serde_json::Error) -> StoreError {
    let what = what.into();
    move |source| StoreError::Corrupt { what, source }
}

impl Store {
    /// Opens (creating if needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
                path: path.to_path_buf(),
                source,
            })?;
        }
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Store::init(conn, path.to_path_buf())
    }

    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?, PathBuf::from(":memory:"))
    }

    fn init(conn: Connection, path: PathBuf) -> Result<Store> {
        let opened = |source| StoreError::Open {
            path: path.clone(),
            source,
        };
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(opened)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(opened)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(opened)?;
        conn.execute_batch(SCHEMA).map_err(opened)?;
        conn.execute_batch(&web::schema()).map_err(opened)?;
        let found: Option<i64> = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |row| row.get::<_, String>(0),
            )
            .optional()?
            .and_then(|v| v.parse().ok());
        match found {
            Some(version) if version > SCHEMA_VERSION => {
                return Err(StoreError::TooNew {
                    path,
                    found: version,
                })
            }
            Some(1) => {
                // Version 2 adds story merges (a redirect column and a change log, created
                // above with the rest of the schema) and each article's event.
                let tx = conn.unchecked_transaction()?;
                tx.execute_batch(
                    "ALTER TABLE stories ADD COLUMN merged_into INTEGER REFERENCES stories(id);
                     ALTER TABLE story_articles ADD COLUMN event_id INTEGER;
                     UPDATE meta SET value = '2' WHERE key = 'schema_version';",
                )?;
                tx.commit()?;
            }
            Some(_) => {}
            None => {
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?1)",
                    params![SCHEMA_VERSION.to_string()],
                )?;
            }
        }
        // After any migration, so that the column exists.
        conn.execute(
            "CREATE INDEX IF NOT EXISTS story_articles_by_event ON story_articles(event_id)",
            [],
        )?;
        let mut store = Store { conn, path };
        store.ensure_web_index()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn has_article(&self, id: &str) -> bool {
        self.conn
            .query_row("SELECT 1 FROM articles WHERE id = ?1", params![id], |_| {
                Ok(())
            })
            .optional()
            .ok()
            .flatten()
            .is_some()
    }

    pub fn create_story(&mut self) -> Result<i64> {
        let now = now_utc_iso();
        self.conn.execute(
            "INSERT INTO stories (created_at, updated_at) VALUES (?1, ?1)",
            params![now],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Stores an article, its analysis and its story assignment in one transaction.
    pub fn insert_article(
        &mut self,
        analyzed: &AnalyzedArticle,
        profile: &Profile,
        story: i64,
        event: i64,
        score: Option<f64>,
    ) -> Result<()> {
        let article = &analyzed.article;
        let now = now_utc_iso();
        let article_json = serde_json::to_string(article).expect("articles serialise");
        let analysis_json = serde_json::to_string(&analyzed.doc).expect("analyses serialise");
        let profile_json = serde_json::to_string(profile).expect("profiles serialise");
        let tx = self.conn.transaction()?;
        let inserted = tx.execute(
            "INSERT OR IGNORE INTO articles (id, origin, title, outlet, published, url, ingested_at, simhash, article_json, analysis_json, analyzer_version, profile_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                article.id,
                article.origin,
                article.meta.title,
                article.meta.outlet,
                article.meta.published,
                article.meta.url,
                now,
                dedup::simhash(&article.text) as i64,
                article_json,
                analysis_json,
                ANALYZER_VERSION,
                profile_json,
            ],
        )?;
        if inserted == 1 {
            web::index_article(&tx, tx.last_insert_rowid(), article)?;
        }
        tx.execute(
            "INSERT OR IGNORE INTO article_signatures (article_id, signature) VALUES (?1, ?2)",
            params![
                article.id,
                dedup::signature_bytes(&dedup::CopyPrint::of(&article.text).signature)
            ],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO story_articles (article_id, story_id, score, assigned_at, event_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![article.id, story, score, now, event],
        )?;
        tx.execute(
            "UPDATE stories SET updated_at = ?1 WHERE id = ?2",
            params![now, story],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The story an id stands for now: itself, or the story it was merged into.
    pub fn resolve_story(&self, story: i64) -> Result<i64> {
        let mut current = story;
        for _ in 0..64 {
            let next: Option<Option<i64>> = self
                .conn
                .query_row(
                    "SELECT merged_into FROM stories WHERE id = ?1",
                    params![current],
                    |row| row.get(0),
                )
                .optional()?;
            match next {
                None => return Err(StoreError::NoStory(story)),
                Some(None) => return Ok(current),
                Some(Some(into)) => current = into,
            }
        }
        Ok(current)
    }

    /// Story `from` is the same story as `into`: its articles move there and its id
    /// redirects. Recorded in the change log.
    pub fn merge_stories(&mut self, from: i64, into: i64, score: f64) -> Result<()> {
        let now = now_utc_iso();
        let tx = self.conn.transaction()?;
        let moved = tx.execute(
            "UPDATE story_articles SET story_id = ?1 WHERE story_id = ?2",
            params![into, from],
        )?;
        tx.execute(
            "UPDATE stories SET merged_into = ?1, updated_at = ?2 WHERE id = ?3",
            params![into, now, from],
        )?;
        tx.execute(
            "UPDATE stories SET updated_at = ?1 WHERE id = ?2",
            params![now, into],
        )?;
        tx.execute(
            "INSERT INTO story_changes (at, kind, story_id, other_id, articles, score) VALUES (?1, 'merge', ?2, ?3, ?4, ?5)",
            params![now, from, into, moved as i64, score],
        )?;
        web::unindex_story(&tx, from)?;
        tx.commit()?;
        Ok(())
    }

    /// Event `from` turned out to be event `into`: its articles move there.
    pub fn merge_events(&mut self, from: i64, into: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE story_articles SET event_id = ?1 WHERE event_id = ?2",
            params![into, from],
        )?;
        Ok(())
    }

    /// An event id no stored article uses yet.
    pub fn next_event_id(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(MAX(event_id), 0) + 1 FROM story_articles",
            [],
            |row| row.get(0),
        )?)
    }

    /// Articles of story `from` drifted apart: they move to the new story `into`.
    /// Recorded in the change log.
    pub fn split_story(
        &mut self,
        from: i64,
        into: i64,
        articles: &[String],
        score: f64,
    ) -> Result<()> {
        let now = now_utc_iso();
        let tx = self.conn.transaction()?;
        let mut moved = 0;
        for article in articles {
            moved += tx.execute(
                "UPDATE story_articles SET story_id = ?1 WHERE article_id = ?2 AND story_id = ?3",
                params![into, article, from],
            )?;
        }
        tx.execute(
            "UPDATE stories SET updated_at = ?1 WHERE id IN (?2, ?3)",
            params![now, from, into],
        )?;
        tx.execute(
            "INSERT INTO story_changes (at, kind, story_id, other_id, articles, score) VALUES (?1, 'split', ?2, ?3, ?4, ?5)",
            params![now, from, into, moved as i64, score],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The log of merges and splits, oldest first.
    pub fn story_changes(&self) -> Result<Vec<StoryChange>> {
        let mut statement = self.conn.prepare(
            "SELECT at, kind, story_id, other_id, articles, score FROM story_changes ORDER BY id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(StoryChange {
                at: row.get(0)?,
                kind: row.get(1)?,
                story: row.get(2)?,
                other: row.get(3)?,
                articles: row.get(4)?,
                score: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn record_error(&mut self, error: &InputError) -> Result<()> {
        self.conn.execute(
            "INSERT INTO ingest_errors (origin, problem, at) VALUES (?1, ?2, ?3)",
            params![error.origin, error.problem, now_utc_iso()],
        )?;
        Ok(())
    }

    /// Every stored article's placement and cluster profile, in insertion order.
    pub fn profiles(&self) -> Result<Vec<StoredProfile>> {
        self.recent_profiles(u64::MAX)
    }

    /// The placement and cluster profile of the `limit` most recently stored articles, in
    /// insertion order: what the clusterer's window holds.
    pub fn recent_profiles(&self, limit: u64) -> Result<Vec<StoredProfile>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut statement = self.conn.prepare(
            "SELECT story_id, profile_json, id, event_id FROM (
                 SELECT s.story_id, a.profile_json, a.id, s.event_id, a.rowid AS position
                 FROM articles a JOIN story_articles s ON s.article_id = a.id
                 ORDER BY a.rowid DESC LIMIT ?1)
             ORDER BY position",
        )?;
        let rows = statement.query_map(params![limit], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<i64>>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (story, json, article, event) = row?;
            let profile: Profile = serde_json::from_str(&json)
                .map_err(corrupt(format!("profile of article {article}")))?;
            out.push(StoredProfile {
                article,
                story,
                event,
                profile,
            });
        }
        Ok(out)
    }

    pub fn story_exists(&self, story: i64) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM stories WHERE id = ?1",
                params![story],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// A story's articles: by publication date (undated last), then ingestion order.
    /// Analyses made by an older analyser are redone (and saved).
    pub fn story_articles(&mut self, story: i64) -> Result<Vec<AnalyzedArticle>> {
        if !self.story_exists(story)? {
            return Err(StoreError::NoStory(story));
        }
        let rows: Vec<(String, String, String, i64)> = {
            let mut statement = self.conn.prepare(
                "SELECT a.id, a.article_json, a.analysis_json, a.analyzer_version
                 FROM articles a JOIN story_articles s ON s.article_id = a.id
                 WHERE s.story_id = ?1
                 ORDER BY a.published IS NULL, a.published, a.rowid",
            )?;
            let rows = statement.query_map(params![story], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut out = Vec::new();
        for (id, article_json, analysis_json, version) in rows {
            let article =
                serde_json::from_str(&article_json).map_err(corrupt(format!("article {id}")))?;
            if version == i64::from(ANALYZER_VERSION) {
                let doc = serde_json::from_str(&analysis_json)
                    .map_err(corrupt(format!("analysis of article {id}")))?;
                out.push(AnalyzedArticle { article, doc });
                continue;
            }
            match analyze_safely(article) {
                Ok(analyzed) => {
                    self.conn.execute(
                        "UPDATE articles SET analysis_json = ?1, analyzer_version = ?2 WHERE id = ?3",
                        params![
                            serde_json::to_string(&analyzed.doc).expect("analyses serialise"),
                            ANALYZER_VERSION,
                            id
                        ],
                    )?;
                    out.push(analyzed);
                }
                Err(error) => self.record_error(&error)?,
            }
        }
        Ok(out)
    }

    /// Saves a dossier as the story's next version unless it equals the latest one.
    /// Returns the new version number, or `None` when nothing changed.
    pub fn save_dossier(&mut self, story: i64, dossier: &Dossier) -> Result<Option<i64>> {
        let mut plain = dossier.clone();
        plain.story = None;
        let json = serde_json::to_string(&plain).expect("dossiers serialise");
        let hash: String = Sha256::digest(json.as_bytes())[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let latest: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT version, content_hash FROM dossier_versions WHERE story_id = ?1 ORDER BY version DESC LIMIT 1",
                params![story],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        if latest.as_ref().is_some_and(|(_, h)| *h == hash) {
            return Ok(None);
        }
        let version = latest.map_or(1, |(v, _)| v + 1);
        let now = now_utc_iso();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO dossier_versions (story_id, version, created_at, content_hash, dossier_json) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![story, version, now, hash, json],
        )?;
        tx.execute(
            "UPDATE stories SET headline = ?1, updated_at = ?2 WHERE id = ?3",
            params![dossier.headline.text, now, story],
        )?;
        web::index_dossier(&tx, story, dossier)?;
        tx.commit()?;
        Ok(Some(version))
    }

    /// A version of a story's dossier (the latest when `version` is `None`).
    pub fn dossier(&self, story: i64, version: Option<i64>) -> Result<StoredDossier> {
        if !self.story_exists(story)? {
            return Err(StoreError::NoStory(story));
        }
        let latest: i64 = self.conn.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM dossier_versions WHERE story_id = ?1",
            params![story],
            |row| row.get(0),
        )?;
        let wanted = version.unwrap_or(latest);
        let row: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT created_at, dossier_json FROM dossier_versions WHERE story_id = ?1 AND version = ?2",
                params![story, wanted],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let Some((created_at, json)) = row else {
            return Err(StoreError::NoVersion {
                story,
                version: wanted,
                latest,
            });
        };
        let mut dossier: Dossier = serde_json::from_str(&json)
            .map_err(corrupt(format!("dossier {story} version {wanted}")))?;
        dossier.story = Some(StoryRef {
            id: story,
            version: wanted,
            created_at: created_at.clone(),
        });
        Ok(StoredDossier {
            story,
            version: wanted,
            created_at,
            dossier,
        })
    }

    /// Every version number of a story with its creation time.
    pub fn versions(&self, story: i64) -> Result<Vec<(i64, String)>> {
        if !self.story_exists(story)? {
            return Err(StoreError::NoStory(story));
        }
        let mut statement = self.conn.prepare(
            "SELECT version, created_at FROM dossier_versions WHERE story_id = ?1 ORDER BY version",
        )?;
        let rows = statement.query_map(params![story], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// All stories, newest activity first.
    pub fn stories(&self) -> Result<Vec<StorySummary>> {
        let mut statement = self.conn.prepare(
            "SELECT s.id, s.headline, s.updated_at,
                    (SELECT COUNT(*) FROM story_articles sa WHERE sa.story_id = s.id),
                    (SELECT COUNT(*) FROM dossier_versions v WHERE v.story_id = s.id),
                    (SELECT MIN(a.published) FROM articles a JOIN story_articles sa ON sa.article_id = a.id WHERE sa.story_id = s.id),
                    (SELECT MAX(a.published) FROM articles a JOIN story_articles sa ON sa.article_id = a.id WHERE sa.story_id = s.id),
                    (SELECT f.dek FROM story_search f WHERE f.rowid = s.id)
             FROM stories s
             WHERE s.merged_into IS NULL
             ORDER BY s.updated_at DESC, s.id DESC",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(StorySummary {
                id: row.get(0)?,
                headline: row.get(1)?,
                updated_at: row.get(2)?,
                articles: row.get::<_, i64>(3)? as usize,
                versions: row.get(4)?,
                first_published: row.get(5)?,
                last_published: row.get(6)?,
                dek: row.get(7)?,
                outlets: Vec::new(),
            })
        })?;
        let mut stories: Vec<StorySummary> = rows.collect::<rusqlite::Result<_>>()?;
        let mut outlets = self.conn.prepare(
            "SELECT DISTINCT a.outlet FROM articles a JOIN story_articles sa ON sa.article_id = a.id
             WHERE sa.story_id = ?1 AND a.outlet IS NOT NULL ORDER BY a.outlet",
        )?;
        for story in &mut stories {
            story.outlets = outlets
                .query_map(params![story.id], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(stories)
    }

    pub fn article_count(&self) -> Result<usize> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM articles", [], |row| {
                row.get::<_, i64>(0)
            })? as usize)
    }
}

/// A stored article as the clusterer sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredProfile {
    pub article: String,
    pub story: i64,
    /// Its event; `None` for articles stored before events were kept.
    pub event: Option<i64>,
    pub profile: Profile,
}

/// One entry of the story change log.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StoryChange {
    pub at: String,
    /// `merge`: `story` turned out to be `other` and redirects there. `split`: articles of
    /// `story` drifted apart and moved to the new story `other`.
    pub kind: String,
    pub story: i64,
    pub other: i64,
    /// Articles moved.
    pub articles: i64,
    /// The clusterer's similarity behind the decision.
    pub score: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{prepare_sources, Options};

    fn example_articles() -> Vec<AnalyzedArticle> {
        prepare_sources(crate::example::sources(), &Options::default()).articles
    }

    #[test]
    fn articles_round_trip_and_are_stored_once() {
        let mut store = Store::open_in_memory().unwrap();
        let story = store.create_story().unwrap();
        let articles = example_articles();
        for article in &articles {
            let profile = crate::cluster::profile(article);
            store
                .insert_article(article, &profile, story, 1, None)
                .unwrap();
            store
                .insert_article(article, &profile, story, 1, None)
                .unwrap();
        }
        assert_eq!(store.article_count().unwrap(), articles.len());
        let loaded = store.story_articles(story).unwrap();
        assert_eq!(loaded.len(), articles.len());
        // Dated articles first, by date; the undated one last.
        assert!(loaded.last().unwrap().article.meta.published.is_none());
        let back = loaded
            .iter()
            .find(|a| a.article.id == articles[0].article.id)
            .unwrap();
        assert_eq!(back, &articles[0]);
    }

    #[test]
    fn dossier_versions_are_saved_only_when_they_change() {
        let mut store = Store::open_in_memory().unwrap();
        let story = store.create_story().unwrap();
        let articles = example_articles();
        let first = crate::pipeline::build_dossier(&articles[..2]).unwrap();
        assert_eq!(store.save_dossier(story, &first).unwrap(), Some(1));
        assert_eq!(store.save_dossier(story, &first).unwrap(), None);
        let second = crate::pipeline::build_dossier(&articles).unwrap();
        assert_eq!(store.save_dossier(story, &second).unwrap(), Some(2));
        let stored = store.dossier(story, Some(1)).unwrap();
        assert_eq!(stored.dossier.headline, first.headline);
        assert_eq!(stored.dossier.story.as_ref().unwrap().version, 1);
        assert!(matches!(
            store.dossier(story, Some(9)),
            Err(StoreError::NoVersion { latest: 2, .. })
        ));
        assert!(matches!(
            store.dossier(99, None),
            Err(StoreError::NoStory(99))
        ));
    }

    fn stored_example() -> (Store, i64, Vec<String>) {
        let mut store = Store::open_in_memory().unwrap();
        let story = store.create_story().unwrap();
        let mut ids = Vec::new();
        for article in &example_articles() {
            let profile = crate::cluster::profile(article);
            store
                .insert_article(article, &profile, story, 1, None)
                .unwrap();
            ids.push(article.article.id.clone());
        }
        (store, story, ids)
    }

    #[test]
    fn a_merged_story_redirects_and_is_logged() {
        let (mut store, first, ids) = stored_example();
        let second = store.create_story().unwrap();
        store.split_story(first, second, &ids[..2], 0.05).unwrap();
        assert_eq!(store.story_articles(second).unwrap().len(), 2);
        assert_eq!(store.story_articles(first).unwrap().len(), ids.len() - 2);
        assert_eq!(store.stories().unwrap().len(), 2);

        store.merge_stories(second, first, 0.6).unwrap();
        assert_eq!(store.resolve_story(second).unwrap(), first);
        assert_eq!(store.resolve_story(first).unwrap(), first);
        assert!(matches!(
            store.resolve_story(42),
            Err(StoreError::NoStory(42))
        ));
        assert_eq!(store.story_articles(first).unwrap().len(), ids.len());
        assert!(store.story_articles(second).unwrap().is_empty());
        let listed: Vec<i64> = store.stories().unwrap().iter().map(|s| s.id).collect();
        assert_eq!(listed, vec![first], "a merged story is not listed");
        // Profiles come back under the surviving story.
        assert!(store.profiles().unwrap().iter().all(|p| p.story == first));

        let log: Vec<(String, i64, i64, i64)> = store
            .story_changes()
            .unwrap()
            .into_iter()
            .map(|c| (c.kind, c.story, c.other, c.articles))
            .collect();
        assert_eq!(
            log,
            vec![
                ("split".to_string(), first, second, 2),
                ("merge".to_string(), second, first, 2)
            ]
        );
    }

    #[test]
    fn recent_profiles_are_the_newest_in_insertion_order() {
        let (store, _, ids) = stored_example();
        let all: Vec<String> = store
            .profiles()
            .unwrap()
            .into_iter()
            .map(|p| p.article)
            .collect();
        assert_eq!(all, ids);
        let recent: Vec<String> = store
            .recent_profiles(2)
            .unwrap()
            .into_iter()
            .map(|p| p.article)
            .collect();
        assert_eq!(recent, ids[ids.len() - 2..]);
    }

    #[test]
    fn events_are_stored_and_merged() {
        let (mut store, _, ids) = stored_example();
        assert_eq!(
            store.next_event_id().unwrap(),
            2,
            "the example stored event 1"
        );
        assert!(store.profiles().unwrap().iter().all(|p| p.event == Some(1)));
        store.merge_events(1, 5).unwrap();
        assert!(store.profiles().unwrap().iter().all(|p| p.event == Some(5)));
        assert_eq!(store.next_event_id().unwrap(), 6);
        assert_eq!(store.profiles().unwrap().len(), ids.len());
    }

    #[test]
    fn redirects_chain_through_successive_merges() {
        let (mut store, first, _) = stored_example();
        let second = store.create_story().unwrap();
        let third = store.create_story().unwrap();
        store.merge_stories(first, second, 0.5).unwrap();
        store.merge_stories(second, third, 0.5).unwrap();
        assert_eq!(store.resolve_story(first).unwrap(), third);
        assert_eq!(
            store.story_articles(third).unwrap().len(),
            example_articles().len()
        );
    }

    #[test]
    fn a_version_1_store_is_migrated_without_losing_anything() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        {
            let mut store = Store::open(&path).unwrap();
            let story = store.create_story().unwrap();
            for article in &example_articles() {
                let profile = crate::cluster::profile(article);
                store
                    .insert_article(article, &profile, story, 1, None)
                    .unwrap();
            }
        }
        // Turn it back into what version 1 wrote.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE story_changes;
             ALTER TABLE stories DROP COLUMN merged_into;
             DROP INDEX story_articles_by_event;
             ALTER TABLE story_articles DROP COLUMN event_id;
             UPDATE meta SET value = '1' WHERE key = 'schema_version';",
        )
        .unwrap();
        drop(conn);

        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.article_count().unwrap(), example_articles().len());
        assert!(
            store.profiles().unwrap().iter().all(|p| p.event.is_none()),
            "events unknown before version 2"
        );
        assert_eq!(store.next_event_id().unwrap(), 1);
        assert_eq!(store.resolve_story(1).unwrap(), 1);
        let second = store.create_story().unwrap();
        store.merge_stories(1, second, 0.5).unwrap();
        assert_eq!(store.story_changes().unwrap().len(), 1);
        drop(store);
        let conn = Connection::open(&path).unwrap();
        let version: String = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION.to_string());
    }

    #[test]
    fn a_store_from_a_newer_newsdesk_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.execute(
            "UPDATE meta SET value = '99' WHERE key = 'schema_version'",
            [],
        )
        .unwrap();
        drop(conn);
        let error = Store::open(&path).err().unwrap();
        assert!(error.to_string().contains("newer newsdesk"), "{error}");
    }
}
