//! Ballista: a scheduler, executors and a client with the functions registered, and a small
//! local cluster of child processes for examples and tests.
//!
//! A user-defined function has to be known on every node that plans or runs a query:
//!
//! - on the **scheduler**, which decodes the client's logical plan and plans it: its session
//!   builder ([`session_builder`]) builds each session's state with the functions;
//! - on each **executor**, which decodes the physical plan of every task: its function
//!   registry ([`function_registry`]) holds them;
//! - on the **client**, which plans the SQL: [`remote_context`] registers them on the context
//!   *after* Ballista has made it, because making a Ballista context resets the aggregate
//!   functions to the built-in ones.
//!
//! With the functions registered only on the client, the scheduler cannot decode the plan; with
//! them missing on the client, the SQL does not plan.
//!
//! [`Node`] runs a scheduler or an executor in the current process from command-line arguments
//! (the `service-quality-ballista` binary is one), and [`LocalCluster`] starts a scheduler and
//! executors as child processes of such a program on 127.0.0.1.
//!
//! # Examples
//!
//! ```no_run
//! use service_quality_datafusion::Functions;
//! use service_quality_datafusion::cluster::{LocalCluster, remote_context};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let functions = Functions::new();
//! // A program that runs `Node::from_args(...)`, like `service-quality-ballista`.
//! let program = std::path::Path::new("target/debug/service-quality-ballista");
//! let cluster = LocalCluster::start(program, &[], &functions, 2, &std::env::temp_dir())?;
//! let ctx = remote_context(&functions, &cluster.scheduler_url()).await?;
//! ctx.sql("SELECT proud_score(4, 5, 3, 4, 2)").await?.show().await?;
//! # Ok(())
//! # }
//! ```

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ballista::prelude::{SessionConfigExt, SessionContextExt};
use ballista_core::registry::BallistaFunctionRegistry;
use ballista_core::utils::default_session_builder;
use ballista_executor::executor_process::{ExecutorProcessConfig, start_executor_process};
use ballista_scheduler::SessionBuilder;
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use ballista_scheduler::scheduler_process::start_server;
use datafusion::execution::session_state::SessionStateBuilder;
use datafusion::prelude::{SessionConfig, SessionContext};

use crate::{Error, FormFunctions, Functions};

fn cluster_error(role: &'static str, reason: impl ToString) -> Error {
    Error::Cluster {
        role,
        reason: reason.to_string(),
    }
}

/// The scheduler's session builder: Ballista's default session state with the functions
/// registered.
pub fn session_builder(functions: &Functions) -> SessionBuilder {
    let functions = functions.clone();
    Arc::new(move |config: SessionConfig| {
        let mut state = default_session_builder(config)?;
        functions.register_with(&mut state)?;
        Ok(state)
    })
}

/// An executor's function registry: DataFusion's standard functions (scalar, nested and array,
/// aggregate, window, higher-order), the ones a local session has, and the functions.
///
/// Ballista's default registry leaves out the nested and array functions (`make_array`,
/// `array_to_string`, ...), so a query using them plans on the scheduler and then fails on the
/// executor, which cannot decode its task.
pub fn function_registry(functions: &Functions) -> BallistaFunctionRegistry {
    let mut registry = BallistaFunctionRegistry::default();
    for f in datafusion::functions_nested::all_default_nested_functions() {
        registry.scalar_functions.insert(f.name().to_owned(), f);
    }
    for f in functions.aggregates() {
        registry.aggregate_functions.insert(f.name().to_owned(), f);
    }
    for f in functions.scalars() {
        registry.scalar_functions.insert(f.name().to_owned(), f);
    }
    registry
}

/// A scheduler's configuration: listening on `host:port`, with the functions registered.
pub fn scheduler_config(functions: &Functions, host: &str, port: u16) -> SchedulerConfig {
    SchedulerConfig {
        bind_host: host.to_owned(),
        external_host: host.to_owned(),
        bind_port: port,
        ..SchedulerConfig::default()
    }
    .with_override_session_builder(session_builder(functions))
}

