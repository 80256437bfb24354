//! Test support shared by the workspace's tests, never a dependency of shipped code:
//! headless Chromium for the HTML pages ([`browser`]) and a suite with a sixth operation that
//! lives only in test data ([`sixth`]), and a second fictional vendor's ([`seventh`]).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod browser;
pub mod seventh;
pub mod sixth;

pub use browser::{CHROMIUM_TIMEOUT, chromium_or_skip, headless, screenshot};
