//! The `hoptac` binary: parses the command line (see `cli.rs`) and hands over to the library.

mod cli;

fn main() {
    let code = cli::run(std::env::args_os());
    std::process::exit(code);
}