/// Where an executor listens and which scheduler it serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecutorAddress {
    /// The host it binds and advertises (`127.0.0.1`).
    pub host: String,
    /// Its Arrow Flight port, from which other executors fetch its shuffle output.
    pub port: u16,
    /// Its gRPC port.
    pub grpc_port: u16,
    /// The scheduler's host.
    pub scheduler_host: String,
    /// The scheduler's port.
    pub scheduler_port: u16,
    /// Where it writes shuffle files; a temporary directory when `None`.
    pub work_dir: Option<PathBuf>,
}

/// An executor's configuration, with the functions in its registry.
pub fn executor_config(functions: &Functions, address: &ExecutorAddress) -> ExecutorProcessConfig {
    ExecutorProcessConfig {
        bind_host: address.host.clone(),
        external_host: Some(address.host.clone()),
        port: address.port,
        grpc_port: address.grpc_port,
        scheduler_host: address.scheduler_host.clone(),
        scheduler_port: address.scheduler_port,
        work_dir: address
            .work_dir
            .as_ref()
            .map(|d| d.to_string_lossy().into_owned()),
        override_function_registry: Some(Arc::new(function_registry(functions))),
        ..ExecutorProcessConfig::default()
    }
}

/// Runs a scheduler until the process ends.
///
/// # Errors
///
/// [`Error::Cluster`] when the address cannot be served.
pub async fn run_scheduler(functions: &Functions, host: &str, port: u16) -> Result<(), Error> {
    let config = scheduler_config(functions, host, port);
    let address: SocketAddr = format!("{host}:{port}")
        .parse()
        .map_err(|e| cluster_error("scheduler", e))?;
    let cluster = BallistaCluster::new_from_config(&config)
        .await
        .map_err(|e| cluster_error("scheduler", e))?;
    start_server(cluster, address, Arc::new(config))
        .await
        .map_err(|e| cluster_error("scheduler", e))
}

/// Runs an executor until it is told to stop.
///
/// # Errors
///
/// [`Error::Cluster`] when it cannot start or loses its scheduler.
pub async fn run_executor(functions: &Functions, address: &ExecutorAddress) -> Result<(), Error> {
    start_executor_process(Arc::new(executor_config(functions, address)))
        .await
        .map_err(|e| cluster_error("executor", e))
}

/// A local session configuration that reads strings as a Ballista session does, so a query
/// gives the same schema on one machine as on the cluster.
///
/// Ballista turns off Arrow's string views in its sessions (`datafusion.execution.parquet.
/// schema_force_view_types` and `datafusion.sql_parser.map_string_types_to_utf8view`), because
/// some view arrays made Arrow IPC frames too large for Flight: on the cluster, strings read from
/// Parquet and SQL string types are `Utf8`, where a default local session has `Utf8View`. The
/// values are the same either way, and the crate's own functions return `Utf8` on both. Use
/// this configuration, with whatever else you set, where a local result is compared with a
/// cluster's or must have its schema.
///
/// ```
/// use datafusion::prelude::SessionContext;
/// use service_quality_datafusion::cluster::local_config;
///
/// let ctx = SessionContext::new_with_config(local_config().with_target_partitions(4));
/// assert!(!ctx.copied_config().options().execution.parquet.schema_force_view_types);
/// ```
pub fn local_config() -> SessionConfig {
    let mut config = SessionConfig::new();
    let options = config.options_mut();
    options.execution.parquet.schema_force_view_types = false;
    options.sql_parser.map_string_types_to_utf8view = false;
    config
}

/// A client context for the scheduler at `url` (`df://127.0.0.1:50050`), with the functions
/// registered after Ballista has made it.
///
/// # Errors
///
/// [`Error::Cluster`] when the URL is not a scheduler's.
pub async fn remote_context(functions: &Functions, url: &str) -> Result<SessionContext, Error> {
    let state = SessionStateBuilder::new()
        .with_default_features()
        .with_config(SessionConfig::new_with_ballista())
        .build();
    let ctx = SessionContext::remote_with_state(url, state)
        .await
        .map_err(|e| cluster_error("client", e))?;
    // Making the Ballista context reset the aggregates to the built-in ones: register again.
    functions.register(&ctx);
    Ok(ctx)
}

