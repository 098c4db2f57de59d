use std::process::ExitCode;

/// mimalloc: rfx allocates many small, short-lived strings and vectors while it lays
/// out and writes documents; glibc's allocator spent about a seventh of a pack build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    rfx::run_cli()
}
