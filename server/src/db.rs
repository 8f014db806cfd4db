//! The server's database: an embedded SQLite file by default (WAL mode), opened
//! and migrated at start.
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Database {
    pool: SqlitePool,
    url: String,
}

impl Database {
    /// Opens (creating the file and its directory if needed) and migrates.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|err| anyhow::anyhow!("invalid database URL {url:?}: {err}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        if let Some(dir) = options.get_filename().parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|err| {
                    anyhow::anyhow!("cannot create the data directory {}: {err}", dir.display())
                })?;
            }
        }
        // Every connection to `sqlite::memory:` is a database of its own: keep exactly
        // one, for good, so what is migrated is what is queried.
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let pool = if in_memory {
            SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
        } else {
            SqlitePoolOptions::new().max_connections(8)
        };
        let pool = pool
            .connect_with(options)
            .await
            .map_err(|err| anyhow::anyhow!("cannot open the database {url:?}: {err}"))?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        sqlx::query("INSERT OR IGNORE INTO server_meta (key, value) VALUES ('instance_id', lower(hex(randomblob(16))))")
            .execute(&pool)
            .await?;
        Ok(Self {
            pool,
            url: url.to_owned(),
        })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// "sqlite" plus where, for logs.
    pub fn describe(&self) -> String {
        format!("sqlite ({})", self.url)
    }

    /// The id of this server database, stable for its life.
    pub async fn instance_id(&self) -> Result<String, sqlx::Error> {
        sqlx::query_scalar("SELECT value FROM server_meta WHERE key = 'instance_id'")
            .fetch_one(&self.pool)
            .await
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