/// A scheduler or an executor, as command-line arguments describe it:
///
/// ```text
/// scheduler --port PORT [--form PREFIX=FORM.json]...
/// executor --port PORT --grpc-port PORT --scheduler-port PORT [--work-dir DIR] [--form PREFIX=FORM.json]...
/// ```
///
/// Both bind 127.0.0.1 unless `--host HOST` says otherwise. Each `--form` adds a form's
/// functions, read from a JSON file, to the built-in ones.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Node {
    /// A scheduler.
    Scheduler {
        /// The functions it registers.
        functions: Functions,
        /// Its host.
        host: String,
        /// Its port.
        port: u16,
    },
    /// An executor.
    Executor {
        /// The functions it registers.
        functions: Functions,
        /// Where it listens and which scheduler it serves.
        address: ExecutorAddress,
    },
}

impl Node {
    /// Reads a node from arguments (without the program name).
    ///
    /// # Errors
    ///
    /// [`Error::Cluster`] naming the argument that is missing or wrong, and [`Error::Json`]
    /// for a form file that does not hold a valid form.
    ///
    /// ```
    /// use service_quality_datafusion::cluster::Node;
    ///
    /// let node = Node::from_args(["scheduler", "--port", "50050"])?;
    /// assert!(matches!(node, Node::Scheduler { port: 50050, .. }));
    /// assert_eq!(
    ///     Node::from_args(["executor", "--port", "x"]).unwrap_err().to_string(),
    ///     "executor: --port is 'x', expected a port number"
    /// );
    /// # Ok::<(), service_quality_datafusion::Error>(())
    /// ```
    pub fn from_args<S: AsRef<str>>(args: impl IntoIterator<Item = S>) -> Result<Node, Error> {
        let args: Vec<String> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let mut words = args.iter();
        let role: &'static str = match words.next().map(String::as_str) {
            Some("scheduler") => "scheduler",
            Some("executor") => "executor",
            other => {
                return Err(cluster_error(
                    "node",
                    format!(
                        "role is '{}', expected scheduler or executor",
                        other.unwrap_or_default()
                    ),
                ));
            }
        };
        let wrong = |flag: &str, value: &str, expected: &str| {
            cluster_error(role, format!("{flag} is '{value}', expected {expected}"))
        };
        let mut functions = Functions::new();
        let (mut host, mut port, mut grpc_port, mut scheduler_port, mut work_dir) =
            ("127.0.0.1".to_owned(), None, None, None, None);
        while let Some(flag) = words.next() {
            let value = words.next().map(String::as_str).unwrap_or_default();
            let number = |v: &str| {
                v.parse::<u16>()
                    .map_err(|_| wrong(flag, v, "a port number"))
            };
            match flag.as_str() {
                "--host" => host = value.to_owned(),
                "--port" => port = Some(number(value)?),
                "--grpc-port" => grpc_port = Some(number(value)?),
                "--scheduler-port" => scheduler_port = Some(number(value)?),
                "--work-dir" => work_dir = Some(PathBuf::from(value)),
                "--form" => {
                    let (prefix, path) = value
                        .split_once('=')
                        .ok_or_else(|| wrong(flag, value, "PREFIX=FORM.json"))?;
                    let json = std::fs::read_to_string(path)
                        .map_err(|e| wrong(flag, value, &format!("a readable file ({e})")))?;
                    functions = functions.with_form(FormFunctions::from_json(prefix, &json)?);
                }
                other => return Err(wrong("argument", other, "a known flag")),
            }
        }
        let needed = |value: Option<u16>, flag: &str| {
            value.ok_or_else(|| wrong(flag, "missing", "a port number"))
        };
        Ok(match role {
            "scheduler" => Node::Scheduler {
                functions,
                host,
                port: needed(port, "--port")?,
            },
            _ => Node::Executor {
                functions,
                address: ExecutorAddress {
                    scheduler_host: host.clone(),
                    host,
                    port: needed(port, "--port")?,
                    grpc_port: needed(grpc_port, "--grpc-port")?,
                    scheduler_port: needed(scheduler_port, "--scheduler-port")?,
                    work_dir,
                },
            },
        })
    }

    /// Runs the node until the process ends.
    ///
    /// # Errors
    ///
    /// As [`run_scheduler`] and [`run_executor`].
    pub async fn run(&self) -> Result<(), Error> {
        match self {
            Node::Scheduler {
                functions,
                host,
                port,
            } => run_scheduler(functions, host, *port).await,
            Node::Executor { functions, address } => run_executor(functions, address).await,
        }
    }
}

