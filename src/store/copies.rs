//! Near-duplicates: other outlets' copies of stored articles, kept as "also published by"
//! entries of the article they copy rather than as coverage of their own. The table is
//! additive: older stores gain it when opened.

use super::{corrupt, Result, Store};
use crate::article::Article;
use crate::date::now_utc_iso;
use crate::dedup::{self, Signature};
use crate::dossier::Republication;
use rusqlite::{params, OptionalExtension};

impl Store {
    /// The ids and copy signatures of the `limit` most recently stored articles, newest
    /// first: what a new article is checked against for being a copy. Articles stored
    /// before signatures were kept get theirs computed and saved here, once.
    pub fn recent_signatures(&mut self, limit: u64) -> Result<Vec<(String, Signature)>> {
        let rows: Vec<(String, Option<Vec<u8>>)> = {
            let mut statement = self.conn.prepare(
                "SELECT a.id, s.signature FROM articles a
                 LEFT JOIN article_signatures s ON s.article_id = a.id
                 ORDER BY a.rowid DESC LIMIT ?1",
            )?;
            let rows = statement.query_map(params![limit.min(i64::MAX as u64) as i64], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        let mut out = Vec::with_capacity(rows.len());
        let mut missing = Vec::new();
        for (id, stored) in rows {
            let signature = match stored.as_deref().and_then(dedup::signature_from_bytes) {
                Some(signature) => signature,
                None => {
                    let text = self.article_text(&id)?.unwrap_or_default();
                    let signature = dedup::CopyPrint::of(&text).signature;
                    missing.push((id.clone(), signature));
                    signature
                }
            };
            out.push((id, signature));
        }
        // One transaction for the backfill: an old store may lack thousands.
        if !missing.is_empty() {
            let tx = self.conn.transaction()?;
            for (id, signature) in &missing {
                tx.execute(
                    "INSERT OR REPLACE INTO article_signatures (article_id, signature) VALUES (?1, ?2)",
                    params![id, dedup::signature_bytes(signature)],
                )?;
            }
            tx.commit()?;
        }
        Ok(out)
    }

    /// A stored article's clean text.
    pub fn article_text(&self, id: &str) -> Result<Option<String>> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT article_json FROM articles WHERE id = ?1",
                params![id],
                |row| row.get(0),
            )
            .optional()?;
        match json {
            None => Ok(None),
            Some(json) => {
                let article: Article =
                    serde_json::from_str(&json).map_err(corrupt(format!("article {id}")))?;
                Ok(Some(article.text))
            }
        }
    }

    /// The story an article belongs to (following merges).
    pub fn story_of(&self, article: &str) -> Result<Option<i64>> {
        let story: Option<i64> = self
            .conn
            .query_row(
                "SELECT story_id FROM story_articles WHERE article_id = ?1",
                params![article],
                |row| row.get(0),
            )
            .optional()?;
        story.map(|s| self.resolve_story(s)).transpose()
    }

    /// Records a copy of a stored article; `false` when that copy was already recorded.
    pub fn add_copy(&mut self, copy: &Republication) -> Result<bool> {
        Ok(self.conn.execute(
            "INSERT OR IGNORE INTO article_copies
                (original_id, origin, title, outlet, url, published, resemblance, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                copy.original,
                copy.origin,
                copy.title,
                copy.outlet,
                copy.url,
                copy.published,
                copy.resemblance,
                now_utc_iso()
            ],
        )? == 1)
    }

    /// The copies of the given articles.
    pub fn copies_of(&self, articles: &[String]) -> Result<Vec<Republication>> {
        let mut statement = self.conn.prepare(
            "SELECT original_id, origin, title, outlet, url, published, resemblance
             FROM article_copies WHERE original_id = ?1 ORDER BY published, origin",
        )?;
        let mut out = Vec::new();
        for article in articles {
            let rows = statement.query_map(params![article], |row| {
                Ok(Republication {
                    original: row.get(0)?,
                    origin: row.get(1)?,
                    title: row.get(2)?,
                    outlet: row.get(3)?,
                    url: row.get(4)?,
                    published: row.get(5)?,
                    resemblance: row.get(6)?,
                })
            })?;
            for row in rows {
                out.push(row?);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_signatures_are_backfilled_and_copies_listed() {
        let mut store = Store::open_in_memory().unwrap();
        let sources = crate::example::sources();
        let report = crate::pipeline::ingest(
            &mut store,
            sources,
            &crate::pipeline::Options::default(),
            &mut |_, _| {},
        )
        .unwrap();
        assert!(!report.added.is_empty());
        // As a store written before signatures were kept.
        store
            .conn
            .execute("DELETE FROM article_signatures", [])
            .unwrap();
        let recent = store.recent_signatures(100).unwrap();
        assert_eq!(recent.len(), report.added.len());
        let kept: i64 = store
            .conn
            .query_row("SELECT COUNT(*) FROM article_signatures", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept as usize, recent.len());

        let (original, _) = &recent[0];
        let copy = Republication {
            original: original.clone(),
            origin: "tidewire.txt".into(),
            title: Some("Copy".into()),
            outlet: Some("Tidewire".into()),
            url: None,
            published: Some("2031-03-05".into()),
            resemblance: 0.8,
        };
        assert!(store.add_copy(&copy).unwrap());
        assert!(!store.add_copy(&copy).unwrap());
        assert_eq!(
            store.copies_of(std::slice::from_ref(original)).unwrap(),
            vec![copy]
        );
        assert!(store.story_of(original).unwrap().is_some());
    }
}
