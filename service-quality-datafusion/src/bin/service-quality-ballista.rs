//! A Ballista scheduler or executor with the service-quality functions registered.
//!
//! ```text
//! service-quality-ballista scheduler --port 50050
//! service-quality-ballista executor --port 50051 --grpc-port 50052 --scheduler-port 50050
//! ```
//!
//! Add `--form PREFIX=FORM.json` (repeatable) to register a run-time form's functions too, and
//! `--host HOST` to bind another address than 127.0.0.1. Every node of a cluster must register
//! the same functions.

use service_quality_datafusion::cluster::Node;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let node = match Node::from_args(std::env::args().skip(1)) {
        Ok(node) => node,
        Err(e) => {
            eprintln!("service-quality-ballista: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    match node.run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("service-quality-ballista: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