/// A free port on 127.0.0.1, as the system hands one out.
fn free_port() -> Result<u16, Error> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| cluster_error("cluster", e))?;
    let port = listener
        .local_addr()
        .map_err(|e| cluster_error("cluster", e))?
        .port();
    Ok(port)
}

/// Waits until something accepts connections on `port`, or `child` exits.
fn wait_for_port(
    role: &'static str,
    port: u16,
    child: &mut Child,
    limit: Duration,
) -> Result<(), Error> {
    let start = Instant::now();
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    loop {
        if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(cluster_error(
                role,
                format!("exited before listening on port {port}: {status}"),
            ));
        }
        if start.elapsed() > limit {
            return Err(cluster_error(
                role,
                format!("not listening on port {port} after {limit:?}"),
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A scheduler and executors on 127.0.0.1, each a child process running [`Node`]; they are
/// stopped when this is dropped.
#[derive(Debug)]
pub struct LocalCluster {
    scheduler_port: u16,
    children: Vec<Child>,
}

impl LocalCluster {
    /// Starts a scheduler and `executors` executors: `program` run with `args` and then the
    /// node's own arguments (see [`Node`]), so one program can be both the caller and the
    /// nodes. Forms among `functions` are written as JSON into `dir` and passed with
    /// `--form`; each node's standard error goes to a log file there.
    ///
    /// # Errors
    ///
    /// [`Error::Cluster`] when a process cannot start or does not listen within a minute.
    pub fn start(
        program: &Path,
        args: &[&str],
        functions: &Functions,
        executors: usize,
        dir: &Path,
    ) -> Result<LocalCluster, Error> {
        std::fs::create_dir_all(dir).map_err(|e| cluster_error("cluster", e))?;
        let mut forms = Vec::new();
        for form in functions.forms() {
            let path = dir.join(format!("{}.form.json", form.prefix()));
            std::fs::write(&path, form.json()).map_err(|e| cluster_error("cluster", e))?;
            forms.push("--form".to_owned());
            forms.push(format!("{}={}", form.prefix(), path.display()));
        }
        let limit = Duration::from_secs(60);
        let mut cluster = LocalCluster {
            scheduler_port: free_port()?,
            children: Vec::new(),
        };
        let spawn = |name: &str, node: Vec<String>| -> Result<Child, Error> {
            let log = std::fs::File::create(dir.join(format!("{name}.log")))
                .map_err(|e| cluster_error("cluster", e))?;
            Command::new(program)
                .args(args)
                .args(node)
                .args(&forms)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .map_err(|e| {
                    cluster_error(
                        "cluster",
                        format!("cannot start {}: {e}", program.display()),
                    )
                })
        };
        let port = cluster.scheduler_port.to_string();
        let mut scheduler = spawn(
            "scheduler",
            vec!["scheduler".into(), "--port".into(), port.clone()],
        )?;
        let ready = wait_for_port("scheduler", cluster.scheduler_port, &mut scheduler, limit);
        cluster.children.push(scheduler);
        ready?;
        for e in 0..executors {
            let (flight, grpc) = (free_port()?, free_port()?);
            let work = dir.join(format!("executor-{e}"));
            std::fs::create_dir_all(&work).map_err(|e| cluster_error("cluster", e))?;
            let mut child = spawn(
                &format!("executor-{e}"),
                vec![
                    "executor".into(),
                    "--port".into(),
                    flight.to_string(),
                    "--grpc-port".into(),
                    grpc.to_string(),
                    "--scheduler-port".into(),
                    port.clone(),
                    "--work-dir".into(),
                    work.display().to_string(),
                ],
            )?;
            let ready = wait_for_port("executor", flight, &mut child, limit);
            cluster.children.push(child);
            ready?;
        }
        Ok(cluster)
    }

    /// The scheduler's URL, for [`remote_context`].
    pub fn scheduler_url(&self) -> String {
        format!("df://127.0.0.1:{}", self.scheduler_port)
    }

    /// How many nodes are still running.
    pub fn running(&mut self) -> usize {
        self.children
            .iter_mut()
            .filter_map(|c| c.try_wait().ok())
            .filter(Option::is_none)
            .count()
    }
}

impl Drop for LocalCluster {
    fn drop(&mut self) {
        // Executors first, then the scheduler.
        for child in self.children.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
