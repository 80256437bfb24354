//! HTTP tests of the stub: reqwest against `Stub::start` (wiremock, in-process) and `serve`
//! (hyper, standalone), and the core driven directly for the modes. One test binary, one module
//! per area of the stub's behaviour.

mod account;
mod action;
mod admin;
mod auth;
mod bad_input;
mod common;
mod derived;
mod examples;
mod exchanges;
mod huawei;
mod mutations;
mod orders;
mod probes;
mod scheme_kinds;
mod sixth;
mod standalone;
mod variations;
mod wire;
