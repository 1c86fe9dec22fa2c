//! Pairs and partners past one machine: the two computations that grow fastest with the data,
//! on timely dataflow with differential dataflow, across worker threads and processes (feature
//! `dataflow`).
//!
//! - [`pairs`]: researcher pair candidates in a field and their Adamic–Adar closeness (the
//!   two-step self-join over co-authors, degree weights, the anti-join on existing
//!   co-authorships), a top-k list per researcher and the global best list — the answer of
//!   `hoptac pairs` under the pure Adamic–Adar profile (`benches/peer/pure-aa.toml`). It is
//!   incremental: files of new and retracted co-authorships are applied to the running
//!   computation, and only the researchers whose top-k list changed are reported.
//! - [`partners`]: university strength per (university, field) and recency-weighted ties per
//!   (university, university, field), as [`crate::score::partner`] defines them.
//!
//! [`Cluster`] is timely's `-w`, `-n`, `-p`, `-h`: worker threads per process, processes, this
//! process's index and a host file (one `host:port` line per process; without one, process
//! `i` listens on `localhost:2101 + i`, as timely does). Every process runs the same command;
//! [`input`] says which rows each worker reads. Results are gathered on worker 0 of process 0,
//! which alone returns them ([`Gathered::Leader`]); the other processes return
//! [`Gathered::Follower`] once the computation is complete.
//!
//! Results are those of the single-machine engine, bit for bit: sums are added in the
//! engine's order (a pair's Adamic–Adar over its common co-authors by ascending index, a
//! university's levels in file order, ties in co-authorship order) and ties are broken by the
//! same indexes (`tests/it/dataflow.rs` compares them, over one and two processes).

pub mod input;
pub mod pairs;
pub mod partners;

use std::path::{Path, PathBuf};

use crate::load::{LoadError, Problem};
use crate::model::{Field, University};
use crate::resolve::{NameIndex, ResolveError};

/// Where this process sits in the computation: timely's `-w`, `-n`, `-p`, `-h`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    /// Worker threads in this process (`-w`), at least 1.
    pub workers: usize,
    /// Processes in the computation (`-n`), at least 1.
    pub processes: usize,
    /// This process's index (`-p`), below `processes`.
    pub process: usize,
    /// One `host:port` line per process, in process order (`-h`); without it process `i` is
    /// `localhost:(2101 + i)`.
    pub hostfile: Option<PathBuf>,
}

impl Default for Cluster {
    fn default() -> Self {
        Cluster {
            workers: 1,
            processes: 1,
            process: 0,
            hostfile: None,
        }
    }
}

impl Cluster {
    /// Every worker thread in every process.
    pub fn peers(&self) -> usize {
        self.workers * self.processes
    }

    /// The timely configuration, after checking the numbers and reading the host file.
    pub fn config(&self) -> Result<timely::Config, Error> {
        if self.workers == 0 || self.workers > 1024 {
            return Err(Error::Cluster(format!(
                "-w {}: expected 1 to 1024 worker threads",
                self.workers
            )));
        }
        if self.processes == 0 || self.processes > 4096 {
            return Err(Error::Cluster(format!(
                "-n {}: expected 1 to 4096 processes",
                self.processes
            )));
        }
        if self.process >= self.processes {
            return Err(Error::Cluster(format!(
                "-p {}: expected a process index below -n {}",
                self.process, self.processes
            )));
        }
        let communication = if self.processes == 1 {
            if self.workers == 1 {
                timely::CommunicationConfig::Thread
            } else {
                timely::CommunicationConfig::Process(self.workers)
            }
        } else {
            timely::CommunicationConfig::Cluster {
                threads: self.workers,
                process: self.process,
                addresses: self.addresses()?,
                report: false,
                zerocopy: false,
            }
        };
        Ok(timely::Config {
            communication,
            worker: timely::WorkerConfig::default(),
        })
    }

    fn addresses(&self) -> Result<Vec<String>, Error> {
        let Some(path) = &self.hostfile else {
            return Ok((0..self.processes)
                .map(|i| format!("localhost:{}", 2101 + i))
                .collect());
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::Cluster(format!(
                "-h {}: cannot read the host file: {e}",
                path.display()
            ))
        })?;
        let hosts: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        if hosts.len() < self.processes {
            return Err(Error::Cluster(format!(
                "-h {}: {} address line(s) for -n {}: expected one host:port line per process",
                path.display(),
                hosts.len(),
                self.processes
            )));
        }
        for (i, h) in hosts.iter().enumerate().take(self.processes) {
            if h.rsplit_once(':')
                .is_none_or(|(host, port)| host.is_empty() || port.parse::<u16>().is_err())
            {
                return Err(Error::Cluster(format!(
                    "-h {}: address {} {h:?}: expected host:port",
                    path.display(),
                    i + 1
                )));
            }
        }
        Ok(hosts.into_iter().take(self.processes).collect())
    }
}

