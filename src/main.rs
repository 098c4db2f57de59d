use std::process::ExitCode;

fn main() -> ExitCode {
    rfx::run_cli()
}
