/// mimalloc: the analysis allocates many small, short-lived vectors and strings per
/// sentence, and glibc's allocator spent about 8% of a profile of it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    newsdesk::cli::main()
}