/// What a process gets back: the results on worker 0 of process 0, a confirmation elsewhere.
#[derive(Clone, Debug, PartialEq)]
pub enum Gathered<T> {
    Leader(T),
    /// This process took its share; process 0 has the results.
    Follower,
}

impl<T> Gathered<T> {
    /// The results, on the leader.
    pub fn leader(self) -> Option<T> {
        match self {
            Gathered::Leader(t) => Some(t),
            Gathered::Follower => None,
        }
    }
}

/// Why a dataflow computation could not run or its input was refused.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A row this process read, with file, line and column.
    #[error("{0}")]
    Input(Problem),
    /// Problems found by the dataflow (from any worker), positioned where possible.
    #[error("{}", .0.join("\n"))]
    Data(Vec<String>),
    #[error(transparent)]
    Reference(#[from] LoadError),
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    /// The cluster options or the connection between processes.
    #[error("{0}")]
    Cluster(String),
}

/// The reference tables every worker reads whole, and the field index over them.
pub(crate) struct Reference {
    pub universities: Vec<University>,
    pub fields: Vec<Field>,
}

impl Reference {
    pub(crate) fn read(source: &crate::load::Source) -> Result<Reference, Error> {
        let (universities, fields) = crate::load::load_reference(source)?;
        Ok(Reference {
            universities,
            fields,
        })
    }

    /// A field by id, else by name (as [`crate::resolve::field`] does for a loaded dataset).
    pub(crate) fn field(&self, name: &str) -> Result<usize, Error> {
        if let Some(i) = self.fields.iter().position(|f| f.id == name) {
            return Ok(i);
        }
        let index = NameIndex::new(self.fields.iter().enumerate().map(|(i, f)| {
            let mut names = vec![f.id.as_str(), f.name_vi.as_str(), f.name_en.as_str()];
            names.extend(f.aliases.iter().map(String::as_str));
            (i, names)
        }));
        Ok(crate::resolve::into_result(
            index.resolve(name),
            "field",
            name,
            |i| format!("{} ({})", self.fields[i].id, self.fields[i].name_en),
        )?)
    }

    /// A university by id, else by any of its names.
    pub(crate) fn university(&self, name: &str) -> Result<usize, Error> {
        if let Some(i) = self.universities.iter().position(|u| u.id == name) {
            return Ok(i);
        }
        let index = NameIndex::new(self.universities.iter().enumerate().map(|(i, x)| {
            let mut names = vec![
                x.id.as_str(),
                x.short_name.as_str(),
                x.name_vi.as_str(),
                x.name_en.as_str(),
            ];
            names.extend(x.aliases.iter().map(String::as_str));
            (i, names)
        }));
        Ok(crate::resolve::into_result(
            index.resolve(name),
            "university",
            name,
            |i| {
                format!(
                    "{} ({})",
                    self.universities[i].id, self.universities[i].name_vi
                )
            },
        )?)
    }
}

