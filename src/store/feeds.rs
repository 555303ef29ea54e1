//! The feeds a user follows, their HTTP validators and poll status, and the items already
//! taken from each (so that a poll only ingests what is new). The tables are additive:
//! older stores gain them when opened, and older builds ignore them.

use super::{corrupt, Result, Store};
use crate::date::now_utc_iso;
use crate::feeds::{FeedItem, FeedRecord};
use crate::ingest::fetch::Validators;
use rusqlite::{params, OptionalExtension};

impl Store {
    /// Follows a feed; `false` when it was already followed (its title is then updated
    /// when one is given).
    pub fn add_feed(&mut self, url: &str, title: Option<&str>) -> Result<bool> {
        let added = self.conn.execute(
            "INSERT OR IGNORE INTO feeds (url, title, added_at) VALUES (?1, ?2, ?3)",
            params![url, title, now_utc_iso()],
        )? == 1;
        if !added && title.is_some() {
            self.conn.execute(
                "UPDATE feeds SET title = ?2 WHERE url = ?1",
                params![url, title],
            )?;
        }
        Ok(added)
    }

    /// Stops following a feed (and forgets its seen items); `false` when it was not followed.
    pub fn remove_feed(&mut self, url: &str) -> Result<bool> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM feed_items WHERE feed_url = ?1", params![url])?;
        tx.execute("DELETE FROM feed_pending WHERE feed_url = ?1", params![url])?;
        let removed = tx.execute("DELETE FROM feeds WHERE url = ?1", params![url])? == 1;
        tx.commit()?;
        Ok(removed)
    }

    /// The followed feeds, in the order they were added.
    pub fn feeds(&self) -> Result<Vec<FeedRecord>> {
        let mut statement = self.conn.prepare(
            "SELECT url, title, added_at, etag, last_modified, last_polled, last_status, failures
             FROM feeds ORDER BY rowid",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(FeedRecord {
                url: row.get(0)?,
                title: row.get(1)?,
                added_at: row.get(2)?,
                validators: Validators {
                    etag: row.get(3)?,
                    last_modified: row.get(4)?,
                },
                last_polled: row.get(5)?,
                last_status: row.get(6)?,
                failures: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Records a poll's outcome: new validators and the status line on success (failures
    /// reset), or the error (failures counted, validators kept).
    pub fn record_poll(
        &mut self,
        url: &str,
        outcome: std::result::Result<(&Validators, &str), &str>,
        feed_title: Option<&str>,
    ) -> Result<()> {
        let now = now_utc_iso();
        match outcome {
            Ok((validators, status)) => self.conn.execute(
                "UPDATE feeds SET etag = ?2, last_modified = ?3, last_polled = ?4, last_status = ?5,
                        failures = 0, title = COALESCE(title, ?6)
                 WHERE url = ?1",
                params![
                    url,
                    validators.etag,
                    validators.last_modified,
                    now,
                    status,
                    feed_title
                ],
            )?,
            Err(problem) => self.conn.execute(
                "UPDATE feeds SET last_polled = ?2, last_status = ?3, failures = failures + 1
                 WHERE url = ?1",
                params![url, now, format!("error: {problem}")],
            )?,
        };
        Ok(())
    }

    /// Keeps an item whose page failed to download, counting the attempt; returns the
    /// attempts made so far.
    pub fn add_pending(&mut self, feed_url: &str, item: &FeedItem, problem: &str) -> Result<i64> {
        let json = serde_json::to_string(item).expect("feed items serialise");
        self.conn.execute(
            "INSERT INTO feed_pending (feed_url, item_key, item_json, attempts, last_error)
             VALUES (?1, ?2, ?3, 1, ?4)
             ON CONFLICT (feed_url, item_key) DO UPDATE SET attempts = attempts + 1, last_error = ?4",
            params![feed_url, item.key, json, problem],
        )?;
        Ok(self.conn.query_row(
            "SELECT attempts FROM feed_pending WHERE feed_url = ?1 AND item_key = ?2",
            params![feed_url, item.key],
            |row| row.get(0),
        )?)
    }

    /// The feed's pending items, oldest first.
    pub fn pending_items(&self, feed_url: &str) -> Result<Vec<FeedItem>> {
        let mut statement = self
            .conn
            .prepare("SELECT item_json FROM feed_pending WHERE feed_url = ?1 ORDER BY rowid")?;
        let rows = statement.query_map(params![feed_url], |row| row.get::<_, String>(0))?;
        let mut items = Vec::new();
        for json in rows {
            let json = json?;
            items.push(serde_json::from_str(&json).map_err(corrupt("a pending feed item"))?);
        }
        Ok(items)
    }

    pub fn remove_pending(&mut self, feed_url: &str, keys: &[String]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for key in keys {
            tx.execute(
                "DELETE FROM feed_pending WHERE feed_url = ?1 AND item_key = ?2",
                params![feed_url, key],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn feed_item_seen(&self, feed_url: &str, key: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM feed_items WHERE feed_url = ?1 AND item_key = ?2",
                params![feed_url, key],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    pub fn mark_feed_items_seen(&mut self, feed_url: &str, keys: &[String]) -> Result<()> {
        let tx = self.conn.transaction()?;
        let now = now_utc_iso();
        for key in keys {
            tx.execute(
                "INSERT OR IGNORE INTO feed_items (feed_url, item_key, seen_at) VALUES (?1, ?2, ?3)",
                params![feed_url, key, now],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_are_added_once_polled_and_removed_with_their_items() {
        let mut store = Store::open_in_memory().unwrap();
        assert!(store
            .add_feed("https://coastline.example/rss", None)
            .unwrap());
        assert!(!store
            .add_feed("https://coastline.example/rss", Some("Coastline"))
            .unwrap());
        let validators = Validators {
            etag: Some("\"v1\"".into()),
            last_modified: None,
        };
        store
            .record_poll(
                "https://coastline.example/rss",
                Ok((&validators, "ok: 2 new items")),
                Some("Feed title"),
            )
            .unwrap();
        store
            .mark_feed_items_seen("https://coastline.example/rss", &["a".into(), "b".into()])
            .unwrap();
        let feeds = store.feeds().unwrap();
        assert_eq!(feeds.len(), 1);
        assert_eq!(feeds[0].title.as_deref(), Some("Coastline"));
        assert_eq!(feeds[0].validators, validators);
        assert!(store
            .feed_item_seen("https://coastline.example/rss", "a")
            .unwrap());
        assert!(!store
            .feed_item_seen("https://coastline.example/rss", "c")
            .unwrap());

        store
            .record_poll("https://coastline.example/rss", Err("timed out"), None)
            .unwrap();
        let feed = &store.feeds().unwrap()[0];
        assert_eq!(feed.failures, 1);
        assert_eq!(feed.validators, validators);
        assert_eq!(feed.last_status.as_deref(), Some("error: timed out"));

        assert!(store.remove_feed("https://coastline.example/rss").unwrap());
        assert!(!store.remove_feed("https://coastline.example/rss").unwrap());
        assert!(!store
            .feed_item_seen("https://coastline.example/rss", "a")
            .unwrap());
    }
}
