//! The command-line front end: parse the arguments ([`args`]), turn them into a request, ask
//! [`hoptac::query`], render the answer ([`commands`]) and map the outcome to an exit code
//! (0 success, 1 nothing found or infeasible, 2 error).

mod args;
mod commands;

use std::ffi::OsString;
use std::io::Write;

use clap::Parser;

use args::{Cli, Command};
use hoptac::load::Source;
use hoptac::query;
use hoptac::save::SaveError;

/// How a command ended, when it did not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit code 0.
    Success,
    /// Exit code 1: nothing found, or the request cannot be met.
    NothingFound,
    /// Exit code 2, after the command printed its own diagnosis (`validate`).
    Invalid,
}

impl Outcome {
    fn exit_code(self) -> i32 {
        match self {
            Outcome::Success => 0,
            Outcome::NothingFound => 1,
            Outcome::Invalid => 2,
        }
    }

    fn found(any: bool) -> Outcome {
        if any {
            Outcome::Success
        } else {
            Outcome::NothingFound
        }
    }
}

/// Any error a command ends with (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", query_message(.0))]
    Query(#[from] query::Error),
    #[error("{0}")]
    Usage(String),
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

/// A query error in the command line's words: a request field is named as its option.
fn query_message(e: &query::Error) -> String {
    match e {
        query::Error::Invalid {
            field,
            value,
            expected,
        } => format!("--{} {value}: expected {expected}", field.replace('_', "-")),
        query::Error::Save(s @ (SaveError::Exists { .. } | SaveError::NotOurs { .. })) => {
            format!("{s}; pass --force to replace it")
        }
        query::Error::Save(s @ SaveError::Foreign { .. }) => format!("{s}, even with --force"),
        e => e.to_string(),
    }
}

/// Parses `args` and runs the command; returns the process exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = dispatch(cli, &mut out);
    let flushed = out.flush();
    match (result, flushed) {
        (Ok(outcome), Ok(())) => outcome.exit_code(),
        (Ok(_), Err(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        (Ok(_), Err(e)) => {
            eprintln!("error: cannot write output: {e}");
            2
        }
        (Err(Error::Output(e)), _) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        (Err(e), _) => {
            // Messages quote names from files: no escape sequence reaches the terminal raw.
            eprintln!("error: {}", hoptac::text::printable(&e.to_string(), true));
            2
        }
    }
}

/// Standard error with every control character but the newline replaced by U+FFFD: messages
/// quote names and ids from files, and no escape sequence may reach the terminal raw.
struct Printable<W: Write>(W);

impl<W: Write> Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0
            .write_all(hoptac::text::printable(&text, true).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// The subcommand's name as typed, for the audit log.
fn command_name(c: &Command) -> &'static str {
    match c {
        Command::Validate => "validate",
        Command::Snapshot(_) => "snapshot",
        Command::Stats(_) => "stats",
        Command::Resolve(_) => "resolve",
        Command::Rank(_) => "rank",
        Command::Leaders(_) => "leaders",
        Command::Pairs(_) => "pairs",
        Command::Teams(_) => "teams",
        Command::Labs(_) => "labs",
        Command::Profile => "profile",
        Command::Report(_) => "report",
        Command::Export(_) => "export",
        Command::Import(_) => "import",
        Command::Evaluate(_) => "evaluate",
        Command::Generate(_) => "generate",
        Command::Experts(_) => "experts",
        #[cfg(feature = "dataflow")]
        Command::Dataflow(_) => "dataflow",
        #[cfg(feature = "serve")]
        Command::Serve(_) => "serve",
    }
}

fn dispatch(cli: Cli, out: &mut dyn Write) -> Result<Outcome, Error> {
    let source = &commands::Data {
        source: Source::from_option(cli.data.as_deref()),
        snapshot: cli.snapshot.into(),
        audience: cli.audience.clone(),
        policy: cli.policy.clone(),
        audit_log: cli.audit_log.clone(),
        command: command_name(&cli.command),
    };
    let err = &mut Printable(std::io::stderr());
    match cli.command {
        Command::Validate => commands::validate(source, out),
        Command::Snapshot(a) => commands::snapshot(source, &a, out),
        Command::Stats(a) => commands::stats(source, &a, out),
        Command::Resolve(a) => commands::resolve(source, &a, out, err),
        Command::Rank(a) => commands::rank(source, &a, out),
        Command::Leaders(a) => commands::leaders(source, &a, out),
        Command::Pairs(a) => commands::pairs(source, &a, out),
        Command::Experts(a) => commands::experts(source, &a, out),
        Command::Teams(a) => commands::teams(source, &a, out, err),
        Command::Labs(a) => commands::labs(source, &a, out),
        Command::Profile => commands::profile(out),
        Command::Report(a) => commands::report(source, &a, out),
        Command::Export(a) => commands::export(source, &a, out),
        Command::Import(a) => commands::import(&a, out, err),
        Command::Evaluate(a) => commands::evaluate(source, &a, out, err),
        Command::Generate(a) => commands::generate(&a, out),
        #[cfg(feature = "dataflow")]
        Command::Dataflow(a) => commands::dataflow(source, &a, out, err),
        #[cfg(feature = "serve")]
        Command::Serve(a) => commands::serve(source, &a, out, err),
    }
}
