//! The server's database through sqlx's `Any` driver: an embedded SQLite file by
//! default (WAL mode), or PostgreSQL when the URL says `postgres://`. Both run
//! the same migrations and the same queries (SQL the two share, `$n` parameters).
use sqlx::any::AnyPoolOptions;
use sqlx::Executor;
use sqlx::{Any, AnyPool, Transaction};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Database {
    pool: AnyPool,
    /// Where pushes and imports write: on SQLite one connection of its own. SQLite
    /// takes one writer at a time, and a writer that finds the lock taken sleeps
    /// and polls (up to 100 ms a sleep); and a connection whose pages another
    /// connection changed reads them again from the file. One writer connection
    /// keeps its page cache warm and its writers in a queue.
    writer: AnyPool,
    backend: Backend,
    url: String,
}

/// Every SQLite connection: memory-mapped reads of the database file.
const SQLITE_PRAGMAS: &str = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
    PRAGMA synchronous = NORMAL; PRAGMA mmap_size = 1073741824;";

/// The SQLite writer's pool: one connection for good, with a 64 MiB page cache,
/// waiting as long as a request may.
async fn sqlite_writer(url: &str) -> anyhow::Result<AnyPool> {
    AnyPoolOptions::new()
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .acquire_timeout(crate::REQUEST_TIMEOUT)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute(SQLITE_PRAGMAS).await?;
                conn.execute("PRAGMA cache_size = -65536").await?;
                Ok(())
            })
        })
        .connect(url)
        .await
        .map_err(|err| anyhow::anyhow!("cannot open the database {url:?} to write: {err}"))
}

impl Database {
    /// Opens (for SQLite, creating the file and its directory if needed) and migrates.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            anyhow::bail!("unsupported database URL {url:?}: use sqlite://FILE or postgres://…");
        };
        let mut connect_url = url.to_owned();
        // Every connection to an in-memory SQLite is a database of its own: keep
        // exactly one, for good, so what is migrated is what is queried.
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let mut pool = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        if backend == Backend::Sqlite {
            if !in_memory {
                let path = sqlite_path(url);
                if let Some(dir) = std::path::Path::new(path).parent() {
                    if !dir.as_os_str().is_empty() {
                        std::fs::create_dir_all(dir).map_err(|err| {
                            anyhow::anyhow!(
                                "cannot create the data directory {}: {err}",
                                dir.display()
                            )
                        })?;
                    }
                }
                if !url.contains("mode=") {
                    connect_url.push_str(if url.contains('?') {
                        "&mode=rwc"
                    } else {
                        "?mode=rwc"
                    });
                }
            }
            pool = pool.after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute(SQLITE_PRAGMAS).await?;
                    Ok(())
                })
            });
            pool = if in_memory {
                pool.max_connections(1)
                    .min_connections(1)
                    .idle_timeout(None)
                    .max_lifetime(None)
            } else {
                pool.max_connections(8)
            };
        } else {
            pool = pool.max_connections(16);
        }
        let pool = pool
            .connect(&connect_url)
            .await
            .map_err(|err| anyhow::anyhow!("cannot open the database {url:?}: {err}"))?;
        if backend == Backend::Sqlite && !in_memory {
            // Persistent in the file: readers do not wait for the writer.
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
        }
        sqlx::migrate!("./migrations").run(&pool).await?;
        sqlx::query(
            "INSERT INTO server_meta (key, value) VALUES ('instance_id', $1) ON CONFLICT (key) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().simple().to_string())
        .execute(&pool)
        .await?;
        let writer = if backend == Backend::Sqlite && !in_memory {
            sqlite_writer(&connect_url).await?
        } else {
            pool.clone()
        };
        Ok(Self {
            pool,
            writer,
            backend,
            url: url.to_owned(),
        })
    }

    /// Begins a transaction that writes records (pushes, imports). On SQLite it
    /// runs on the one writer connection, so writers queue in order and find the
    /// lock free; on PostgreSQL any connection (rows are locked).
    pub async fn begin_write(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        self.writer.begin().await
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The backend plus where, for logs (a PostgreSQL password is not shown).
    pub fn describe(&self) -> String {
        let place = match self.backend {
            Backend::Sqlite => self.url.clone(),
            Backend::Postgres => self
                .url
                .rsplit_once('@')
                .map_or_else(|| self.url.clone(), |(_, host)| host.to_owned()),
        };
        format!("{} ({place})", self.backend.name())
    }

    /// The id of this server database, stable for its life.
    pub async fn instance_id(&self) -> Result<String, sqlx::Error> {
        sqlx::query_scalar("SELECT value FROM server_meta WHERE key = 'instance_id'")
            .fetch_one(&self.pool)
            .await
    }

    pub async fn close(&self) {
        self.writer.close().await;
        if self.backend == Backend::Sqlite {
            // Leaves the whole database in its file (and an empty WAL) behind.
            let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await;
        }
        self.pool.close().await;
    }
}

/// The file of a `sqlite:` URL.
fn sqlite_path(url: &str) -> &str {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    rest.split('?').next().unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_of_a_sqlite_url() {
        assert_eq!(
            sqlite_path("sqlite:///srv/r/revisit.db"),
            "/srv/r/revisit.db"
        );
        assert_eq!(
            sqlite_path("sqlite://data/revisit.db?mode=rwc"),
            "data/revisit.db"
        );
        assert_eq!(sqlite_path("sqlite:x.db"), "x.db");
    }
}
