//! Command-line arguments: one clap `Args` struct per command, and its conversion into the
//! library's request type ([`hoptac::query`]). Nothing here computes anything.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use hoptac::evaluate;
use hoptac::export::GraphFormat;
use hoptac::generate::GenConfig;
use hoptac::graph::snapshot;
use hoptac::import;
use hoptac::lab::Proximity;
use hoptac::query::{self, NameKind};
use hoptac::report;
use hoptac::score::Mode;
use hoptac::table::Format;
use hoptac::team::call::{self as calls, CallSpec, PreferenceSpec, SizeSpec};
use hoptac::team::Solver;

use super::Error;

/// hoptac (hợp tác, "cooperation"): matches research teams across universities.
///
/// Works on a dataset folder of six CSV files (universities, fields, researchers, expertise,
/// labs, co-authorships) or, without --data, on the built-in G7 dataset (HUST, HCMUT, DUT, HUCE,
/// UTC, HUMG, Thuyloi University), whose researchers, labs and co-authorships are synthetic.
///
/// Exit codes: 0 success, 1 nothing found or infeasible, 2 error (invalid data, bad arguments).
#[derive(Debug, Parser)]
#[command(name = "hoptac", version, max_term_width = 100)]
pub struct Cli {
    /// Dataset folder; without it the built-in G7 dataset is used.
    #[arg(long, global = true, value_name = "DIR", env = "HOPTAC_DATA")]
    pub data: Option<PathBuf>,

    /// Snapshots: a binary copy of the loaded data beside the CSV files (DIR/.hoptac-snapshot),
    /// used while the CSV files are unchanged. auto: use one, write one for datasets of 4 MB
    /// or more; always: also for small ones; off: neither read nor write.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = SnapshotArg::Auto, env = "HOPTAC_SNAPSHOT")]
    pub snapshot: SnapshotArg,

