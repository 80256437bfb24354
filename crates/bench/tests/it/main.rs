//! The benchmark's integration tests, one binary: the command line and the driver.

mod cli;
mod driver;
