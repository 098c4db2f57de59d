use std::process::ExitCode;

fn main() -> ExitCode {
    rfx::cli::main()
}