    /// Whom the answer is for: public, consortium, a university id (its own view: its records
    /// in full, the others' as for the consortium) or admin (everything). Each university's
    /// data-sharing policy decides what each audience sees; withheld values never appear.
    #[arg(
        long = "as",
        global = true,
        value_name = "AUDIENCE",
        default_value = "public",
        env = "HOPTAC_AUDIENCE"
    )]
    pub audience: hoptac::policy::Audience,

    /// The data-sharing policy (TOML); without it, DIR/policy.toml (the built-in dataset ships
    /// one); with neither, everything is public.
    #[arg(long, global = true, value_name = "FILE", env = "HOPTAC_POLICY")]
    pub policy: Option<PathBuf>,

    /// Append one JSON line per answer to this audit log (when, audience, command, policy
    /// hash, what was withheld). The policy's `audit_log` is used when this is not given.
    #[arg(long, global = true, value_name = "FILE", env = "HOPTAC_AUDIT_LOG")]
    pub audit_log: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a dataset and report every problem with file, line and column.
    ///
    /// Exit code 0 only when the dataset is clean; 2 otherwise.
    Validate,

    /// Build the snapshot of a dataset folder ahead of time (or check it with --check).
    ///
    /// The snapshot (DIR/.hoptac-snapshot) is a binary copy of the loaded, validated data and
    /// its graph indexes: commands start answering without parsing the CSV files again. It is
    /// used only while the CSV files are unchanged (same content, checked by length, time and
    /// an XXH3 hash), refused when damaged, truncated or written by another version, and
    /// rebuilt then. Commands write it by themselves for datasets of 4 MB or more; this
    /// command writes it whatever the size. Delete the file at any time.
    Snapshot(SnapshotArgs),

    /// Counts per node and edge kind, per university and per field.
    Stats(StatsArgs),

    /// Map free-text university (or field) names to ids.
    ///
    /// Insensitive to case, diacritics, punctuation, spacing and the usual abbreviations
    /// ("ĐH", "ĐHQG-HCM", "TP.HCM", "Bách khoa", with or without "Trường"). An unknown name is
    /// reported with the nearest candidates, an ambiguous one with all candidates; either makes
    /// the exit code 1.
    Resolve(ResolveArgs),

    /// Rank partner universities for a field, every score explained.
    ///
    /// With --university U: every other university ranked as a partner for U. Without it: the
    /// full university × partner matrix. The score is a weighted sum of five components, each
    /// in [0, 1] and shown with its raw value and contribution: strength of the partner in the
    /// field (impact and specialisation), complementarity (what it adds in the field and related
    /// fields where U is weak), existing ties (recency-weighted joint papers; + in strengthen
    /// mode, − in new mode), lab access (its consortium/public labs for the field, above all
    /// where U has none) and the inter-regional bonus. Weights: see `hoptac profile`.
    Rank(RankArgs),

    /// Universities ranked by their own strength in a field.
    Leaders(LeadersArgs),

    /// Researchers at different universities who should meet: pairs who work in a field and do
    /// not co-author yet, ranked with reasons.
    ///
    /// Components: closeness in the co-authorship graph and in time (time-decayed Adamic–Adar
    /// over common co-authors, three-step paths, recent activity; between strangers colleague
    /// bridges and country affinity), topic similarity of their own terms (terms.csv), shared
    /// level in the field, complementary related-field expertise, similar career stage, spare
    /// capacity (max_teams). Every pair is explained, the component that sets it apart first.
    /// Candidates come from the co-authorship graph (two steps), the field index and the topic
    /// index, never from all n² pairs. `hoptac profile` documents every weight.
    Pairs(PairsArgs),

    /// Researchers for a free-text problem, in Vietnamese or English, with or without
    /// diacritics ("Xây dựng hệ thống cảnh báo sớm lũ quét cho các tỉnh miền núi phía Bắc",
    /// "predictive maintenance for metro rolling stock").
    ///
    /// The score is a weighted sum of two components, each in [0, 1]:
    ///
    ///   text    0.9  BM25 of the problem against the researcher's topic terms (terms.csv):
    ///                Vietnamese syllables and English words folded (case, diacritics),
    ///                English stems, stop words of both languages dropped, neighbouring words
    ///                matched as bigrams, and a Vietnamese–English glossary of the priority
    ///                fields' vocabulary so that either language finds work in the other;
    ///                divided by the problem's best BM25
    ///   fields  0.1  the researcher's levels in the problem's fields (found by the keyword →
    ///                field table and the fields' names), weighted
    ///   near    0.1  only for a --queries row with a province: the nearness of the
    ///                researcher's university (same city 1, same region 0.6, other 0.2);
    ///                the sum is then divided by 1.1
    ///
    /// Every expert is explained by the terms of their profile that matched (with years) and
    /// their fields. --queries FILE.csv (columns id,text[,province][,relevant]) answers a list
    /// (CSV output: one row per problem and rank); with --evaluate it scores the experts found
    /// against the relevant column (P@k, recall@k, nDCG@k, MRR) for hoptac, fields only and
    /// plain BM25. Exit code 1 when nothing matches.
    #[command(verbatim_doc_comment)]
    Experts(ExpertsArgs),

    /// Propose inter-university teams for a call, or one team each for a batch of calls
    ///
    /// A call fixes hard constraints: required fields each with a minimum level, team size,
    /// minimum universities and regions, a maximum per university, researchers to include or
    /// exclude, title rules and fields that need lab access. A proposed team never breaks one.
    ///
    /// Among feasible teams the score is a weighted sum (weights: the [teams] table of
    /// `hoptac profile`):
    ///
    ///   expertise  0.5  mean over required fields of the best member level
    ///   cohesion   0.3  low communication cost: a minimum spanning tree over co-authorship
    ///                   distances (1 co-authors, 2 common co-author, 3 farther), after
    ///                   Lappas, Liu and Terzi, KDD 2009
    ///   diversity  0.2  universities and regions spanned
    ///   + the call's soft preferences (spare capacity, seniority) with their weights
    ///
    /// Small candidate pools are solved exactly (branch and bound), large ones by greedy
    /// construction plus local search; the output says which. --top K returns K teams, no two
    /// sharing more than half their members. --calls FILE (TOML [[call]] tables or CSV)
    /// proposes one team per call without putting anyone in more teams than their max_teams.
    ///
    /// Exit code 1 when a call cannot be filled; the message names the constraint and why.
    #[command(verbatim_doc_comment, after_long_help = TEAMS_CALL_FORMAT)]
    Teams(Box<TeamsArgs>),
    /// Shared labs: which university could use which other university's lab, and why.
    ///
    /// An opportunity is a lab L at host university A, serving field F, and a university B whose
    /// researchers work in F but whose own labs for F have too little free time (below
    /// `min_own_capacity_hours` in the profile, 40 h a month by default). The score is a
    /// weighted sum of five components, each in [0, 1] and shown with its raw value and
    /// contribution: demand at B (Σ level of its researchers in F), L's free hours, distance
    /// (same city 1, same region 0.6, other region 0.2), existing ties between A and B
    /// (recency-weighted joint papers) and how well L's equipment matches F. Weights: the
    /// [labs] table of `hoptac profile`.
    ///
    /// Access is law: an internal lab is never offered to another university, a consortium lab
    /// only between consortium members, a public lab to anyone.
    ///
    /// With --university U: what U can borrow and what U can offer. --equipment TEXT searches
    /// equipment (case and diacritics ignored). --joint proposes groups of labs at two or more
    /// universities in one city (--within region: one region) whose equipment together covers
    /// more of a field than any one of them. --export-uniquip and --import-uniquip exchange labs
    /// with UK-style equipment registers (uniquip CSV); an import writes a copy of the dataset
    /// with the imported labs merged in (same id: replaced) to --out.
    Labs(LabsArgs),

    /// Print the default scoring profile (TOML, documented) to start your own from.
    Profile,

    /// Write the consortium report: linked HTML pages (open index.html), Markdown, CSV and JSON.
    ///
    /// Pages: an overview (headline figures, a university × field strength heatmap, a map of
    /// inter-university co-authorship, the strongest links), one page per field (leaders, the
    /// partner matrix, proposed teams for the field alone and with each related field, lab-sharing
    /// opportunities) and one per university (best partner per field, the teams it appears in,
    /// the labs it can borrow and lend). The HTML is self-contained: no script, no external font,
    /// it works offline and prints well. csv/ and json/ hold every table; README.md in the
    /// folder documents their columns. In a consortium of more than 100 universities a field
    /// page's partner matrix shows the field's 100 strongest only (every pair is in
    /// csv/partners.csv and json/partners.json). The tables are written as they are computed:
    /// a report of 1,000 universities stays under 1 GB of memory, but its partner tables
    /// alone are about 15 GB; `--format html` writes only the pages.
    ///
    /// Team calls use 3-5 members, at least 2 universities, 2 regions when the candidates span
    /// them, and level 0.5 in each field; up to three teams per call.
    ///
    /// The report is built in a temporary folder and moved into place only when complete, so a
    /// failure leaves the previous report intact. A previous hoptac report at --out is replaced;
    /// any other non-empty folder only with --force. Never, even with --force: the data folder
    /// or a folder holding it, a file, a symbolic link or device, the file-system root, the
    /// current or home folder, a mount point. The teams share researchers' max_teams as in a
    /// batch; a report of the built-in data says its researchers are synthetic. The output is
    /// the same for any number of threads (RAYON_NUM_THREADS).
    ///
    /// With --tasks FILE (a ministry's list of tasks: the files `teams --calls` reads, e.g. a
    /// CSV `id,problem,province` or `id,text,province`), a `tasks` page: per task its text, the
    /// fields and levels read from it, the province preference, and its team with why, or the
    /// reason it has none; the same teams as `teams --calls FILE`.
    Report(ReportArgs),

    /// Export the graph for Gephi, Cytoscape or Graphviz: GraphML, GEXF or DOT.
    ///
    /// Nodes are universities (u:ID), fields (f:ID), researchers (r:ID) and labs (l:ID), with
    /// attributes kind, name and weight (researchers of a university or field, a researcher's
    /// h-index, a lab's free hours a month). Edges are affiliation, expertise (weight = level),
    /// coauthorship (weight = papers), lab_host, lab_serves and related. With --field F: F's
    /// sub-graph (its researchers, their universities, the co-authorships among them, the labs
    /// serving F and their hosts).
    Export(ExportArgs),
    /// Write a dataset folder from bibliographic exports (Scopus, Web of Science, OpenAlex).
    ///
    /// Institutions come from affiliations: consortium members are recognised by exact name
    /// and keep their ids; every other organisation becomes an institution of its own with its
    /// country (region `international` abroad). Researchers keep the source's author id
    /// (Scopus, OpenAlex), else they are a name at an institution. Co-authorships count papers
    /// with first and last years; expertise comes from author keywords, index keywords and
    /// OpenAlex topics through the keyword table (datasets/keywords.csv, or --keywords FILE).
    ///
    /// FORMAT is scopus (CSV export), wos (plain-text or tab-delimited export), openalex (API
    /// JSON, JSON Lines .jsonl, or the web CSV .csv) or compsoc (the folder of the compsoc SNS
    /// tables, whose subfields become the fields). Files may be UTF-8 or UTF-16 with its
    /// byte-order mark. Every bad record is reported with its record number; the
    /// import fails unless --skip-bad, which skips and counts them.
    Import(Box<ImportArgs>),

    /// Backtest the recommendations: learn up to a split year, score the collaborations that
    /// appeared after it.
    ///
    /// At the researcher level the engine ranks pairs with the `pairs` score in each pair's best
    /// common field; at the institution level partners with the `rank` score (new mode) in the
    /// fields the institution works in. Baselines on the same candidates: random, preferential
    /// attachment, common neighbours, Adamic–Adar, resource allocation, time-decayed Adamic–Adar
    /// (each path weighted by ½^(age/4) of both co-authorships). Positives are pairs of
    /// researchers (institutions) present up to the split year whose first co-authorship is
    /// later; each present one with a positive is a query, ranked against everyone present it
    /// was not linked to. Metrics: precision@k, recall@k, nDCG@k, MAP, AUC, averaged over
    /// queries.
    ///
    /// Without --train, co-authorships are cut at the split year but expertise and h-indexes
    /// come from every year (reported as a leak); with --train DIR (the same export imported
    /// with --until YEAR) the scorers learn only from it.
    Evaluate(Box<EvaluateArgs>),

    /// Write a synthetic consortium as a dataset folder (deterministic for a given seed).
    ///
    /// The first seven universities are the real G7 members; more are synthetic institutions.
    /// The built-in dataset is `generate --universities 7 --researchers-per-university 200
    /// --seed 2022`. An existing non-empty --out folder is only replaced with --force, and only
    /// if it holds a dataset.
    Generate(GenerateArgs),

    /// Pairs and partners across worker threads and processes, on timely/differential
    /// dataflow (built with --features dataflow).
    ///
    /// Every process runs the same command with its own -p; each worker reads its share of the
    /// rows of researchers.csv, expertise.csv and coauthorships.csv (data row r goes to
    /// worker r mod (processes × threads)). Process 0 prints the answer; the others print
    /// nothing. Options as timely spells them: -w threads per process, -n processes, -p this
    /// process's index, -h a host file (one host:port line per process; without one, process i
    /// listens on localhost:2101+i). Results equal the single-machine engine's.
    #[cfg(feature = "dataflow")]
    #[command(subcommand)]
    Dataflow(DataflowCommand),

    /// Serve the web app and the JSON API (documented at /openapi.json) over the dataset.
    ///
    /// Pages: an overview with the strength heatmap, partners (table or map), researcher pairs,
    /// a team form, labs and equipment, one page per researcher, in Vietnamese or English; every
    /// table downloads as CSV or JSON. The dataset is loaded once and answered from memory; when
    /// its files (or the profile) change it is loaded again in the background and swapped in
    /// without dropping a request. Requests without a token are answered for the public;
    /// `Authorization: Bearer TOKEN` gives the audience --tokens maps the token's SHA-256 to.
    /// Stops on Ctrl-C.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

