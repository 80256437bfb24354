//! The signing crate's integration tests, one binary: the known-answer vectors and verification.

mod known_answers;
mod verify;
