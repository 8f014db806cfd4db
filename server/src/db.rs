//! The server's database through sqlx's `Any` driver: an embedded SQLite file by
//! default (WAL mode), or PostgreSQL when the URL says `postgres://`. Both run
//! the same migrations and the same queries (SQL the two share, `$n` parameters).
use sqlx::any::AnyPoolOptions;
use sqlx::pool::PoolConnection;
use sqlx::Executor;
use sqlx::{Any, AnyPool};
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

/// The writer's: a commit is on the disk before the push is answered 200 (in WAL
/// mode `NORMAL` may lose the last commits to a power cut; `FULL` syncs each).
const SQLITE_WRITER_PRAGMAS: &str = "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;";

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
                conn.execute(SQLITE_WRITER_PRAGMAS).await?;
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
                // SQLite takes an empty file for a new database: a truncated one (a
                // failed copy, a full disk) would start afresh, and every device
                // would be signed out. Refused, in words.
                if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0) {
                    anyhow::bail!(
                        "the database file {path} is empty (0 bytes): restore it from a backup \
                         (docs/deploy.md), or remove it to start a new, empty database"
                    );
                }
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
    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        let mut conn = self.writer.acquire().await?;
        let begin = match self.backend {
            // The write lock now, not at the first write: no upgrade to fail later.
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        if let Err(err) = conn.execute(begin).await {
            discard(conn);
            return Err(err);
        }
        Ok(WriteTx { conn: Some(conn) })
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

    /// SQLite's quick integrity check (pages and indexes; seconds on a big file):
    /// `Err` with what it found when the file is damaged. PostgreSQL: nothing to do.
    pub async fn quick_check(&self) -> anyhow::Result<()> {
        if self.backend != Backend::Sqlite {
            return Ok(());
        }
        let found: Vec<String> = sqlx::query_scalar("PRAGMA quick_check")
            .fetch_all(&self.pool)
            .await?;
        if found == ["ok"] {
            Ok(())
        } else {
            anyhow::bail!(
                "the database {} is damaged ({}): restore it from a backup (docs/deploy.md); \
                 `revisit-server check` lists what is wrong",
                self.url,
                found.join("; ")
            )
        }
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

/// A write transaction that leaves its connection clean whatever happens: committed,
/// or rolled back, or — when either fails (a full disk, a read-only file, a lost
/// server) — the connection closed, so the pool opens a fresh one. (sqlx's own
/// `Transaction` keeps counting a transaction whose COMMIT failed as open: the next
/// "transactions" became savepoints inside one that never committed, and pushes
/// answered 200 were lost.) `&mut *tx` is the connection, to run statements on.
pub struct WriteTx {
    conn: Option<PoolConnection<Any>>,
}

impl WriteTx {
    /// Commits; on failure the transaction is rolled back (or its connection closed)
    /// and the error returned: nothing of it is in the database.
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        let mut conn = self.conn.take().expect("an open transaction");
        let committed = match injected_commit_failure() {
            Some(err) => Err(err),
            None => conn.execute("COMMIT").await.map(drop),
        };
        match committed {
            Ok(()) => Ok(()),
            Err(err) => {
                tracing::error!(%err, "a commit failed: rolled back, the connection replaced");
                let _ = conn.execute("ROLLBACK").await;
                discard(conn);
                Err(err)
            }
        }
    }
}

/// A commit that fails as on a read-only file, where a fault test asks for one
/// (FAILPOINTS=db-commit=…; nothing without the `failpoints` feature).
fn injected_commit_failure() -> Option<sqlx::Error> {
    fail::fail_point!("db-commit", |_| Some(sqlx::Error::Io(std::io::Error::new(
        std::io::ErrorKind::ReadOnlyFilesystem,
        "attempt to write a readonly database (injected)",
    ))));
    None
}

impl Drop for WriteTx {
    /// Dropped open (an error on the way): rolled back before the connection serves
    /// the next writer; if that fails too, the connection is closed instead.
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    if let Err(err) = conn.execute("ROLLBACK").await {
                        tracing::error!(%err, "a rollback failed: the connection replaced");
                        discard(conn);
                    }
                });
            }
            Err(_) => discard(conn),
        }
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &Self::Target {
        self.conn.as_ref().expect("an open transaction")
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.conn.as_mut().expect("an open transaction")
    }
}

/// Takes a connection out of its pool and closes it (SQLite and PostgreSQL roll an
/// open transaction back when its connection closes); the pool opens another.
fn discard(conn: PoolConnection<Any>) {
    drop(conn.detach());
}

/// `$first, $first+1, …` for `n` parameters (the SQL both databases share).
pub fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
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
    #[test]
    fn placeholders_count_from_the_first() {
        assert_eq!(super::placeholders(1, 3), "$1, $2, $3");
        assert_eq!(super::placeholders(4, 1), "$4");
    }

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