/// `hoptac dataflow …`.
#[cfg(feature = "dataflow")]
#[derive(Debug, Subcommand)]
pub enum DataflowCommand {
    /// The best researcher pairs of a field by Adamic–Adar closeness: `hoptac pairs --field F
    /// --top N --max-per-researcher 0` under benches/peer/pure-aa.toml.
    #[command(disable_help_flag = true)]
    Pairs(DataflowPairsArgs),

    /// Applies change files of new (+) and retracted (-) co-authorships to the running pair
    /// computation, one after the other, and prints the positions of the researchers' top-N
    /// lists that changed (the partner now there, and the one before).
    ///
    /// A change file has the columns of coauthorships.csv and a column change, + or -:
    /// `change,a,b,papers,first_year,last_year`. A - row takes out one row of that
    /// co-authorship (papers and years may be empty).
    #[command(disable_help_flag = true)]
    Update(DataflowUpdateArgs),

    /// University strength per (university, field) and recency-weighted ties per (university,
    /// university, field), as `hoptac rank` computes them.
    #[command(disable_help_flag = true)]
    Partners(DataflowPartnersArgs),
}

/// Timely's cluster options (-h is the host file, so help is --help only).
#[cfg(feature = "dataflow")]
#[derive(Debug, clap::Args)]
pub struct ClusterArgs {
    /// Worker threads in this process.
    #[arg(short = 'w', long = "threads", value_name = "N", default_value_t = 1)]
    pub workers: usize,
    /// Processes in the computation.
    #[arg(short = 'n', long = "processes", value_name = "N", default_value_t = 1)]
    pub processes: usize,
    /// This process's index, 0 to N-1.
    #[arg(short = 'p', long = "process", value_name = "I", default_value_t = 0)]
    pub process: usize,
    /// A text file of host:port lines, one per process in process order.
    #[arg(short = 'h', long = "hostfile", value_name = "FILE")]
    pub hostfile: Option<PathBuf>,
    /// Print the wall time of each step on standard error.
    #[arg(long)]
    pub timings: bool,
    /// Print help.
    #[arg(long, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
}

#[cfg(feature = "dataflow")]
impl From<&ClusterArgs> for hoptac::dataflow::Cluster {
    fn from(a: &ClusterArgs) -> Self {
        hoptac::dataflow::Cluster {
            workers: a.workers,
            processes: a.processes,
            process: a.process,
            hostfile: a.hostfile.clone(),
        }
    }
}