/// How long a process waits for the others to be up and connected.
pub const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// Runs `work` on every worker of this process and returns worker 0's value on process 0.
/// A worker's own failure (a bad row) is returned as is; a panic as [`Error::Cluster`].
///
/// Between processes the connections are made here, not by timely's own set-up, which prints
/// its progress on standard output (and would wait on the command's lock of it): process `i`
/// listens on its address, connects to every process below it (retrying until they are up)
/// and accepts every process above it, within [`CONNECT_TIMEOUT`]; then timely takes the
/// sockets.
pub(crate) fn execute<T, F>(cluster: &Cluster, work: F) -> Result<Gathered<T>, Error>
where
    T: Send + 'static,
    F: Fn(&mut timely::worker::Worker) -> Result<Option<T>, Error> + Send + Sync + 'static,
{
    let config = cluster.config()?;
    let guards = match config.communication {
        timely::CommunicationConfig::Cluster {
            threads,
            process,
            addresses,
            ..
        } => {
            use timely::communication::allocator::zero_copy::initialize::initialize_networking_from_sockets;
            use timely::communication::allocator::{AllocatorBuilder, ProcessBuilder};
            let sockets = connect(&addresses, process, CONNECT_TIMEOUT)?;
            let hooks = timely::communication::Hooks::default();
            let local =
                ProcessBuilder::new_typed_vector(threads, hooks.refill.clone(), hooks.spill.clone());
            let (builders, guard) =
                initialize_networking_from_sockets(local, sockets, process, threads, hooks)
                    .map_err(|e| Error::Cluster(format!("cannot start the network threads: {e}")))?;
            let builders = builders.into_iter().map(AllocatorBuilder::Tcp).collect();
            timely::execute::execute_from(builders, Box::new(guard), config.worker, work)
        }
        _ => timely::execute(config, work),
    }
    .map_err(Error::Cluster)?;
    let mut gathered = Gathered::Follower;
    for r in guards.join() {
        match r {
            Ok(Ok(Some(t))) => gathered = Gathered::Leader(t),
            Ok(Ok(None)) => {}
            Ok(Err(e)) => return Err(e),
            Err(e) => return Err(Error::Cluster(format!("a worker failed: {e}"))),
        }
    }
    Ok(gathered)
}

/// One socket per other process (none at `me`), each introduced by the connecting process's
/// index (8 bytes, big-endian, as timely does).
fn connect(
    addresses: &[String],
    me: usize,
    timeout: std::time::Duration,
) -> Result<Vec<Option<std::net::TcpStream>>, Error> {
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    let deadline = std::time::Instant::now() + timeout;
    let listener = TcpListener::bind(&addresses[me]).map_err(|e| {
        Error::Cluster(format!(
            "process {me}: cannot listen on {}: {e}",
            addresses[me]
        ))
    })?;
    let mut sockets: Vec<Option<TcpStream>> = (0..addresses.len()).map(|_| None).collect();
    for (i, address) in addresses.iter().enumerate().take(me) {
        let mut stream = loop {
            match TcpStream::connect(address) {
                Ok(s) => break s,
                Err(e) if std::time::Instant::now() >= deadline => {
                    return Err(Error::Cluster(format!(
                        "process {me}: cannot reach process {i} at {address} within {} s: {e}",
                        timeout.as_secs()
                    )))
                }
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(100)),
            }
        };
        let hello = stream
            .set_nodelay(true)
            .and_then(|()| stream.write_all(&(me as u64).to_be_bytes()));
        hello
            .map_err(|e| Error::Cluster(format!("process {me}: process {i} at {address}: {e}")))?;
        sockets[i] = Some(stream);
    }
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::Cluster(format!("process {me}: {e}")))?;
    let mut waiting = addresses.len() - me - 1;
    while waiting > 0 {
        match listener.accept() {
            Ok((mut stream, from)) => {
                let mut id = [0u8; 8];
                let read = stream
                    .set_nonblocking(false)
                    .and_then(|()| {
                        stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))
                    })
                    .and_then(|()| stream.read_exact(&mut id))
                    .and_then(|()| stream.set_read_timeout(None))
                    .and_then(|()| stream.set_nodelay(true));
                let id = u64::from_be_bytes(id) as usize;
                if read.is_err() || id <= me || id >= addresses.len() || sockets[id].is_some() {
                    // Not one of ours (a port scan, a stale process): ignored.
                    let _ = from;
                    continue;
                }
                sockets[id] = Some(stream);
                waiting -= 1;
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if std::time::Instant::now() >= deadline {
                    let missing: Vec<String> = (me + 1..addresses.len())
                        .filter(|&i| sockets[i].is_none())
                        .map(|i| i.to_string())
                        .collect();
                    return Err(Error::Cluster(format!(
                        "process {me}: process(es) {} did not connect to {} within {} s",
                        missing.join(", "),
                        addresses[me],
                        timeout.as_secs()
                    )));
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => return Err(Error::Cluster(format!("process {me}: accept: {e}"))),
        }
    }
    Ok(sockets)
}

/// The path a change file is reported under.
pub(crate) fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// A worker's rows, or none with the problem noted: a worker that cannot read its share still
/// takes part in the dataflow (the others wait for it) and its problem reaches worker 0.
pub(crate) fn noted<T>(rows: Result<Vec<T>, Problem>, problems: &mut Vec<String>) -> Vec<T> {
    rows.unwrap_or_else(|p| {
        problems.push(p.to_string());
        Vec::new()
    })
}