#[cfg(feature = "dataflow")]
#[derive(Debug, clap::Args)]
pub struct DataflowPairsArgs {
    /// Field id (of fields.csv).
    #[arg(long, value_name = "F")]
    pub field: String,
    /// How many pairs to list (1 to 10000).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub top: usize,
    /// Output: an aligned table for the terminal, CSV (UTF-8, for spreadsheets), JSON (every
    /// detail, explanations included) or Markdown.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

#[cfg(feature = "dataflow")]
#[derive(Debug, clap::Args)]
pub struct DataflowUpdateArgs {
    /// Field id (of fields.csv).
    #[arg(long, value_name = "F")]
    pub field: String,
    /// The length of every researcher's list (1 to 10000).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// A change file; repeat for several, applied in order.
    #[arg(long, value_name = "FILE", required = true)]
    pub changes: Vec<PathBuf>,
    /// Output: an aligned table for the terminal, CSV (UTF-8, for spreadsheets), JSON (every
    /// detail, explanations included) or Markdown.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

#[cfg(feature = "dataflow")]
#[derive(Debug, clap::Args)]
pub struct DataflowPartnersArgs {
    /// Only this field; every field when absent.
    #[arg(long, value_name = "F")]
    pub field: Option<String>,
    /// Only ties with this university.
    #[arg(long, value_name = "U")]
    pub university: Option<String>,
    /// Scoring profile (TOML): the [partner] half-life, saturation and reference year.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Output: an aligned table for the terminal, CSV (UTF-8, for spreadsheets), JSON (every
    /// detail, explanations included) or Markdown.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

#[cfg(feature = "serve")]
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    pub bind: std::net::SocketAddr,
    /// Tokens file (TOML): [[token]] tables with sha256 (hex) and audience (public,
    /// consortium, admin or a university id), name optional. Without it everyone is public.
    #[arg(long, value_name = "FILE")]
    pub tokens: Option<PathBuf>,
    /// Print the [[token]] entry of a token read from standard input, for AUDIENCE, and exit.
    #[arg(long, value_name = "AUDIENCE")]
    pub hash_token: Option<String>,
    /// Scoring profile (TOML), re-read when it changes.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Largest request body, in bytes (413 beyond).
    #[arg(long, default_value_t = hoptac::serve::MAX_BODY, value_name = "BYTES")]
    pub max_body: usize,
    /// Longest time one request may take, in seconds (408 beyond).
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// Questions computed at once in each lane — quick questions (partners, labs, a
    /// researcher), pair searches, team searches — (default: one per core); more wait.
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,
    /// Seconds between checks of the data files for a change; 0: never reload.
    #[arg(long, default_value_t = 2.0, value_name = "SECONDS")]
    pub poll: f64,
    /// Answers kept in memory per loaded dataset, so a question asked again is answered
    /// without computing it (emptied by a reload); 0: none.
    #[arg(long, default_value_t = hoptac::serve::CACHE, value_name = "N")]
    pub cache: usize,
}

#[derive(Debug, clap::Args)]
pub struct SnapshotArgs {
    /// Only say whether the snapshot there is up to date (exit 0) or not (exit 1).
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Output: an aligned table for the terminal, CSV (UTF-8, for spreadsheets), JSON (every
    /// detail, explanations included) or Markdown.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct ResolveArgs {
    /// Names to resolve, e.g. "ĐH Thủy lợi" "bach khoa tp.hcm".
    #[arg(required = true, value_name = "NAME")]
    pub names: Vec<String>,
    /// Resolve priority-field names instead of universities.
    #[arg(long)]
    pub field: bool,
    /// Output: an aligned table for the terminal, CSV (UTF-8, for spreadsheets), JSON (every
    /// detail, explanations included) or Markdown.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct RankArgs {
    /// Field id or name (Vietnamese or English), e.g. water, "trí tuệ nhân tạo".
    #[arg(long, value_name = "F")]
    pub field: String,
    /// University id or name, e.g. tlu, "ĐH Thủy lợi".
    #[arg(long, value_name = "U")]
    pub university: Option<String>,
    /// Keep the best N partners (per university).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// What the ranking is for: deepen existing collaborations or find new partners.
    #[arg(long, value_enum, default_value_t = ModeArg::Strengthen)]
    pub mode: ModeArg,
    /// Scoring profile (TOML); `hoptac profile` prints the defaults.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Output: an aligned table for the terminal, CSV (UTF-8, for spreadsheets), JSON (every
    /// detail, explanations included) or Markdown.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct LeadersArgs {
    /// Field id or name (Vietnamese or English), e.g. water, "trí tuệ nhân tạo".
    #[arg(long, value_name = "F")]
    pub field: String,
    /// Keep the best N universities (all when absent).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Output: an aligned table for the terminal, CSV (UTF-8, for spreadsheets), JSON (every
    /// detail, explanations included) or Markdown.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("problem").required(true).args(["text", "text_file", "queries"])))]
pub struct ExpertsArgs {
    /// The problem statement.
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// A file holding the problem statement (UTF-8).
    #[arg(long, value_name = "FILE")]
    pub text_file: Option<PathBuf>,
    /// A CSV list of problems: columns id, text, optional province and relevant (known expert
    /// ids separated by `;`, for --evaluate).
    #[arg(long, value_name = "FILE.csv")]
    pub queries: Option<PathBuf>,
    /// Experts per problem (at most 1000).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Only researchers of this university.
    #[arg(long, value_name = "U")]
    pub university: Option<String>,
    /// Score the experts found against the relevant column of --queries: P@k, recall@k,
    /// nDCG@k and MRR of hoptac, field-only matching and plain BM25.
    #[arg(long, requires = "queries")]
    pub evaluate: bool,
    /// The cut-off k of --evaluate.
    #[arg(long, value_name = "K", default_value_t = 10)]
    pub k: usize,
    /// Output: an aligned table for the terminal, CSV (UTF-8, for spreadsheets), JSON (every
    /// detail, explanations included) or Markdown.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct PairsArgs {
    /// Field id or name, Vietnamese or English, with or without diacritics ("ai", "Trí tuệ
    /// nhân tạo", "tri tue nhan tao").
    #[arg(long, value_name = "F")]
    pub field: String,
    /// Only pairs with one member at this university (listed first).
    #[arg(long, value_name = "U")]
    pub university: Option<String>,
    /// How many pairs to list (at most 10000).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub top: usize,
    /// Each researcher in at most N pairs of the list, so that one well-connected researcher
    /// does not fill it (0: no limit).
    #[arg(long, value_name = "N", default_value_t = query::PAIRS_PER_RESEARCHER)]
    pub max_per_researcher: usize,
    /// Scoring profile (TOML); `hoptac profile` prints the defaults.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Output: an aligned table for the terminal, CSV (UTF-8, for spreadsheets), JSON (every
    /// detail, explanations included) or Markdown.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("action").args(["equipment", "joint", "export_uniquip", "import_uniquip"])))]
pub struct LabsArgs {
    /// Field id or name; all fields when absent.
    #[arg(long, value_name = "F")]
    pub field: Option<String>,
    /// University id or name: what it can borrow and offer. With --import-uniquip: the
    /// institution of facility rows that leave Institution Name empty.
    #[arg(long, value_name = "U")]
    pub university: Option<String>,
    /// Keep the best N opportunities: of the whole list, or with --university of each of its
    /// two lists. Without --top and --university every opportunity is listed, written as it
    /// is computed (in constant memory, whatever the size of the consortium).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// For every university in turn, the best N labs it can borrow (its borrow list under
    /// --university U --top N), written university by university as they are computed.
    #[arg(long, value_name = "N", conflicts_with_all = ["university", "top", "equipment", "joint", "export_uniquip", "import_uniquip"])]
    pub top_per_university: Option<usize>,
    /// Find labs whose equipment matches every word of TEXT.
    #[arg(long, value_name = "TEXT", conflicts_with_all = ["field", "university", "top", "profile"])]
    pub equipment: Option<String>,
    /// Joint-lab proposals instead of opportunities.
    #[arg(long, conflicts_with_all = ["university", "top", "profile"])]
    pub joint: bool,
    /// With --joint: group labs within one city (the default) or one region.
    #[arg(long, value_enum)]
    pub within: Option<WithinArg>,
    /// Write every lab and its equipment as a uniquip CSV file.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["field", "university", "top", "profile"])]
    pub export_uniquip: Option<PathBuf>,
    /// Read a uniquip CSV file (facility and equipment rows); needs --out.
    #[arg(long, value_name = "FILE", requires = "out", conflicts_with_all = ["field", "top", "profile"])]
    pub import_uniquip: Option<PathBuf>,
    /// With --import-uniquip: the dataset folder to write.
    #[arg(long, value_name = "DIR", requires = "import_uniquip")]
    pub out: Option<PathBuf>,
    /// With --import-uniquip: replace an existing dataset folder.
    #[arg(long, requires = "import_uniquip")]
    pub force: bool,
    /// Scoring profile (TOML); `hoptac profile` prints the defaults.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Output: an aligned table for the terminal, CSV (UTF-8, for spreadsheets), JSON (every
    /// detail, explanations included) or Markdown.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Folder to write (created; a previous report there is replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Outputs, comma-separated: html, md, csv, json.
    #[arg(long, default_value = "html,md,csv,json", value_name = "LIST")]
    pub format: String,
    /// Language of the pages: vi (Vietnamese) or en (English).
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    pub lang: LangArg,
    /// Scoring profile (TOML); `hoptac profile` prints the defaults.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Replace a non-empty --out folder that is not a previous hoptac report.
    #[arg(long)]
    pub force: bool,
    /// A list of tasks (CSV by extension, else TOML [[call]] tables: what `teams --calls`
    /// reads; a ministry's problems as `id,problem,province` or `id,text,province`): adds a
    /// `tasks` page and the `tasks` and `task_members` tables, one team per task as
    /// `teams --calls FILE` assigns them (capacity shared among the tasks).
    #[arg(long, value_name = "FILE")]
    pub tasks: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Graph file format: GraphML (Gephi, Cytoscape, yEd), GEXF (Gephi) or DOT (Graphviz).
    #[arg(long, value_enum, default_value_t = GraphFormatArg::Graphml)]
    pub format: GraphFormatArg,
    /// Only this field's sub-graph (id or name).
    #[arg(long, value_name = "F")]
    pub field: Option<String>,
    /// Write to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Number of universities.
    #[arg(long, default_value_t = 7, value_name = "N")]
    pub universities: usize,
    /// Researchers at each university.
    #[arg(long, default_value_t = 200, value_name = "M")]
    pub researchers_per_university: usize,
    /// Random seed: the same seed writes the same dataset, byte for byte.
    #[arg(long, default_value_t = 2022, value_name = "S")]
    pub seed: u64,
    /// Mean co-authorships started per researcher (the mean degree is twice this).
    #[arg(long, default_value_t = 10.0, value_name = "X")]
    pub coauthorships_per_researcher: f64,
    /// Folder to write.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace an existing dataset folder.
    #[arg(long)]
    pub force: bool,
    /// Also write terms.csv: synthetic term profiles from the fields' keywords, correlated
    /// with co-authors (the built-in G7 dataset ships without them).
    #[arg(long)]
    pub terms: bool,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    #[arg(value_enum, value_name = "FORMAT")]
    pub format: ImportFormatArg,
    /// Export files (for compsoc: the folder).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Dataset folder to write.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Keep only records published up to YEAR (for backtests).
    #[arg(long, value_name = "YEAR")]
    pub until: Option<u16>,
    /// Keyword → field table (CSV: keyword,field,weight) replacing the built-in one.
    #[arg(long, value_name = "FILE")]
    pub keywords: Option<PathBuf>,
    /// Skip bad records (each is still reported) instead of failing.
    #[arg(long)]
    pub skip_bad: bool,
    /// Records with more authors add no co-authorships (0: no limit).
    #[arg(long, value_name = "N", default_value_t = hoptac::import::DEFAULT_MAX_AUTHORS)]
    pub max_authors: usize,
    /// Replace an existing dataset folder.
    #[arg(long)]
    pub force: bool,
    /// With --until Y: also write the works published after Y as expert-finding queries
    /// (CSV id,year,text,relevant: title and keywords, and the authors already present up to
    /// Y) for `hoptac experts --queries FILE --evaluate`.
    #[arg(long, value_name = "FILE", requires = "until")]
    pub held_out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct EvaluateArgs {
    /// Learn from co-authorships up to this year; test on those that first appear after it.
    #[arg(long, value_name = "Y")]
    pub split_year: u16,
    /// The cut-off of precision@k, recall@k and nDCG@k.
    #[arg(long, default_value_t = 10, value_name = "K")]
    pub k: usize,
    /// Whom to evaluate: researcher recommendations (`pairs`) or partner institutions (`rank`, new mode).
    #[arg(long, value_enum, default_value_t = LevelArg::Researcher)]
    pub level: LevelArg,
    /// A dataset imported from the same export with --until Y: what the scorers learn from.
    #[arg(long, value_name = "DIR")]
    pub train: Option<PathBuf>,
    /// Evaluate at most N queries, drawn with the seed (0: all).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub max_queries: usize,
    /// Seeds of the random baseline (seed, seed+1, …); the other methods use the exact
    /// expectation over random tie-breaks.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub random_seeds: usize,
    /// Skip the second candidate set (other institutions only, what `pairs` proposes).
    #[arg(long)]
    pub no_cross_institution: bool,
    /// Half-life in years of the time-decayed Adamic–Adar baseline.
    #[arg(long, default_value_t = 4.0, value_name = "YEARS")]
    pub decay_half_life: f64,
    /// Fit the profile's weights on inner splits before the split year (learned up to
    /// Y − fit-years and the years before, tested on the years up to Y; nothing after Y is
    /// read) and evaluate the fitted profile beside the given one.
    #[arg(long)]
    pub fit: bool,
    /// Write the fitted profile (TOML, loadable with --profile); implies --fit.
    #[arg(long, value_name = "FILE")]
    pub fit_out: Option<PathBuf>,
    /// Years between the inner split of --fit and the split year.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub fit_years: u16,
    /// Fit on at most N queries per inner split, drawn with the seed (0: all).
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub fit_queries: usize,
    /// Inner splits pooled by --fit (the latest with a query, a year apart).
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub fit_folds: usize,
    /// Seed of the random baseline, the tie-breaks and the query sample.
    #[arg(long, default_value_t = 2022, value_name = "S")]
    pub seed: u64,
    /// Scoring profile (TOML) for the engine; `hoptac profile` prints the defaults.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Output: an aligned table for the terminal, CSV (UTF-8, for spreadsheets), JSON (every
    /// detail, explanations included) or Markdown.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LevelArg {
    /// Researcher pairs (as `hoptac pairs`).
    Researcher,
    /// Partner institutions (as `hoptac rank`).
    Institution,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ImportFormatArg {
    Scopus,
    Wos,
    Openalex,
    Compsoc,
}

/// The call file formats, shown at the end of `hoptac help teams` (`--help`).
const TEAMS_CALL_FORMAT: &str = "\
Call file (--call FILE, TOML), every key but `fields` optional; examples/call.toml is one:

  id = \"water-ai-2026\"
  title = \"Flood forecasting with AI\"
  fields = [\"water\", { field = \"ai\", min_level = 0.7 }]   # ids or names
  min_level = 0.5              # for fields without their own
  size = \"4-6\"                 # or 5, or [4, 6]
  min_universities = 3
  min_regions = 2
  max_per_university = 2
  include = [\"tlu-0014\"]       # researcher ids
  exclude = [\"hust-0001\"]
  lab_fields = [\"water\"]
  [[rules]]                    # at least `count` members with this title or higher
  title = \"associate_professor\"
  count = 1
  [preferences]                # soft weights added to the score
  capacity = 0.1
  seniority = 0.0

A batch (--calls FILE) is a TOML file of [[call]] tables with the same keys, or a CSV file
(.csv), one call per row, lists separated by `;`; only id and fields are required, and ids
must be distinct (examples/calls.csv is one):

  id,title,fields,size,min_universities,min_regions,max_per_university,include,exclude,min_title,prefer_capacity,prefer_seniority,lab_fields
  flood-2026,Flood early warning,water:0.7;ai,4-5,3,2,2,,,associate_professor,0.1,,water

A researcher listed twice in include (or exclude) counts once; one listed in both is an
error. Problems are reported with the file, the line and (CSV) the column.";

#[derive(Debug, clap::Args)]
pub struct TeamsArgs {
    /// Required fields, comma-separated, each optionally with a minimum level:
    /// water:0.7,ai (default level 0.5).
    #[arg(long, value_delimiter = ',', value_name = "F[:LEVEL],…", conflicts_with_all = ["call", "calls"], required_unless_present_any = ["call", "calls", "problem"])]
    pub fields: Vec<String>,
    /// Team size: N or MIN-MAX.
    #[arg(long, default_value = "3-5", value_name = "N|MIN-MAX")]
    pub size: String,
    /// At least N distinct universities in the team.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub min_universities: usize,
    /// At least N distinct regions (north, central, south, international) in the team.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_regions: usize,
    /// At most N members from any one university (no limit by default).
    #[arg(long, value_name = "N")]
    pub max_per_university: Option<usize>,
    /// Researcher ids that must be in the team (e.g. the principal investigator); repeats
    /// count once; an id may not also be in --exclude.
    #[arg(long, value_delimiter = ',', value_name = "ID,…")]
    pub include: Vec<String>,
    /// Researcher ids that must not be in the team (conflicts).
    #[arg(long, value_delimiter = ',', value_name = "ID,…")]
    pub exclude: Vec<String>,
    /// At least one member (or N) with this title or higher, e.g. associate_professor:1;
    /// titles from low to high: other, master, doctor, associate_professor, professor. May be
    /// repeated.
    #[arg(long, value_name = "TITLE[:N]")]
    pub min_title: Vec<String>,
    /// Weight of the soft preference for members with spare capacity (max_teams); the score
    /// is divided by the sum of all weights when that sum exceeds 1, so it stays in [0, 1].
    #[arg(long, default_value_t = 0.0, value_name = "W")]
    pub prefer_capacity: f64,
    /// Weight of the soft preference for senior members (h-index).
    #[arg(long, default_value_t = 0.0, value_name = "W")]
    pub prefer_seniority: f64,
    /// Fields for which the team needs access to a lab: a lab serving the field that every
    /// member's university may use (internal labs only at home, consortium labs between
    /// members, public labs for anyone).
    #[arg(long, value_delimiter = ',', value_name = "F,…")]
    pub lab_fields: Vec<String>,
    /// A problem statement (or a file holding one): without --fields the call's fields and
    /// levels are read from it (and shown); members whose topic terms match it are preferred
    /// (--prefer-topic).
    #[arg(long, value_name = "TEXT|FILE", conflicts_with_all = ["call", "calls"])]
    pub problem: Option<String>,
    /// Where the problem is (a province such as "Lào Cai", or a region): universities nearer
    /// to it are preferred (--prefer-near; same city 1, same region 0.6, another 0.2).
    #[arg(long, value_name = "PROVINCE", requires = "problem")]
    pub province: Option<String>,
    /// Weight of the problem's topic match (soft; default 0.3 with --problem).
    #[arg(long, value_name = "W", requires = "problem")]
    pub prefer_topic: Option<f64>,
    /// Weight of nearness to the province (soft; default 0.1 with --province).
    #[arg(long, value_name = "W", requires = "province")]
    pub prefer_near: Option<f64>,
    /// The call's id, shown in the output.
    #[arg(long, default_value = "call", value_name = "ID")]
    pub id: String,
    /// The call's title, shown in the output.
    #[arg(long, default_value = "", value_name = "TEXT")]
    pub title: String,
    /// One call in a TOML file (the format is at the end of this help).
    #[arg(long, value_name = "FILE", conflicts_with = "calls")]
    pub call: Option<PathBuf>,
    /// Many calls: TOML ([[call]] tables) or CSV (.csv); one team each, capacity shared.
    #[arg(long, value_name = "FILE")]
    pub calls: Option<PathBuf>,
    /// How many distinct teams to propose for one call, best first (no two share more than
    /// half their members).
    #[arg(long, default_value_t = 3, value_name = "K")]
    pub top: usize,
    /// Which solver answers: the exact branch and bound, the heuristic, or (auto) exact when
    /// the search space is small.
    #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
    pub solver: SolverArg,
    /// Batch: the largest share of all seats one university may take, in (0, 1].
    #[arg(long, default_value_t = 0.5, value_name = "SHARE")]
    pub max_university_share: f64,
    /// Scoring profile (TOML) with the [teams] weights; `hoptac profile` prints the defaults.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Output: an aligned table, CSV, JSON or Markdown.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SolverArg {
    /// Exact when the search space is small, heuristic otherwise.
    Auto,
    Exact,
    Heuristic,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ModeArg {
    /// Existing co-authorship raises the score (deepen collaborations).
    Strengthen,
    /// Existing co-authorship lowers the score (find new partners).
    New,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum WithinArg {
    /// Labs in the same city.
    City,
    /// Labs in the same region (north, central, south).
    Region,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LangArg {
    /// Vietnamese.
    Vi,
    /// English.
    En,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum GraphFormatArg {
    /// GraphML (Gephi, Cytoscape, yEd, NetworkX).
    Graphml,
    /// GEXF 1.3 (Gephi).
    Gexf,
    /// Graphviz DOT.
    Dot,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SnapshotArg {
    Auto,
    Always,
    Off,
}

impl From<SnapshotArg> for snapshot::Mode {
    fn from(s: SnapshotArg) -> snapshot::Mode {
        match s {
            SnapshotArg::Auto => snapshot::Mode::Auto,
            SnapshotArg::Always => snapshot::Mode::Always,
            SnapshotArg::Off => snapshot::Mode::Off,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Table,
    Csv,
    Json,
    Md,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Md => Format::Markdown,
        }
    }
}

impl From<ModeArg> for Mode {
    fn from(m: ModeArg) -> Mode {
        match m {
            ModeArg::Strengthen => Mode::Strengthen,
            ModeArg::New => Mode::New,
        }
    }
}

impl From<SolverArg> for Option<Solver> {
    fn from(s: SolverArg) -> Option<Solver> {
        match s {
            SolverArg::Auto => None,
            SolverArg::Exact => Some(Solver::Exact),
            SolverArg::Heuristic => Some(Solver::Heuristic),
        }
    }
}

impl From<WithinArg> for Proximity {
    fn from(w: WithinArg) -> Proximity {
        match w {
            WithinArg::City => Proximity::City,
            WithinArg::Region => Proximity::Region,
        }
    }
}

impl From<LangArg> for report::Lang {
    fn from(l: LangArg) -> report::Lang {
        match l {
            LangArg::Vi => report::Lang::Vi,
            LangArg::En => report::Lang::En,
        }
    }
}

impl From<GraphFormatArg> for GraphFormat {
    fn from(f: GraphFormatArg) -> GraphFormat {
        match f {
            GraphFormatArg::Graphml => GraphFormat::GraphMl,
            GraphFormatArg::Gexf => GraphFormat::Gexf,
            GraphFormatArg::Dot => GraphFormat::Dot,
        }
    }
}

impl From<LevelArg> for evaluate::Level {
    fn from(l: LevelArg) -> evaluate::Level {
        match l {
            LevelArg::Researcher => evaluate::Level::Researcher,
            LevelArg::Institution => evaluate::Level::Institution,
        }
    }
}

impl From<ImportFormatArg> for import::Format {
    fn from(f: ImportFormatArg) -> import::Format {
        match f {
            ImportFormatArg::Scopus => import::Format::Scopus,
            ImportFormatArg::Wos => import::Format::Wos,
            ImportFormatArg::Openalex => import::Format::OpenAlex,
            ImportFormatArg::Compsoc => import::Format::Compsoc,
        }
    }
}

impl From<&ResolveArgs> for query::ResolveRequest {
    fn from(a: &ResolveArgs) -> Self {
        query::ResolveRequest {
            names: a.names.clone(),
            kind: if a.field {
                NameKind::Field
            } else {
                NameKind::University
            },
        }
    }
}

impl From<&RankArgs> for query::PartnersRequest {
    fn from(a: &RankArgs) -> Self {
        query::PartnersRequest {
            field: a.field.clone(),
            university: a.university.clone(),
            top: a.top,
            mode: a.mode.into(),
        }
    }
}

impl From<&LeadersArgs> for query::LeadersRequest {
    fn from(a: &LeadersArgs) -> Self {
        query::LeadersRequest {
            field: a.field.clone(),
            top: a.top,
        }
    }
}

impl From<&PairsArgs> for query::PairsRequest {
    fn from(a: &PairsArgs) -> Self {
        query::PairsRequest {
            field: a.field.clone(),
            university: a.university.clone(),
            top: a.top,
            max_per_researcher: a.max_per_researcher,
        }
    }
}

impl From<&LabsArgs> for query::LabsRequest {
    fn from(a: &LabsArgs) -> Self {
        query::LabsRequest {
            field: a.field.clone(),
            university: a.university.clone(),
            top: a.top,
        }
    }
}

impl From<&ExportArgs> for query::ExportRequest {
    fn from(a: &ExportArgs) -> Self {
        query::ExportRequest {
            format: a.format.into(),
            field: a.field.clone(),
        }
    }
}

impl From<&GenerateArgs> for query::GenerateRequest {
    fn from(a: &GenerateArgs) -> Self {
        query::GenerateRequest {
            gen: GenConfig {
                universities: a.universities,
                researchers_per_university: a.researchers_per_university,
                seed: a.seed,
                coauthorships_per_researcher: a.coauthorships_per_researcher,
            },
            out: a.out.clone(),
            overwrite: a.force,
            terms: a.terms,
        }
    }
}

impl From<&ImportArgs> for query::ImportRequest {
    fn from(a: &ImportArgs) -> Self {
        query::ImportRequest {
            import: import::ImportConfig {
                format: a.format.into(),
                inputs: a.files.clone(),
                until: a.until,
                keywords: a.keywords.clone(),
                skip_bad: a.skip_bad,
                max_authors: a.max_authors,
            },
            out: a.out.clone(),
            overwrite: a.force,
            held_out: a.held_out.clone(),
        }
    }
}

impl From<&EvaluateArgs> for query::EvaluateRequest {
    fn from(a: &EvaluateArgs) -> Self {
        query::EvaluateRequest {
            eval: evaluate::EvalConfig {
                split_year: a.split_year,
                k: a.k,
                level: a.level.into(),
                max_queries: a.max_queries,
                seed: a.seed,
            },
            options: evaluate::EvalOptions {
                random_seeds: a.random_seeds,
                cross_institution: !a.no_cross_institution,
                decay_half_life_years: a.decay_half_life,
                fit: (a.fit || a.fit_out.is_some()).then(|| evaluate::fit::FitOptions {
                    years: a.fit_years,
                    max_queries: a.fit_queries,
                    folds: a.fit_folds,
                    ..evaluate::fit::FitOptions::default()
                }),
            },
            train: a.train.clone(),
            fit_out: a.fit_out.clone(),
            inputs: a.profile.iter().cloned().collect(),
        }
    }
}

impl ReportArgs {
    pub fn options(&self) -> Result<report::Options, Error> {
        Ok(report::Options {
            formats: report::Formats::parse(&self.format).map_err(Error::Usage)?,
            lang: self.lang.into(),
            limits: query::Limits::default(),
            synthetic: false,
            tasks: match &self.tasks {
                Some(f) => Some(query::CallInput::read_file(f, true)?),
                None => None,
            },
        })
    }
}

impl TeamsArgs {
    /// The request: the call from `--call`, `--calls` or the flags.
    pub fn request(&self) -> Result<query::TeamsRequest, Error> {
        let calls = match (&self.call, &self.calls) {
            (Some(f), _) => query::CallInput::read_file(f, false)?,
            (_, Some(f)) => query::CallInput::read_file(f, true)?,
            _ => query::CallInput::One(Box::new(self.call_spec()?)),
        };
        Ok(query::TeamsRequest {
            calls,
            top: self.top,
            solver: self.solver.into(),
            max_university_share: self.max_university_share,
        })
    }

    /// The call the flags describe (names are resolved by the query).
    fn call_spec(&self) -> Result<CallSpec, Error> {
        let mut fields = Vec::new();
        for item in self
            .fields
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            fields.push(calls::field_spec(item).map_err(|()| {
                Error::Usage(format!(
                    "--fields {item:?}: expected FIELD or FIELD:LEVEL, e.g. water:0.7"
                ))
            })?);
        }
        let mut rules = Vec::new();
        for t in &self.min_title {
            rules.push(calls::rule_spec(t).map_err(|()| {
                Error::Usage(format!("--min-title {t:?}: expected TITLE or TITLE:N"))
            })?);
        }
        Ok(CallSpec {
            id: self.id.clone(),
            title: self.title.clone(),
            fields,
            min_level: None,
            size: Some(SizeSpec::Text(self.size.clone())),
            min_universities: Some(self.min_universities),
            min_regions: Some(self.min_regions),
            max_per_university: self.max_per_university,
            include: self.include.clone(),
            exclude: self.exclude.clone(),
            rules,
            preferences: PreferenceSpec {
                capacity: self.prefer_capacity,
                seniority: self.prefer_seniority,
                topic: self.prefer_topic,
                near: self.prefer_near,
            },
            lab_fields: self.lab_fields.clone(),
            problem: match &self.problem {
                // A path to a readable file is read; anything else is the text itself.
                Some(p) if std::path::Path::new(p).is_file() => Some(
                    std::fs::read_to_string(p)
                        .map_err(|e| Error::Usage(format!("--problem {p}: cannot read: {e}")))?
                        .trim()
                        .to_string(),
                ),
                Some(p) => Some(p.clone()),
                None => None,
            },
            province: self.province.clone(),
        })
    }
}
